"""Version 12: a version 11 store gains ``retro_mentions`` (each retrospective's mentions of items, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the mentions of every stored retro, and the incremental computes after it keep it so (SQLite
and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import SCHEMA_VERSION, open_store
from collectors.store.derived_schema import retro_mentions
from metrics.opportunities.recurring import RETRO_KINDS
from metrics.stored.compute import compute_store, stale_reason

from ..stored.helpers import assert_retro_mentions_equal, assert_stored_equals_compute
from .migration_helpers import index_names, set_version, stored_version


def _mentioning(events: list[Event]) -> list[Event]:
    """``events`` with every retro's text mentioning the first Jira issue (the demo's retros mention
    none), so the table has rows to compare."""
    issue = next(e.item for e in events if e.kind == "jira_issue")
    return [replace(e, text=f"{e.text or ''} see {issue}") if e.kind in RETRO_KINDS else e for e in events]


def test_a_version_11_store_gains_retro_mentions_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(retro_mentions.name)  # a new store has it at once
    events = _mentioning(list(demo_events[:2000]))
    assert any(e.kind in RETRO_KINDS for e in events)
    store.write(events)
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 11 left it
        retro_mentions.drop(conn)
        set_version(conn, 11)
    assert stale_reason(store, demo_config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        declared = {index.name for index in retro_mentions.indexes}
        assert declared <= index_names(store.engine, retro_mentions.name)
        assert stored_version(store.engine) == SCHEMA_VERSION >= 12
        assert stale_reason(store, demo_config) == "nothing computed yet"  # its rows need the compute
        assert compute_store(store, demo_config).mode == "full"
        assert assert_retro_mentions_equal(store) > 0
        store.write(list(demo_events[2000:2600]))
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
