"""Version 17: a version 16 store gains the first responses' index by the act that gave them
(``ix_first_responses_response_event_id``), keeps its stored rows and its compute state, and reads the
same first responses a person gave, which are exactly those their acts gave (on PostgreSQL through one
array of the acts, on SQLite through ``IN``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import derived_schema as ds
from collectors.store import open_store
from collectors.store.migrations import V17_INDEX
from metrics.stored.compute import compute_store, stale_reason
from metrics.stored.packet_slice import responses_given
from metrics.stored.person_slice import identities_by_person
from metrics.stored.team_tables import read_rows

from .migration_helpers import index_names, migrate_upto, set_version, stored_version

WINDOWS = [(datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),
           (datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))]  # fmt: skip


def _given(store, config: Config) -> dict[str, pd.DataFrame]:  # type: ignore[no-untyped-def]
    """Each person's first responses given in each window, checked against every stored first response
    their acts gave."""
    found = {}
    with store.engine.connect() as conn:
        every, acts = read_rows(conn, ds.first_responses), read_rows(conn, ds.acts)
        for person, raws in sorted(identities_by_person(store, config).items()):
            for since, until in WINDOWS:
                got = responses_given(conn, raws, since, until)
                made = acts[
                    acts["actor"].isin(raws) & (acts["created_at"] >= since) & (acts["created_at"] < until)
                ]
                answered = every[(every["responded_at"] >= since) & (every["responded_at"] < until)]
                want = answered[answered["response_event_id"].isin(set(made["event_id"]))]
                key = ["item", "response_event_id"]
                pd.testing.assert_frame_equal(
                    got.sort_values(key, ignore_index=True), want.sort_values(key, ignore_index=True)
                )
                found[f"{person} {since:%Y-%m}"] = got
    return found


def test_a_version_16_store_gains_the_index_and_keeps_its_state(
    store_url: str, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    assert V17_INDEX in index_names(store.engine, "first_responses")  # a new store has it at once
    store.write(demo_events)
    assert compute_store(store, demo_config).mode == "full"
    before = _given(store, demo_config)
    assert sum(len(rows) for rows in before.values()) > 50, "first responses given"
    with store.engine.begin() as conn:  # the store as version 16 left it
        conn.execute(sa.text(f"DROP INDEX {V17_INDEX}"))
        set_version(conn, 16)
    store.dispose()
    migrate_upto(monkeypatch, 17)
    store = open_store(store_url)
    try:
        assert V17_INDEX in index_names(store.engine, "first_responses")
        assert stored_version(store.engine) == 17
        assert stale_reason(store, demo_config) is None  # nothing to recompute
        after = _given(store, demo_config)
        assert after.keys() == before.keys()
        for key, rows in before.items():
            pd.testing.assert_frame_equal(after[key], rows, obj=key)
    finally:
        store.dispose()
