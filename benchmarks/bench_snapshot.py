"""Benchmark: `footprint snapshot` of 1,000,000 stored events (issue 7: <= 60 s; issue 18: <= 30 s).

Uses the synthetic store of ``bench_metrics.py`` as ``bench_compute.py`` keeps it (same generator, its
own cached SQLite file in the temp folder, the stored tables computed: as after ``footprint sync``;
a compute still needed is done first and timed apart). Then times
:func:`dashboard.exports.snapshot.write_snapshot` end to end: reading the events and the stored
evidence (the ADBC driver's child processes, the evidence on a second thread), the rule context,
opportunities and measures, writing events/evidence/footprint as CSV and Parquet in chunks,
people.csv (on a second thread) beside report.html (charts rendered to SVG), the manifest, then the
atomic rename. Prints the seconds of each part (parts on two threads overlap: they do not add up),
the total, the peak resident memory of this process and of its largest child, and every file's size.

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

from bench_compute import open_bench_store  # noqa: E402  (the shared synthetic store, computed)
from bench_metrics import _config  # noqa: E402

from collectors.store import open_store  # noqa: E402
from dashboard.exports import snapshot as snapshot_module  # noqa: E402
from dashboard.exports.snapshot import write_snapshot  # noqa: E402
from metrics.stored import read as stored_read  # noqa: E402
from metrics.stored.compute import compute_store  # noqa: E402

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
    parser.add_argument(
        "--db", type=Path, default=None, help="a SQLite store of the generator (default: cached)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    store = open_store(f"sqlite:///{args.db}") if args.db else open_bench_store(None, args.events, args.seed)
    config = _config()
    result = compute_store(store, config)
    print(
        f"store ready in {time.perf_counter() - started:.1f} s ({result.mode} compute: "
        f"{result.items:,} items), not counted below",
        file=sys.stderr,
    )
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    timings: dict[str, float] = {}
    stored_read.events_before = _timed("read events", timings, stored_read.events_before)
    stored_read.stored_evidence = _timed("read evidence (2nd thread)", timings, stored_read.stored_evidence)
    stored_read.rule_context = _timed("rule context", timings, stored_read.rule_context)
    stored_read.build_opportunities = _timed("opportunities", timings, stored_read.build_opportunities)
    snapshot_module._DataFiles.write = _timed(
        "data files (2nd thread)", timings, snapshot_module._DataFiles.write
    )
    snapshot_module.write_report = _timed("report.html", timings, snapshot_module.write_report)

    with tempfile.TemporaryDirectory(prefix="footprint-bench-snapshot-") as folder:
        out = Path(folder) / "snapshot"
        started = time.perf_counter()
        write_snapshot(
            store, config, out, since=SINCE, until=UNTIL, include_text=args.include_text,
            now=datetime(2025, 7, 2, tzinfo=UTC),
        )  # fmt: skip
        total = time.perf_counter() - started
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))

    counts = manifest["counts"]
    print(f"events in window:    {counts['events']:>12,}")
    print(f"evidence rows:       {counts['evidence']:>12,}")
    for name, seconds in timings.items():
        print(f"{name + ':':<28}{seconds:8.2f} s")
    print(f"snapshot total:      {total:8.2f} s   (target <= 30 s)")
    child = f"{children / 1024**2:.2f} GB" if children > children_before else "below the store's builder's"
    print(f"peak RSS:            {peak_gb:8.2f} GB   (largest child process: {child})")
    for name, size in sizes.items():
        print(f"  {name:<20}{size / 1024**2:10.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
