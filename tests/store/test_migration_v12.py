"""Version 12: a version 11 store gains ``retro_mentions`` (each retrospective's mentions of items, with its
indexes) and loses its compute state, so the next compute rebuilds everything and fills the table, which
then equals the mentions of every stored retro, and the incremental computes after it keep it so (SQLite
and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import retro_mentions
from metrics.opportunities.recurring import RETRO_KINDS

from ..stored.helpers import assert_retro_mentions_equal
from .migration_helpers import assert_gains_computed_table


def _mentioning(events: list[Event]) -> list[Event]:
    """``events`` with every retro's text mentioning the first Jira issue (the demo's retros mention
    none), so the table has rows to compare."""
    issue = next(e.item for e in events if e.kind == "jira_issue")
    return [replace(e, text=f"{e.text or ''} see {issue}") if e.kind in RETRO_KINDS else e for e in events]


def _filled(store: Store) -> None:
    assert assert_retro_mentions_equal(store) > 0


def test_a_version_11_store_gains_retro_mentions_and_the_next_compute_fills_them(
    store_url: str, demo_events: list[Event], demo_config: Config
) -> None:
    events = _mentioning(list(demo_events[:2000]))
    assert any(e.kind in RETRO_KINDS for e in events)
    assert_gains_computed_table(
        store_url, demo_config, retro_mentions, 12, events, demo_events[2000:2600], _filled
    )
