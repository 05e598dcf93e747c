"""Version 15: a version 14 store gains ``issue_labels`` (each label of each issue and the team owning it,
with its indexes) and loses its compute state, so the next compute rebuilds everything and fills the
table, which then equals the issue labels of every stored event, and the incremental computes after it
keep it so (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import SCHEMA_VERSION, open_store
from collectors.store.derived_schema import issue_labels
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.issue_labels import every_label

from ..stored.helpers import assert_stored_equals_compute
from .migration_helpers import index_names, set_version, stored_version


def test_a_version_14_store_gains_issue_labels_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(issue_labels.name)  # a new store has it at once
    store.write(list(demo_events[:3000]))
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 14 left it
        issue_labels.drop(conn)
        set_version(conn, 14)
    assert stale_reason(store, demo_config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        declared = {index.name for index in issue_labels.indexes}
        assert declared <= index_names(store.engine, issue_labels.name)
        assert stored_version(store.engine) == SCHEMA_VERSION >= 15
        assert stale_reason(store, demo_config) == "nothing computed yet"  # its rows need the compute
        assert compute_store(store, demo_config).mode == "full"
        with store.engine.connect() as conn:
            filled = every_label(conn)
        assert filled["team"].notna().any() and filled["label"].nunique() > 1, "the demo labels its issues"
        assert_stored_equals_compute(store, demo_config)
        store.write(list(demo_events[3000:3600]))
        result = compute_store(store, demo_config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    finally:
        store.dispose()
