"""Version 15: a version 14 store gains ``issue_labels`` (each label of each issue and the team owning it,
with its indexes) and loses its compute state, so the next compute rebuilds everything and fills the
table, which then equals the issue labels of every stored event, and the incremental computes after it
keep it so (SQLite and PostgreSQL)."""

from __future__ import annotations

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import issue_labels
from metrics.stored.issue_labels import every_label

from .migration_helpers import assert_gains_computed_table


def _filled(store: Store) -> None:
    with store.engine.connect() as conn:
        filled = every_label(conn)
    assert filled["team"].notna().any() and filled["label"].nunique() > 1, "the demo labels its issues"


def test_a_version_14_store_gains_issue_labels_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    assert_gains_computed_table(
        store_url, demo_config, issue_labels, 15, demo_events[:3000], demo_events[3000:3600], _filled
    )
