"""Each kind's attrs have one typed struct: the store checks against it, metrics decode with it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from collectors.sources import kind_named, registered_sources


def test_every_kind_a_source_writes_has_a_struct_and_sources_agree_on_shared_kinds() -> None:
    github, jira = (set(kind.name for kind in source.kinds) for source in registered_sources()[:2])
    assert github & jira == {"retro_note", "retro_item", "retro_action"}
    assert kind_named("retro_note").attrs is next(
        kind.attrs for kind in registered_sources()[1].kinds if kind.name == "retro_note"
    )
    with pytest.raises(ValueError, match="unknown kind 'reveiw'"):
        kind_named("reveiw")


def test_decoding_gives_only_the_fields_asked_for_typed_and_missing_as_none() -> None:
    rows = [
        {"number": 7, "merged_at": "2025-03-01T10:00:00+00:00", "paths": ["a.py"], "draft": False},
        {"number": 8},
        None,  # an event stored without attrs
    ]
    values = pd.Series([json.dumps(row) if row else None for row in rows], index=[10, 11, 12])
    frame = kind_named("pull_request").decode(values, ["merged_at", "paths", "draft", "title"])
    assert list(frame.columns) == ["merged_at", "paths", "draft", "title"]
    assert frame.loc[10, "merged_at"] == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert frame["merged_at"].iloc[1:].isna().all()
    assert frame.loc[10, "paths"] == ["a.py"] and frame.loc[11, "paths"] is None
    assert frame["title"].isna().all()  # no row has one: an all-missing column


def test_a_field_the_kind_does_not_declare_cannot_be_read_or_written() -> None:
    with pytest.raises(KeyError, match="ReviewAttrs has no field 'stat'"):
        kind_named("review").decode(pd.Series(['{"state": "APPROVED"}']), ["stat"])
    with pytest.raises(ValueError, match="unknown field `frm`"):
        kind_named("jira_status_change").check({"key": "PAY-1", "frm": "Open"})
    kind_named("jira_status_change").check({"key": "PAY-1", "from": "Open", "to": "Blocked"})


def test_a_retro_note_keeps_the_attrs_of_either_sources_issue() -> None:
    note = kind_named("retro_note")
    note.check({"number": 4, "title": "Retro", "state": "OPEN", "labels": ["retro"]})  # GitHub
    note.check({"key": "PAY-9", "summary": "Retro", "status": "Done", "labels": ["retro"]})  # Jira
