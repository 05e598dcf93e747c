"""Benchmark: `footprint snapshot` of 1,000,000 stored events (issue 7; target <= 60 s on two cores).

Uses the synthetic store of ``bench_metrics.py`` (same generator, same cached SQLite file in the temp
folder) and times :func:`dashboard.exports.snapshot.write_snapshot` end to end: reading the events,
computing metrics, writing events/evidence/footprint as CSV and Parquet in chunks, people.csv,
report.html (charts rendered to SVG) and the manifest, then the atomic rename. Prints the seconds of
each part, the total, the peak resident memory of the process and the size of every file.

    .venv/bin/python benchmarks/bench_snapshot.py [--events 1000000] [--include-text]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_metrics import _config, build_store  # noqa: E402  (the shared synthetic store)

from collectors.store import open_store  # noqa: E402
from dashboard.exports import snapshot as snapshot_module  # noqa: E402
from dashboard.exports.snapshot import write_snapshot  # noqa: E402
from metrics import engine  # noqa: E402

SINCE, UNTIL = date(2025, 1, 1), date(2025, 7, 1)  # the generator's 180 days from 2025-01-01


def _timed(name: str, timings: dict[str, float], fn):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--include-text", action="store_true")
    args = parser.parse_args(argv)

    path = Path(tempfile.gettempdir()) / f"footprint-bench-metrics-{args.events}-{args.seed}.db"
    if not path.exists():
        started = time.perf_counter()
        build_store(path, args.events, args.seed)
        print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    store = open_store(f"sqlite:///{path}")
    config = _config()

    timings: dict[str, float] = {}
    engine.compute = _timed("compute metrics", timings, engine.compute)
    store.events = _timed("read events", timings, store.events)  # type: ignore[method-assign]
    for name in ("write_table", "write_report"):
        setattr(snapshot_module, name, _timed(name, timings, getattr(snapshot_module, name)))

    with tempfile.TemporaryDirectory(prefix="footprint-bench-snapshot-") as folder:
        out = Path(folder) / "snapshot"
        started = time.perf_counter()
        write_snapshot(
            store, config, out, since=SINCE, until=UNTIL, include_text=args.include_text,
            now=datetime(2025, 7, 2, tzinfo=UTC),
        )  # fmt: skip
        total = time.perf_counter() - started
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))

    counts = manifest["counts"]
    print(f"events in window:    {counts['events']:>12,}")
    print(f"evidence rows:       {counts['evidence']:>12,}")
    for name, seconds in timings.items():
        print(f"{name + ':':<21}{seconds:8.2f} s")
    print(f"snapshot total:      {total:8.2f} s   (target <= 60 s)")
    print(f"peak RSS:            {peak_gb:8.2f} GB")
    for name, size in sizes.items():
        print(f"  {name:<20}{size / 1024**2:10.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
