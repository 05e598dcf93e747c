"""Version 9: a version 8 store gains ``ix_act_counts_match`` (what an incremental compute finds the
touched ``act_counts`` groups by), keeps its stored rows and its compute state, and its incremental
compute still equals a full one, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from collectors.base import Page
from collectors.config import Config
from collectors.events import Event
from collectors.store import open_store
from metrics.stored.compute import compute_store, stale_reason
from metrics.textcache import keep_classes_current

from ..stored.helpers import assert_stored_equals_compute
from .migration_helpers import index_names, migrate_upto, set_version, stored_version

INDEX = "ix_act_counts_match"


def test_a_version_8_store_gains_the_act_count_match_index_and_keeps_its_stored_rows(
    store_url: str, demo_events: list[Event], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    assert INDEX in index_names(store.engine, "act_counts")  # a new store has it at once
    store.write(demo_events[:600])
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 8 left it
        conn.execute(sa.text(f"DROP INDEX {INDEX}"))
        set_version(conn, 8)
    store.dispose()
    migrate_upto(monkeypatch, 9)  # versions 12 and 13 clear the compute state (their own tests)
    store = open_store(store_url)
    try:
        assert INDEX in index_names(store.engine, "act_counts")
        assert stored_version(store.engine) == 9
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        edited = [replace(e, text=f"{e.text} (edited)") for e in demo_events[:600] if e.text][:40]
        keep_classes_current(store, Page(edited[0].source, edited, ()))  # as a sync writes
        store.write(edited)
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
