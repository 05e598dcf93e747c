"""A full compute writes the evidence and the acts in the order a person's pages read them
(metrics/stored/read_order.py), and stores the same rows as before."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import acts, evidence
from metrics.stored import compute as stored_compute
from metrics.stored import read_order
from metrics.stored.compute import compute_store

from .helpers import assert_stored_equals_compute, assert_team_tables_equal_compute


def _physical(store: Store, table: sa.Table, columns: list[str], order: str = "") -> pd.DataFrame:
    """``columns`` of ``table``'s rows in the order they lie in the table (SQLite: the rowid;
    PostgreSQL: the tuple's page and slot), or in ``order``."""
    where = order or ("ctid" if store.engine.dialect.name == "postgresql" else "rowid")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {where}"))
        return pd.DataFrame(rows.all(), columns=columns)


def _assert_in_read_order(store: Store, table: sa.Table, by: list[str]) -> None:
    """The table's rows lie in the order of ``by``: exactly on SQLite (the rowid is assigned in insert
    order); on PostgreSQL each value of ``by[0]`` lies on about as few heap pages as its rows need."""
    lying = _physical(store, table, by)
    assert len(lying) > 1000 and lying[by[0]].nunique() > 5  # several people
    if store.engine.dialect.name != "postgresql":
        assert lying.equals(_physical(store, table, by, order=", ".join(by)))
        return
    # PostgreSQL appends to the page it is filling, but a row that no longer fits there goes to an
    # earlier page the free space map says has room, so a few rows lie out of order. What the pages read
    # costs is the pages: each person's rows need their own pages and share at most a page with the next
    # person; a quarter more allows for the rows placed out of order. Written item range by item range
    # (the demo at 1,500 events a range) the acts' people lie on 9 times as many pages, the evidence's 5.
    with store.engine.connect() as conn:
        pages = conn.execute(sa.text(f"SELECT {by[0]}, (ctid::text::point)[0] FROM {table.name}")).all()
    frame = pd.DataFrame(pages, columns=["who", "page"])
    per_person = frame.drop_duplicates().groupby("who", dropna=False).size()
    assert per_person.sum() <= 1.25 * frame["page"].nunique() + len(per_person)


def test_a_full_compute_writes_the_person_pages_tables_in_their_read_order(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(demo_events)
    # many item ranges, as at millions of events: without the ordering each range's rows of a person
    # would lie apart, among everyone's
    monkeypatch.setattr(stored_compute, "BATCH_EVENTS", 1500)
    result = compute_store(store, demo_config, full=True)
    monkeypatch.undo()
    assert result.mode == "full"
    _assert_in_read_order(store, evidence, ["person", "created_at"])
    _assert_in_read_order(store, acts, ["actor", "created_at"])
    # the same rows as a compute of everything, and nothing staged is left
    assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    assert assert_team_tables_equal_compute(store, demo_config)["acts"] == len(demo_events)
    with store.engine.connect() as conn:
        assert read_order.target(conn, evidence) == "evidence"
        stored = conn.execute(sa.select(sa.func.count()).select_from(evidence)).scalar_one()
        assert stored == result.evidence_rows


def test_an_incremental_compute_after_it_writes_to_the_tables_themselves(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events[:-200])
    compute_store(store, demo_config, full=True)
    store.write(demo_events[-200:])
    assert compute_store(store, demo_config).mode == "incremental"
    assert_stored_equals_compute(store, demo_config)
    assert_team_tables_equal_compute(store, demo_config)


def test_a_full_compute_that_fails_leaves_the_stored_tables_and_the_next_one_succeeds(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(demo_events)
    first = compute_store(store, demo_config)
    before = _physical(store, evidence, ["event_id", "person", "behaviour"])

    def fail(*args: object) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(stored_compute.tables, "rebuild_footprints", fail)  # after the staged rows moved
    with pytest.raises(RuntimeError, match="interrupted"):
        compute_store(store, demo_config, full=True)
    monkeypatch.undo()
    assert _physical(store, evidence, ["event_id", "person", "behaviour"]).equals(before)
    # the pool hands the same connection out again: its staged tables went with the rolled-back transaction
    again = compute_store(store, demo_config, full=True)
    assert again.evidence_rows == first.evidence_rows
    assert_stored_equals_compute(store, demo_config)
