"""Version 10: a version 9 store gains ``item_footprints`` (the Overview's acts and items per person,
item and month) filled from its stored evidence, keeps its compute state, and its incremental compute
keeps the table equal to a full one, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from collectors.base import Page
from collectors.config import Config
from collectors.events import Event
from collectors.store import open_store
from collectors.store.derived_schema import item_footprints
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.read import stored_evidence
from metrics.textcache import keep_classes_current

from ..stored.helpers import assert_item_footprints_equal, assert_stored_equals_compute
from .migration_helpers import index_names, migrate_upto, set_version, stored_version


def _rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(item_footprints)).scalar_one())


def test_a_version_9_store_gains_item_footprints_filled_from_its_evidence(
    store_url: str, demo_events: list[Event], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(item_footprints.name)  # a new store has it at once
    store.write(demo_events[:600])
    assert compute_store(store, demo_config).mode == "full"
    computed = _rows(store.engine)
    assert computed > 0
    with store.engine.begin() as conn:  # the store as version 9 left it
        item_footprints.drop(conn)
        set_version(conn, 9)
    store.dispose()
    migrate_upto(monkeypatch, 10)  # versions 12 and 13 clear the compute state (their own tests)
    store = open_store(store_url)
    try:
        declared = {index.name for index in item_footprints.indexes}
        assert declared <= index_names(store.engine, item_footprints.name)
        assert stored_version(store.engine) == 10
        assert _rows(store.engine) == computed  # filled in SQL from the evidence, as the compute wrote it
        assert_item_footprints_equal(store, stored_evidence(store))
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        edited = [replace(e, text=f"{e.text} (edited)") for e in demo_events[:600] if e.text][:40]
        keep_classes_current(store, Page(edited[0].source, edited, ()))  # as a sync writes
        store.write(edited + list(demo_events[600:700]))
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
