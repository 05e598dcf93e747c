"""Dashboard render times on a 100,000-event store, measured server-side with Streamlit's AppTest.

Builds the store by replicating the demo organisation's events (each copy with its own event ids and
items, so nothing collapses; :mod:`demo_org`). ``--people org``, the default from 200,000 events,
gives each group of copies its own people, repositories and Jira projects (about 200 people in about
20 teams, each person in about 1 % of the items, as in an organisation that size); ``--people demo``
keeps the demo's 15 people in every copy (each in about a fifth of all items). The density (people,
teams, mean items per person) is printed. Then for each page times:

* ``footprint compute`` in its own process, as ``footprint sync`` runs it after writing;
* the first render after that (empty cache; the Overview, which queries stored aggregates and loads
  no events) once; the first page that needs the viewer's metrics frame (My footprint) then reads the
  events and the stored evidence;
* each page's first render after navigating to it (cache warm, all teams, every month);
* on *My footprint* and the packet, choosing another person (a new slice of the store, counted as a
  page render);
* a team filter change and a period filter change on that page (targets: <= 1.5 s per page, <= 0.5 s
  per filter change).

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--events 100000] [--store-url URL]
[--people demo|org] [--pages overview,team] [--reuse-store]`` (an empty PostgreSQL database for
``--store-url``, or with ``--reuse-store`` one a previous run filled: writing 5,000,000 events through
``Store.write`` takes about 20 minutes). Prints a table and the process's peak RSS; exits 1 if a
target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV
from collectors.simulated import demo_events
from collectors.store import open_store
from dashboard.data import ALL_TEAMS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_org import ORG_FROM_EVENTS, ORG_PEOPLE, Organisation, groups_for

PAGES = ("overview", "my_footprint", "team", "packet", "health")
#: The pages of one person: also timed when another person is chosen (a new slice of the store).
PERSON_PAGES = ("my_footprint", "packet")
DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"
PAGE_TARGET_S, FILTER_TARGET_S = 1.5, 0.5


def build_store(
    folder: Path, target: int, url: str | None = None, people: str = "demo", *, reuse: bool = False
) -> tuple[Path, Organisation, bool]:
    """Write a store of about ``target`` events (SQLite in ``folder``, or at ``url``) and its config
    into ``folder`` (``people``: ``demo`` or ``org``, see :mod:`demo_org`); return the config path,
    the organisation written and whether it was. ``reuse``: a store at ``url`` that already holds
    exactly the events this would write (a previous run's, same ``--events`` and ``--people``) is
    kept as it is, its stored evidence included."""
    base = demo_events()
    copies = -(-target // len(base))
    org = Organisation(base, groups_for(copies, people))
    url = url or f"sqlite:///{folder / 'footprint.db'}"
    store = open_store(url)
    held, wanted = store.count_events(), copies * len(base)
    reused = reuse and held == wanted
    if held and not reused:  # writing copies over another run's would mix two organisations' people
        store.dispose()
        raise SystemExit(
            f"bench_dashboard.py: the store already holds {held:,} events (this run writes {wanted:,}); "
            "give an empty database, or --reuse-store with the --events and --people that wrote it"
        )
    if not reused:
        for k in range(copies):
            store.write(org.copy(k))
    print(
        f"store: {store.dialect}, {store.count_events():,} events "
        f"({copies} copies of {len(base):,} demo events; people: {people}, {org.groups} identity group(s))"
        + ("; reused as a previous run left it" if reused else "")
    )
    print(org.density(copies).line())
    store.dispose()
    config = folder / "footprint.toml"
    config.write_text(org.config_text(url), encoding="utf-8")
    return config, org, not reused


def compute_as_sync_does(config: Path) -> float:
    """`footprint compute` in its own process (as `footprint sync` runs it after writing): the
    dashboard process below never computes, and its peak memory is its own."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-c",
        "from dashboard.cli import main; main()",
        "compute",
        "--config",
        str(config),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    print(done.stderr.strip().splitlines()[-1])
    return time.perf_counter() - started


#: This process's CPU time of each :func:`timed` run, in order: unlike the wall time, robust to the
#: load of a shared machine (the database server's work is not in it).
CPU_S: list[float] = []


def timed(at: AppTest) -> float:
    """The wall time of ``at.run()``; its CPU time appended to :data:`CPU_S`."""
    start, cpu = time.perf_counter(), time.process_time()
    at.run()
    elapsed = time.perf_counter() - start
    CPU_S.append(time.process_time() - cpu)
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--store-url", default=None, help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--reuse-store",
        action="store_true",
        help="with --store-url: keep a store a previous run with the same --events and --people left "
        "(no write; the compute then only brings it up to date)",
    )
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help="the pages to visit, in order (comma-separated; default all): the peak RSS is that of a "
        "process that showed only those",
    )
    parser.add_argument(
        "--people",
        choices=("demo", "org"),
        default=None,
        help="demo: every copy has the demo's 15 people; org: groups of copies get their own people and "
        f"teams (about {ORG_PEOPLE} people); default org from {ORG_FROM_EVENTS:,} events, else demo",
    )
    args = parser.parse_args()
    people = args.people or ("org" if args.events >= ORG_FROM_EVENTS else "demo")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        config, org, built = build_store(folder, args.events, args.store_url, people, reuse=args.reuse_store)
        print(f"{'built' if built else 'ready'} in {time.perf_counter() - t0:.1f} s")
        mode = "full" if built else "up to date"
        print(f"compute after the sync (footprint compute, {mode}): {compute_as_sync_does(config):.1f} s")
        os.environ[CONFIG_ENV] = str(config)
        # Entry script outside dashboard/: AppTest then follows st.navigation (see tests/dashboard/conftest).
        entry = folder / "footprint_app.py"
        entry.write_text("from dashboard.app import main\n\nmain()\n", encoding="utf-8")

        st.cache_data.clear()
        at = AppTest.from_file(str(entry), default_timeout=600)
        cold_s = timed(at)
        print(f"first render after the sync (Overview: stored aggregates, no events read): {cold_s:.2f} s")

        # One session throughout: AppTest gives each instance its own cache, a server shares one.
        rows, worst_page, worst_filter = [], 0.0, 0.0
        persons: list[tuple[str, float]] = []
        months = at.select_slider(key="filter_period").options
        pages = [name for name in args.pages.split(",") if name]
        unknown = sorted(set(pages) - set(PAGES))
        if unknown:
            parser.error(f"--pages: unknown {', '.join(unknown)}; known: {', '.join(PAGES)}")
        for name in pages:
            at.selectbox(key="filter_team").set_value(ALL_TEAMS)
            at.select_slider(key="filter_period").set_value((months[0], months[-1]))
            at.switch_page(str(DASHBOARD / "views" / f"{name}.py"))
            before = len(CPU_S)
            first = timed(at)
            if name in PERSON_PAGES:  # another person: a new slice of the store (issue 18)
                picker = next(box for box in at.selectbox if box.label == "Person")
                picker.select_index(1 if picker.index == 0 else 0)
                persons.append((name, timed(at)))
            at.selectbox(key="filter_team").set_value(org.first_team())
            team = timed(at)
            at.select_slider(key="filter_period").set_value((months[-2], months[-1]))
            period = timed(at)
            rows.append((name, first, team, period))
            cpu = " ".join(f"{seconds:.2f}" for seconds in CPU_S[before:])
            print(f"{name}: CPU time per step (first, [person,] team, period): {cpu} s", flush=True)
            worst_page = max(worst_page, first)
            worst_filter = max(worst_filter, team, period)

        print(f"\n{'page':<14}{'first render':>14}{'team change':>14}{'period change':>15}")
        for name, first, team, period in rows:
            print(f"{name:<14}{first:>12.2f} s{team:>12.2f} s{period:>13.2f} s")
        for name, seconds in persons:
            print(f"{name:<14} person change {seconds:.2f} s")
        worst_page = max([worst_page, *(seconds for _, seconds in persons)])
        print(
            f"\nworst page render {worst_page:.2f} s (target <= {PAGE_TARGET_S} s); "
            f"worst filter change {worst_filter:.2f} s (target <= {FILTER_TARGET_S} s)"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB
        print(f"dashboard process peak RSS {peak:.2f} GB (target <= 1 GB), pages visited: {', '.join(pages)}")
        return 0 if worst_page <= PAGE_TARGET_S and worst_filter <= FILTER_TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
