"""Version 8: a version 7 store gains the indexes one person's pages read then (events by actor and by
target, then time; a team's openings in ``acts``; a team's blocked stays), keeps its stored rows and its
compute state (nothing to recompute), on SQLite and PostgreSQL. (Version 16 drops them again: a store
created since has none of them.)"""

from __future__ import annotations

import pytest

from collectors.config import Config
from collectors.events import Event
from collectors.store import open_store
from collectors.store.migrations import V8_INDEXES
from metrics.stored.compute import compute_store, stale_reason

from ..stored.helpers import assert_stored_equals_compute
from .migration_helpers import index_names, migrate_upto, set_version, stored_version


def test_a_version_7_store_gains_the_person_indexes_and_keeps_its_stored_rows(
    store_url: str, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    tables = {table for table, _ in V8_INDEXES.values()}
    for table in tables:  # a new store has none of them (version 16 dropped them)
        assert not index_names(store.engine, table) & set(V8_INDEXES), table
    store.write(demo_events[:600])
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 7 left it
        set_version(conn, 7)
    store.dispose()
    migrate_upto(monkeypatch, 8)  # versions 12 and 13 clear the compute state (their own tests)
    store = open_store(store_url)
    try:
        for name, (table, _) in V8_INDEXES.items():
            assert name in index_names(store.engine, table), name
        assert stored_version(store.engine) == 8
        assert stale_reason(store, demo_config) is None  # the compute state is kept: nothing to redo
        assert compute_store(store, demo_config).mode != "full"
        assert_stored_equals_compute(store, demo_config)
    finally:
        store.dispose()
