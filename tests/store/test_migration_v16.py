"""Version 16: a version 15 store gains ``ix_waiting_spans_team_holds_through`` (a team's spans that
last until a window's end), keeps its stored rows and its compute state, and reads the same waiting
work, on SQLite and PostgreSQL. (Which index a read takes is the planner's choice, by its statistics:
PostgreSQL takes this one for an end near the last span, ``benchmarks/RESULTS.md`` has the plans.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import open_store
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.waiting_spans import every_span, team_holding

from .migration_helpers import index_names, migrate_upto, set_version, stored_version

INDEX = "ix_waiting_spans_team_holds_through"
ENDS = [datetime(2026, month, 1, tzinfo=UTC) for month in (3, 6, 9, 11)]


def _holding(store, teams: list[str]) -> dict[tuple[str, datetime], pd.DataFrame]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {
            (team, end): team_holding(conn, team, end).sort_values(
                ["item", "kind", "holds_from"], ignore_index=True
            )
            for team in teams
            for end in ENDS
        }


def test_a_version_15_store_gains_the_span_end_index_and_keeps_its_state(
    store_url: str, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    assert INDEX in index_names(store.engine, "waiting_spans")  # a new store has it at once
    store.write(demo_events)
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.connect() as conn:
        teams = sorted(every_span(conn)["team"].dropna().unique())
    assert teams, "the demo has waiting work"
    before = _holding(store, teams)
    assert sum(len(rows) for rows in before.values()) > 0
    with store.engine.begin() as conn:  # the store as version 15 left it
        conn.execute(sa.text(f"DROP INDEX {INDEX}"))
        set_version(conn, 15)
    store.dispose()
    migrate_upto(monkeypatch, 16)
    store = open_store(store_url)
    try:
        assert INDEX in index_names(store.engine, "waiting_spans")
        assert stored_version(store.engine) == 16
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        after = _holding(store, teams)
        for key, rows in before.items():
            pd.testing.assert_frame_equal(after[key], rows, obj=str(key))
    finally:
        store.dispose()
