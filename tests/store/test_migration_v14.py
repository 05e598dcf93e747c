"""Version 14: a version 13 store gains ``feedback_acts`` (each feedback act and its kind, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the feedback acts of every stored event, and the incremental computes after it keep it so
(SQLite and PostgreSQL)."""

from __future__ import annotations

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import feedback_acts
from metrics.stored.feedback_acts import every_act

from .migration_helpers import assert_gains_computed_table


def _filled(store: Store) -> None:
    with store.engine.connect() as conn:
        filled = every_act(conn)
    assert len(filled) and filled["kind"].nunique() > 1, "the demo's reviewers give feedback of kinds"


def test_a_version_13_store_gains_feedback_acts_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    assert_gains_computed_table(
        store_url, demo_config, feedback_acts, 14, demo_events[:3000], demo_events[3000:3600], _filled
    )
