"""Version 13: a version 12 store gains ``waiting_spans`` (when each waiting opportunity holds, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the spans of every stored event, and the incremental computes after it keep it so (SQLite
and PostgreSQL)."""

from __future__ import annotations

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import waiting_spans
from metrics.stored.waiting_spans import every_span

from .migration_helpers import assert_gains_computed_table


def _filled(store: Store) -> None:
    with store.engine.connect() as conn:
        assert set(every_span(conn)["kind"]) == {"waiting_review", "unanswered_question", "stuck_blocked"}


def test_a_version_12_store_gains_waiting_spans_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    assert_gains_computed_table(
        store_url, demo_config, waiting_spans, 13, demo_events[:2000], demo_events[2000:2600], _filled
    )
