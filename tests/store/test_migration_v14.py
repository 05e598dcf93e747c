"""Version 14: a version 13 store gains ``feedback_acts`` (each feedback act and its kind, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the feedback acts of every stored event, and the incremental computes after it keep it so
(SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import SCHEMA_VERSION, open_store
from collectors.store.derived_schema import feedback_acts
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.feedback_acts import every_act

from ..stored.helpers import assert_stored_equals_compute
from .migration_helpers import index_names, set_version, stored_version


def test_a_version_13_store_gains_feedback_acts_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(feedback_acts.name)  # a new store has it at once
    store.write(list(demo_events[:3000]))
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 13 left it
        feedback_acts.drop(conn)
        set_version(conn, 13)
    assert stale_reason(store, demo_config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        declared = {index.name for index in feedback_acts.indexes}
        assert declared <= index_names(store.engine, feedback_acts.name)
        assert stored_version(store.engine) == SCHEMA_VERSION >= 14
        assert stale_reason(store, demo_config) == "nothing computed yet"  # its rows need the compute
        assert compute_store(store, demo_config).mode == "full"
        with store.engine.connect() as conn:
            filled = every_act(conn)
        assert len(filled) and filled["kind"].nunique() > 1, "the demo's reviewers give feedback of kinds"
        assert_stored_equals_compute(store, demo_config)
        store.write(list(demo_events[3000:3600]))
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
