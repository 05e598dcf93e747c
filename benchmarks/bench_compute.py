"""Benchmark: the stored evidence and footprints (issue 18) on the synthetic organisation of
``bench_metrics.py`` — a full compute, a sync-like change of 1 % of the items and its incremental
compute, and a snapshot that reads the stored tables. SQLite by default, PostgreSQL with --store-url.

Prints: events, items, the text-class warm-up (as ``footprint sync`` runs it), the full compute time
and evidence rows, the 1 %-changed incremental compute time and its share of the full compute (target
<= 10 %), the snapshot time (target <= 30 s; on SQLite with the peak of its ADBC reader processes),
and each phase's own peak resident memory (the store is built in a child process, so the generator's
frame is not counted). On PostgreSQL also the server's side: the database's size, the temp bytes it
spilled and its backends' largest peak RSS.

    .venv/bin/python benchmarks/bench_compute.py [--events 1000000] [--store-url URL] [--changed 0.01]
        [--no-snapshot]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_metrics import _config, build_store, generate  # noqa: E402  (the shared synthetic store)

from collectors.base import Page  # noqa: E402
from collectors.events import Event  # noqa: E402
from collectors.store import Store, open_store, schema  # noqa: E402
from dashboard.exports.snapshot import write_snapshot  # noqa: E402
from metrics.stored.compute import compute_store  # noqa: E402
from metrics.textcache import keep_classes_current, warm_text_classes  # noqa: E402

SINCE, UNTIL = date(2025, 1, 1), date(2025, 7, 1)  # the generator's 180 days from 2025-01-01


def _reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux >= 4.0: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):  # _peak_gb then reports the peak since the process started
        Path("/proc/self/clear_refs").write_text("5")


def _vm_hwm_gb(pid: int | str = "self") -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024**2  # kB
    return None


def _peak_gb() -> float:
    """Peak resident memory of this process since the last :func:`_reset_peak`."""
    hwm = _vm_hwm_gb()
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _server(store: Store) -> dict[str, float]:
    """PostgreSQL's side, when the server runs on this machine: database size, temp bytes spilled so
    far (cumulative) and the largest peak RSS of this database's backends (shared buffers they touched
    included). Empty for SQLite; the backends' peak is left out when their /proc is not readable."""
    if store.dialect != "postgresql":
        return {}
    with store.engine.connect() as conn:
        size, temp = conn.execute(sa.text(
            "SELECT pg_database_size(current_database()), temp_bytes FROM pg_stat_database"
            " WHERE datname = current_database()"
        )).one()  # fmt: skip
        pids = conn.execute(
            sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        peaks = [p for p in (_vm_hwm_gb(pid) for pid in pids) if p is not None]
    out = {"db_gb": size / 1024**3, "temp_gb": temp / 1024**3}
    if peaks:
        out["backend_peak_gb"] = max(peaks)
    return out


def _server_line(store: Store) -> str:
    side = _server(store)
    if not side:
        return ""
    line = f"   (server: database {side['db_gb']:.2f} GB, temp spilled {side['temp_gb']:.2f} GB so far"
    if "backend_peak_gb" in side:
        line += f", largest backend peak RSS {side['backend_peak_gb']:.2f} GB"
    return line + ")"


def _build(url: str | None, events: int, seed: int) -> None:
    open_bench_store(url, events, seed).dispose()


def build_in_child(url: str | None, events: int, seed: int) -> float:
    """Build the store in a child process, so the generator's frame is not in this process's peak RSS;
    returns the child's peak RSS (GB; 0 when nothing was built)."""
    child = multiprocessing.get_context("spawn").Process(target=_build, args=(url, events, seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building the store failed (exit code {child.exitcode})")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2


def open_bench_store(url: str | None, events: int, seed: int) -> Store:
    """A SQLite store of the bench_metrics generator (built once, cached in the temp folder), or
    ``url`` filled with the same generated events when it holds another number of them.

    PostgreSQL is filled by ``COPY`` into the events table (a path for benchmarks only: no change log,
    no text-class cache; the full compute that follows needs neither), then analysed."""
    if url is None:
        # its own file: the store migrates to this schema, which an older checkout sharing the file refuses
        path = Path(tempfile.gettempdir()) / f"footprint-bench-compute-{events}-{seed}.db"
        if not path.exists():
            build_store(path, events, seed)
        return open_store(f"sqlite:///{path}")
    store = open_store(url)
    if store.count_events() != events:
        frame = generate(events, seed)
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        with store.engine.begin() as conn:
            for table in reversed(schema.metadata.sorted_tables):
                if table.name not in ("footprint_meta", "sync_runs", "sync_problems", "audit", "sync_state"):
                    conn.execute(sa.delete(table))
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY events ({', '.join(frame.columns)}) FROM STDIN") as copy:
                for start in range(0, len(frame), 100_000):  # slices: no second copy of the whole frame
                    part = frame.iloc[start : start + 100_000]
                    for row in (
                        part.astype(object).where(part.notna(), None).itertuples(index=False, name=None)
                    ):
                        copy.write_row(row)
        del frame
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE events"))
    return store


def _event(row: dict[str, Any]) -> Event:
    stamp = row["created_at"]
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp
    fields = {
        name: row[name] for name in ("event_id", "source", "kind", "actor", "target", "container", "item")
    }
    return Event(**fields, created_at=stamp, url=row["url"], text=row["text"], attrs=json.loads(row["attrs"]))


def change_items(store: Store, share: float, seed: int) -> int:
    """Rewrite ``share`` of the items as a sync would (edited text on their comments, each item
    fetched whole, the text-class cache kept true first); returns the number of items changed."""
    table = schema.events
    with store.engine.connect() as conn:
        items = sorted(conn.execute(sa.select(table.c.item).distinct()).scalars())
    chosen = random.Random(seed).sample(items, k=max(1, int(len(items) * share)))
    for start in range(0, len(chosen), 200):
        with store.engine.connect() as conn:
            query = sa.select(table).where(table.c.item.in_(chosen[start : start + 200]))
            rows = conn.execute(query).mappings().all()
        by_source: dict[str, list[Event]] = {}
        for row in rows:
            event = _event(dict(row))
            if event.text and event.kind.endswith("comment"):
                event = replace(event, text=event.text + " (edited: this may regress)")
            by_source.setdefault(event.source, []).append(event)
        for source, events in by_source.items():
            page = Page(source, events, tuple(sorted({e.item for e in events})))
            keep_classes_current(store, page)
            store.write(events, source=source, complete_items=page.complete_items)
    return len(chosen)


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store-url", default=None, help="a PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--changed", type=float, default=0.01, help="share of items a sync changes")
    parser.add_argument("--no-snapshot", action="store_true", help="skip the snapshot")
    args = parser.parse_args(argv)
    config = _config()
    built, child_peak = _seconds(lambda: build_in_child(args.store_url, args.events, args.seed))
    store = open_store(args.store_url) if args.store_url else open_bench_store(None, args.events, args.seed)
    print(
        f"store:               {store.dialect}, {store.count_events():,} events (ready in {built:.1f} s, "
        f"built in a child process, its peak RSS {child_peak:.2f} GB)"
    )
    _reset_peak()
    warm, classified = _seconds(lambda: warm_text_classes(store, config))
    print(f"text classes warmed: {warm:8.2f} s   ({classified:,} texts classified; peak {_peak_gb():.2f} GB)")
    _reset_peak()
    full_s, full = _seconds(lambda: compute_store(store, config, full=True))
    print(
        f"full compute:        {full_s:8.2f} s   ({full.items:,} items, {full.evidence_rows:,} evidence rows)"
    )
    print(f"peak RSS, full compute alone: {_peak_gb():.2f} GB{_server_line(store)}")
    change_s, changed = _seconds(lambda: change_items(store, args.changed, args.seed))
    print(f"sync-like write:     {change_s:8.2f} s   ({changed:,} items rewritten, {args.changed:.0%})")
    _reset_peak()
    inc_s, inc = _seconds(lambda: compute_store(store, config))
    share = inc_s / full_s if full_s else 0.0
    print(
        f"incremental compute: {inc_s:8.2f} s   ({inc.mode}, {inc.items:,} items; "
        f"{share:.1%} of full, target <= 10 %; peak RSS {_peak_gb():.2f} GB)"
    )
    if args.no_snapshot:
        print(f"after the incremental compute:{_server_line(store)}")
        store.dispose()
        return 0
    _reset_peak()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.TemporaryDirectory(prefix="footprint-bench-compute-") as folder:
        snap_s, _ = _seconds(
            lambda: write_snapshot(store, config, Path(folder) / "s", since=SINCE, until=UNTIL,
                                   now=datetime(2025, 7, 2, tzinfo=UTC))
        )  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the ADBC readers (SQLite)
    child = f"; its largest reader process {children / 1024**2:.2f} GB" if children > children_before else ""
    print(f"snapshot:            {snap_s:8.2f} s   (target <= 30 s; peak RSS {_peak_gb():.2f} GB{child})")
    print(f"process peak RSS:    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2:8.2f} GB"
          f"{_server_line(store)}")  # fmt: skip
    store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
