"""Requests and time of GitHub syncs against the loopback fake, with github.com's ids and failures.

Data: one repository of 1,000 pull requests (3 reviews, 4 inline review comments in 2 threads and 4
conversation comments each; 10 of them with 100-180 comments, so nested lists overflow into follow-up
queries), 100 issues and a retro; ids in github.com's 2025 ranges (beyond 2^31). Printed:

* full sync: requests (budget 50), seconds, events written; and what a per-PR REST walk (PyGithub's
  ``get_pulls()`` then ``get_reviews()``, ``get_review_comments()``, ``get_issue_comments()`` and
  ``get_files()`` per PR, 100 a page) would cost on the same data, computed from the data;
* unchanged re-sync: requests for 1 repository (budget 1), for 25 configured repositories (budget
  ⌈25/10⌉ = 3) and for an organisation of 25 repositories (budget 1);
* fault run: the full sync again on an identical world where every 5th request answers 502, plus a
  secondary rate limit (Retry-After 1 s), a 429 (Retry-After 1 s) and a connection reset: its requests
  against the clean run's (budget 2x), and whether its events are identical. Real backoff (0.5 s, with
  jitter) is used, so its seconds include the waits.

Run: ``.venv/bin/python benchmarks/bench_github_sync.py`` (exit 1 when over a budget or not identical).
"""

from __future__ import annotations

import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console

from collectors.config import parse_config
from collectors.progress import plural
from collectors.store import Store, open_store
from collectors.sync import SourceResult, sync_sources
from tests.fakes.github import FakeGitHub, Fault, RepoSpec, World, build_world
from tests.fakes.github.graphql_api import github_schema
from tests.github.helpers import snapshot

HEAVY = {index: (100 + 8 * n, 3) for n, index in enumerate(range(50, 1000, 100))}
SPEC = RepoSpec(pulls=1000, issues=100, reviews=3, review_comments=4, comments=4, heavy=HEAVY)
SMALL = RepoSpec(pulls=4, issues=2, reviews=1, review_comments=2, comments=1)
REPO = "acme/payments"
TOKEN = "bench-token"
MANY = 25


def rest_walk_requests(world_repo) -> int:  # type: ignore[no-untyped-def]
    """Requests of a per-PR REST walk: list pages, then per PR each list endpoint, 100 a page."""

    def pages(n: int) -> int:
        return max(1, math.ceil(n / 100))

    total = pages(len(world_repo.pulls)) + pages(len(world_repo.issues))
    for pull in world_repo.pulls:
        inline = sum(len(thread["comments"]) for thread in pull["reviewThreads"])
        total += pages(len(pull["reviews"])) + pages(inline) + pages(len(pull["comments"]))
        total += pages(len(pull["files"]))
    for issue in world_repo.issues:
        total += pages(len(issue["comments"]))
    return total


def run_sync(fake: FakeGitHub, db: Path, **github: object) -> tuple[SourceResult, Store, float]:
    config = parse_config(
        {"store": {"url": f"sqlite:///{db}"}, "github": {"api_url": fake.api_url(), **github}}
    )
    store = open_store(config.store_url())
    started = time.perf_counter()
    (result,) = sync_sources(config, store, ["github"], full=False, console=Console(file=io.StringIO()))
    seconds = time.perf_counter() - started
    assert result.status == "ok", result.run.problems
    return result, store, seconds


def unchanged_requests(world: World, db: Path, **github: object) -> int:
    """Requests of a re-sync after a full one, nothing having changed in between."""
    with FakeGitHub(world) as fake:
        run_sync(fake, db, **github)
        fake.reset_counters()
        again, _, _ = run_sync(fake, db, **github)
        assert again.run.requests == fake.total_requests() and again.run.events_written == 0
        return again.run.requests


def main() -> None:
    github_schema()  # built once, outside the timings
    os.environ["GITHUB_TOKEN"] = TOKEN
    world = build_world({REPO: SPEC}, token=TOKEN)
    repo = world.repo(REPO)
    assert repo is not None
    names = [f"acme/service-{index:02d}" for index in range(MANY)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with FakeGitHub(world) as fake:
            full, store, seconds = run_sync(fake, folder / "full.db", repos=[REPO])
            full_served = fake.total_requests()
            fake.reset_counters()
            again, _, again_seconds = run_sync(fake, folder / "full.db", repos=[REPO])
            one = again.run.requests
        reference = snapshot(store)
        many = unchanged_requests(
            build_world(dict.fromkeys(names, SMALL), token=TOKEN), folder / "m.db", repos=names
        )
        org = unchanged_requests(
            build_world(dict.fromkeys(names, SMALL), token=TOKEN), folder / "o.db", orgs=["acme"]
        )

        with FakeGitHub(build_world({REPO: SPEC}, token=TOKEN)) as faulty:
            faulty.faults.add(Fault("status", status=502, every=5, times=10_000))
            faulty.faults.add(Fault("secondary", skip=3, retry_after=1))
            faulty.faults.add(Fault("too_many", skip=11, retry_after=1))
            faulty.faults.add(Fault("reset", skip=19))
            fault_run, fault_store, fault_seconds = run_sync(faulty, folder / "faults.db", repos=[REPO])
            injected, fault_served = faulty.faults.injected, faulty.total_requests()
        identical = snapshot(fault_store) == reference

    comments = sum(len(p["comments"]) for p in repo.pulls)
    print(
        f"data: {len(repo.pulls)} PRs, {len(repo.issues)} issues, {comments} PR comments, "
        f"{len(HEAVY)} PRs >100; ids {min(p['databaseId'] for p in repo.pulls):,}+ (beyond 2^31)"
    )
    print(
        f"full sync:              {full.run.requests} requests (fake served {full_served}; budget 50), "
        f"{seconds:.1f} s, {full.run.events_written} events"
    )
    print(f"per-PR REST walk on the same data: {rest_walk_requests(repo)} requests")
    print(f"unchanged, 1 repo:      {plural(one, 'request')} (budget 1), {again_seconds:.2f} s")
    print(f"unchanged, {MANY} repos:    {plural(many, 'request')} (budget {math.ceil(MANY / 10)})")
    print(f"unchanged, org of {MANY}:  {plural(org, 'request')} (budget 1)")
    print(
        f"fault run:              {fault_run.run.requests} requests vs {full.run.requests} clean "
        f"({fault_run.run.requests / full.run.requests:.2f}x; budget 2x; {injected} faults served, "
        f"fake served {fault_served}), {fault_seconds:.1f} s, "
        f"events identical: {'yes' if identical else 'NO'}"
    )
    ok = (
        full.run.requests <= 50
        and one <= 1
        and many <= math.ceil(MANY / 10)
        and org <= 1
        and fault_run.run.requests <= 2 * full.run.requests
        and identical
    )
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
