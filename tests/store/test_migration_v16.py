"""Version 16: a version 15 store gains the indexes by a window's end and time
(``ix_waiting_spans_team_holds_through``, ``ix_acts_actor_created_at``,
``ix_acts_target_kind_created_at``), loses the acts' indexes by actor and target alone and version 8's
(no read uses them), keeps its stored
rows and its compute state, and reads the same waiting work and packet acts, on SQLite and PostgreSQL.
(Which index a read takes is the planner's choice, by its statistics; ``benchmarks/RESULTS.md`` has
PostgreSQL's plans at 5,000,000 events.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store, open_store
from collectors.store.migrations import V8_INDEXES, V16_DROPPED, V16_INDEXES
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.packet_slice import person_acts
from metrics.stored.person_slice import identities_by_person
from metrics.stored.waiting_spans import every_span, team_holding

from .migration_helpers import index_names, migrate_upto, set_version, stored_version

ENDS = [datetime(2026, month, 1, tzinfo=UTC) for month in (3, 6, 9, 11)]
#: The indexes a version 15 store has that version 16 drops: the acts' by actor and by target, and
#: version 8's.
V15_INDEXES = {
    "ix_acts_actor": "acts (actor)",
    "ix_acts_target_actor": "acts (target, actor)",
    **{name: f"{table} ({columns})" for name, (table, columns) in V8_INDEXES.items()},
}
TABLES = ("acts", "events", "blocked_stays")


def _indexes(store: Store) -> set[str]:
    return set().union(*(index_names(store.engine, table) for table in TABLES))


def _reads(store: Store, config: Config) -> dict[str, pd.DataFrame]:
    """What the new indexes serve: each team's spans holding at each end, each person's packet acts."""
    found = {}
    with store.engine.connect() as conn:
        for team in sorted(every_span(conn)["team"].dropna().unique()):
            for end in ENDS:
                rows = team_holding(conn, team, end)
                found[f"{team} {end:%Y-%m}"] = rows.sort_values(
                    ["item", "kind", "holds_from"], ignore_index=True
                )
        for person, raws in sorted(identities_by_person(store, config).items()):
            found[person] = person_acts(conn, raws, ENDS[0], ENDS[-1])
    return found


def test_a_version_15_store_gains_the_window_indexes_and_keeps_its_state(
    store_url: str, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    for table, names in V16_INDEXES.items():  # a new store has them at once, and not the old ones
        assert index_names(store.engine, table) >= set(names), table
    assert set(V16_DROPPED) == set(V15_INDEXES)
    assert not _indexes(store) & set(V16_DROPPED)
    store.write(demo_events)
    assert compute_store(store, demo_config).mode == "full"
    before = _reads(store, demo_config)
    assert sum(len(rows) for key, rows in before.items() if " " in key) > 0, "waiting work held"
    assert sum(len(rows) for key, rows in before.items() if " " not in key) > 0, "acts in the window"
    with store.engine.begin() as conn:  # the store as version 15 left it
        for name in sorted(name for names in V16_INDEXES.values() for name in names):
            conn.execute(sa.text(f"DROP INDEX {name}"))
        for name, on in V15_INDEXES.items():
            conn.execute(sa.text(f"CREATE INDEX {name} ON {on}"))
        set_version(conn, 15)
    store.dispose()
    migrate_upto(monkeypatch, 16)
    store = open_store(store_url)
    try:
        for table, names in V16_INDEXES.items():
            assert index_names(store.engine, table) >= set(names), table
        assert not _indexes(store) & set(V15_INDEXES)
        assert stored_version(store.engine) == 16
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        after = _reads(store, demo_config)
        assert after.keys() == before.keys()
        for key, rows in before.items():
            pd.testing.assert_frame_equal(after[key], rows, obj=key)
    finally:
        store.dispose()
