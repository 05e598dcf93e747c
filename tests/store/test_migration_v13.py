"""Version 13: a version 12 store gains ``waiting_spans`` (when each waiting opportunity holds, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the spans of every stored event, and the incremental computes after it keep it so (SQLite
and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import SCHEMA_VERSION, open_store
from collectors.store.derived_schema import waiting_spans
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.waiting_spans import every_span

from ..stored.helpers import assert_stored_equals_compute
from .migration_helpers import index_names, set_version, stored_version


def test_a_version_12_store_gains_waiting_spans_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(waiting_spans.name)  # a new store has it at once
    store.write(list(demo_events[:2000]))
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 12 left it
        waiting_spans.drop(conn)
        set_version(conn, 12)
    assert stale_reason(store, demo_config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        declared = {index.name for index in waiting_spans.indexes}
        assert declared <= index_names(store.engine, waiting_spans.name)
        assert stored_version(store.engine) == SCHEMA_VERSION >= 13
        assert stale_reason(store, demo_config) == "nothing computed yet"  # its rows need the compute
        assert compute_store(store, demo_config).mode == "full"
        with store.engine.connect() as conn:
            assert set(every_span(conn)["kind"]) == {"waiting_review", "unanswered_question", "stuck_blocked"}
        assert_stored_equals_compute(store, demo_config)
        store.write(list(demo_events[2000:2600]))
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
