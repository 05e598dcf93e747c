"""PostgreSQL results read into Arrow by the ADBC driver (collectors/store/postgres_arrow.py, through
read_committed_frame): the same frames as psycopg's read_frame, the same when the driver fails, a few
kept connections per database, none holding a lock, all closed when the store is disposed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, Event
from collectors.store import Store, open_store, postgres_arrow
from collectors.store import schema as store_schema
from collectors.store.committed_read import read_committed_frame
from collectors.store.derived_schema import ACT_TYPES, acts, evidence
from collectors.store.read import read_frame
from metrics.stored.compute import compute_store

from ..conftest import POSTGRES_ENV, _drop_schema, _fresh_postgres


@pytest.fixture(scope="module")
def pg_store(demo_events: tuple[Event, ...], demo_config: Config) -> Iterator[Store]:
    """The demo on a PostgreSQL store of its own, computed."""
    import os

    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests need {POSTGRES_ENV} (CI sets it)")
    url = _fresh_postgres(base)
    store = open_store(url)
    store.write(demo_events)
    compute_store(store, demo_config)
    yield store
    store.dispose()
    _drop_schema(url)


SORTED = ["created_at", "event_id"]


def _queries() -> dict[str, sa.Select[Any]]:
    events = store_schema.events
    rule_order = sa.case({"reviewing.review": 0}, value=evidence.c.rule, else_=1).label("_rule_order")
    at = pd.Timestamp("2026-07-01", tz="UTC").to_pydatetime()
    return {
        "events": sa.select(*(events.c[name] for name in COLUMNS)),
        "events of a window": sa.select(*(events.c[name] for name in COLUMNS)).where(
            events.c.created_at >= at
        ),
        "evidence": sa.select(*evidence.c, rule_order).where(evidence.c.person.in_(["odile", "o'brien"])),
        "acts": sa.select(*(acts.c[name] for name in ACT_TYPES)),
        "nothing": sa.select(*(events.c[name] for name in COLUMNS)).where(sa.false()),
    }


def test_the_driver_reads_the_frames_psycopg_reads(pg_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    read_by_driver: list[int] = []
    arrow_table = postgres_arrow.arrow_table

    def spy(engine: sa.Engine, query: sa.Select[Any]) -> Any:
        table = arrow_table(engine, query)
        read_by_driver.append(-1 if table is None else table.num_rows)
        return table

    monkeypatch.setattr(postgres_arrow, "arrow_table", spy)
    for name, query in _queries().items():
        got = read_committed_frame(pg_store.engine, query, sort_by=SORTED)
        with pg_store.engine.connect() as conn:
            want = read_frame(conn, query, sort_by=SORTED)
        pd.testing.assert_frame_equal(got, want, obj=name)
        assert read_by_driver[-1] == len(want) >= (0 if name == "nothing" else 100), name
    events = _queries()["events"]
    frame = read_committed_frame(pg_store.engine, events)
    assert frame["text"].isna().any() and frame["attrs"].notna().all(), "nulls and JSON text both read"
    assert any(
        isinstance(value, bool)
        for value in read_committed_frame(pg_store.engine, _queries()["acts"])["is_bot"]
    )


def test_a_driver_failure_reads_through_psycopg(pg_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(url: str) -> Any:
        raise RuntimeError("the driver cannot connect")

    postgres_arrow.release(pg_store.engine)
    monkeypatch.setattr(postgres_arrow, "_connect", refuse)
    query = _queries()["evidence"]
    assert postgres_arrow.arrow_table(pg_store.engine, query) is None
    with pg_store.engine.connect() as conn:
        want = read_frame(conn, query)
    pd.testing.assert_frame_equal(read_committed_frame(pg_store.engine, query), want)
    assert not postgres_arrow._idle.get(postgres_arrow._libpq_url(pg_store.engine))


def test_kept_connections_are_few_hold_no_lock_and_close_with_the_store(
    pg_store: Store, demo_config: Config
) -> None:
    query = _queries()["evidence"]
    barrier = threading.Barrier(4)
    tables: list[Any] = []

    def read() -> None:
        barrier.wait()
        tables.append(postgres_arrow.arrow_table(pg_store.engine, query))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tables) == 4 and all(table is not None for table in tables)
    url = postgres_arrow._libpq_url(pg_store.engine)
    assert 1 <= len(postgres_arrow._idle[url]) <= postgres_arrow.KEPT
    # a kept connection is in autocommit: a schema change does not wait for it
    with pg_store.engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        conn.execute(sa.text("ALTER TABLE evidence ADD COLUMN probe integer"))
        conn.execute(sa.text("ALTER TABLE evidence DROP COLUMN probe"))
    # the store's own disposal closes them; another store of the same database opens its own again
    other = open_store(pg_store.engine.url.render_as_string(hide_password=False))
    other.dispose()
    assert url not in postgres_arrow._idle
    assert postgres_arrow.arrow_table(pg_store.engine, query) is not None


def test_stored_rows_read_committed_equal_those_read_in_the_callers_transaction(pg_store: Store) -> None:
    from collectors.store import derived_schema as ds
    from metrics.stored.team_tables import read_rows

    with pg_store.engine.connect() as conn:
        for table in (ds.acts, ds.first_responses, ds.blocked_stays):
            got, want = read_rows(conn, table, committed=True), read_rows(conn, table)
            pd.testing.assert_frame_equal(got, want, obj=table.name)
            assert len(want) > 10, table.name
