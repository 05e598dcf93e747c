"""Version 11: a version 10 store gains ``ix_events_source_created_at``, keeps its compute state, and
Data health's per-source figures (``Store.sources``) read that index instead of every event."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import open_store
from metrics.stored.compute import compute_store, stale_reason

from .migration_helpers import index_names, migrate_upto, set_version, stored_version

INDEX = "ix_events_source_created_at"


def test_a_version_10_store_gains_the_source_index_and_keeps_its_state(
    store_url: str, demo_events: list[Event], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    assert INDEX in index_names(store.engine, "events")  # a new store has it at once
    store.write(demo_events[:600])
    assert compute_store(store, demo_config).mode == "full"
    before = store.sources()
    with store.engine.begin() as conn:  # the store as version 10 left it
        conn.execute(sa.text(f"DROP INDEX {INDEX}"))
        set_version(conn, 10)
    store.dispose()
    migrate_upto(monkeypatch, 11)  # versions 12 and 13 clear the compute state (their own tests)
    store = open_store(store_url)
    try:
        assert INDEX in index_names(store.engine, "events")
        assert stored_version(store.engine) == 11
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        pd.testing.assert_frame_equal(store.sources(), before)
        assert set(before["source"]) == {e.source for e in demo_events[:600]}
        assert before["events"].sum() == len({e.event_id for e in demo_events[:600]})
    finally:
        store.dispose()


def test_the_per_source_figures_read_the_index_alone_on_sqlite(tmp_path, demo_events: list[Event]) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'footprint.db'}")
    try:
        store.write(demo_events[:50])
        with store.engine.connect() as conn:
            plan = " ".join(
                str(row[-1])
                for row in conn.execute(
                    sa.text(
                        "EXPLAIN QUERY PLAN SELECT source, count(*), min(created_at), max(created_at) "
                        "FROM events GROUP BY source"
                    )
                )
            )
        assert f"COVERING INDEX {INDEX}" in plan, plan
    finally:
        store.dispose()
