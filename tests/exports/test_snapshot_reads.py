"""A snapshot read through the ADBC SQLite driver (issue 18) writes exactly the files the DBAPI path does.

:func:`collectors.store.committed_read.read_committed_frame` reads the events and the stored evidence
of a snapshot; every file it leads to (data files, report, manifest) must be byte-identical to the
files of the same snapshot read row by row through :func:`collectors.store.read.read_frame` — on the
demo and on seeded random variations of it (missing targets, texts and links, unicode, an excluded
person, random windows). Each comparison also checks the fast path was taken: a silent fallback
would make it compare the slow path with itself.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import tomli_w

from collectors.config import Config, parse_config
from collectors.events import Event
from collectors.store import committed_read, open_store
from collectors.store.read import read_frame
from dashboard.exports.snapshot import DATA_FILES, FILES, write_snapshot
from metrics.stored.compute import compute_store

demo = pytest.importorskip("collectors.simulated.build")
pytest.importorskip("adbc_driver_sqlite")


class _Reads:
    """Counts the reads the ADBC driver answered; ``fast=False`` makes every read take the DBAPI path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fast = True
        self.answered = 0
        real = committed_read._adbc_table
        monkeypatch.setattr(committed_read, "BULK_ROWS", 0)  # small test data: the driver all the same

        def table(path: Path, sql: str):  # type: ignore[no-untyped-def]
            if not self.fast:
                return None
            found = real(path, sql)
            self.answered += found is not None
            return found

        monkeypatch.setattr(committed_read, "_adbc_table", table)


def _snapshot(store, config: Config, out: Path, since: date, until: date, include_text: bool) -> Path:  # type: ignore[no-untyped-def]
    return write_snapshot(
        store, config, out, since=since, until=until, include_text=include_text,
        now=datetime(2026, 12, 1, 6, tzinfo=UTC),
    )  # fmt: skip


def _assert_same_snapshot(
    reads: _Reads, store, config: Config, tmp: Path, since: date, until: date, include_text: bool = False
) -> None:  # type: ignore[no-untyped-def]
    reads.fast, reads.answered = True, 0
    fast = _snapshot(store, config, tmp / "fast", since, until, include_text)
    assert reads.answered >= 2, "the events and the evidence were not read by the ADBC driver"
    reads.fast = False
    slow = _snapshot(store, config, tmp / "slow", since, until, include_text)
    assert sorted(p.name for p in fast.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (fast / name).read_bytes() == (slow / name).read_bytes(), f"{name} differs ({since}..{until})"
    assert any((fast / name).stat().st_size > 200 for name in DATA_FILES)  # not two empty snapshots


def _demo_config(tmp: Path, url: str, exclude: list[str] | None = None) -> Config:
    data = tomllib.loads(demo.demo_config_text())
    data["store"]["url"] = url
    if exclude:
        data["access"]["exclude"] = exclude
    path = tmp / "footprint.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    config = parse_config(data)
    return config.model_copy(update={"path": path})


def test_demo_snapshots_are_byte_identical_read_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _Reads(monkeypatch)
    url = f"sqlite:///{tmp_path / 'footprint.db'}"
    store = open_store(url)
    store.write(demo.demo_events(7))
    config = _demo_config(tmp_path, url)
    compute_store(store, config)
    for since, until, text in (
        (date(2026, 7, 1), date(2026, 10, 1), False),
        (date(2026, 5, 1), date(2026, 11, 15), True),
    ):
        _assert_same_snapshot(reads, store, config, tmp_path / f"{since}-{text}", since, until, text)
    store.dispose()


def _vary(events: list[Event], rng: random.Random) -> list[Event]:
    """A random variation of the demo: a subset of its items, some targets and texts gone, some links
    empty (they are required), unicode and quotes in texts, times moved by up to a day."""
    items = sorted({e.item for e in events})
    kept = set(rng.sample(items, k=len(items) * 2 // 3))
    out = []
    for event in events:
        if event.item not in kept:
            continue
        changes: dict[str, object] = {
            "created_at": event.created_at + timedelta(seconds=rng.randint(-86_400, 86_400))
        }
        roll = rng.random()
        if roll < 0.05:
            changes["target"] = None
        elif roll < 0.10:
            changes["text"] = None
        elif roll < 0.13:
            changes["url"] = ""
        elif roll < 0.18 and event.text:
            changes["text"] = f"{event.text} — naïve “quote” 'x' 日本語 \u2028 end"
        out.append(replace(event, **changes))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_variations_are_byte_identical_read_either_way(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    reads = _Reads(monkeypatch)
    url = f"sqlite:///{tmp_path / 'footprint.db'}"
    store = open_store(url)
    store.write(_vary(list(demo.demo_events(seed)), rng))
    people = [p["id"] for p in tomllib.loads(demo.demo_config_text())["people"]]
    config = _demo_config(tmp_path, url, exclude=[rng.choice(people)] if seed != 2 else None)
    compute_store(store, config)
    start = date(2026, 5, 1) + timedelta(days=rng.randint(0, 90))
    until = start + timedelta(days=rng.randint(20, 120))
    _assert_same_snapshot(reads, store, config, tmp_path / "a", start, until, include_text=seed == 3)
    store.dispose()


def _assert_identical(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    """Same columns, dtypes and values, floats to the last bit (``assert_frame_equal`` alone compares
    floats within a tolerance)."""
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.equals(slow)


def _table(engine: sa.Engine, rows: list[dict[str, object]]) -> sa.Table:
    meta = sa.MetaData()
    table = sa.Table(
        "t",
        meta,
        sa.Column("id", sa.String(8), primary_key=True),
        sa.Column("text", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True)),
        sa.Column("flag", sa.Boolean),
        sa.Column("weight", sa.Float),
        sa.Column("count", sa.Integer),
        sa.Column("never", sa.Text),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(table), rows)
    return table


def _rows(rng: random.Random, n: int, nulls_first: int) -> list[dict[str, object]]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    return [
        {
            "id": f"{i:05d}",
            "text": None
            if i < nulls_first or rng.random() < 0.2
            else rng.choice(["a", "é", "", "b c", "日本"]),
            "at": None if i < nulls_first else start + timedelta(microseconds=rng.randint(0, 10**12)),
            "flag": None if i < nulls_first else rng.random() < 0.5,
            "weight": None if i < nulls_first else rng.choice([1.0, 0.5, 2.25]),
            "count": None if i < nulls_first else rng.randint(-5, 5),
            "never": None,
        }
        for i in range(n)  # inserted in this order: SQLite returns the nulls first
    ]


@pytest.mark.parametrize("seed", [4])
def test_the_adbc_frame_is_read_frames_frame(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _Reads(monkeypatch)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    rng = random.Random(seed)
    table = _table(engine, _rows(rng, 3000, nulls_first=1500))  # nulls in the first rows SQLite returns
    queries = [
        sa.select(table),
        sa.select(table).where(table.c.at >= datetime(2025, 1, 5, tzinfo=UTC)),
        sa.select(table.c.id, table.c.text, table.c.never).where(table.c.text.in_(["a", "é"])),
        sa.select(table).where(table.c.id == "none"),  # empty
        sa.select(table.c.text, table.c.count).where(table.c.count.is_not(None)),
    ]
    for query in queries:
        first = query.selected_columns[0].name
        for sort_by in ((), (first,)):
            fast = committed_read.read_committed_frame(engine, query, sort_by=sort_by)
            with engine.connect() as conn:
                slow = read_frame(conn, query, sort_by=sort_by)
            _assert_identical(fast, slow)
    assert reads.answered == 2 * len(queries)
    engine.dispose()


@pytest.mark.parametrize("refuse", [False, True])
def test_numbers_of_both_sqlite_types_and_a_refusing_driver_give_the_dbapi_frame(
    refuse: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A column without affinity holding integers and reals (the driver's inference sees both), and a
    driver that refuses the query (as it refuses a column whose values change type): read_frame's frame."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (id VARCHAR PRIMARY KEY, v)"))
        conn.execute(sa.text("INSERT INTO t VALUES ('a', 1), ('b', 2.5), ('c', NULL), ('d', 3)"))
    monkeypatch.setattr(committed_read, "BULK_ROWS", 0)
    if refuse:  # the driver's child exits with an error, as when a column's values change type
        monkeypatch.setattr(committed_read, "_CHILD", "import sys; sys.stdout.write('no'); sys.exit(1)")
    query = sa.select(sa.column("id", sa.String), sa.column("v", sa.Float)).select_from(sa.table("t"))
    fast = committed_read.read_committed_frame(engine, query, sort_by=["id"])
    with engine.connect() as conn:
        slow = read_frame(conn, query, sort_by=["id"])
    _assert_identical(fast, slow)
    assert fast["v"].tolist()[:2] == [1.0, 2.5]
    engine.dispose()


def test_an_in_memory_store_reads_through_the_dbapi_path() -> None:
    engine = sa.create_engine("sqlite://")
    assert committed_read._database_file(engine) is None
    frame = committed_read.read_committed_frame(engine, sa.select(sa.literal("x", sa.String).label("v")))
    assert frame["v"].tolist() == ["x"]


def test_a_small_result_starts_no_reader_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(path: Path, sql: str) -> None:
        raise AssertionError("a reader process was started for 3 rows")

    monkeypatch.setattr(committed_read, "_adbc_table", unexpected)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    table = _table(engine, _rows(random.Random(6), 3, nulls_first=0))
    frame = committed_read.read_committed_frame(engine, sa.select(table.c.id), sort_by=["id"])
    assert frame["id"].tolist() == ["00000", "00001", "00002"]
    engine.dispose()
