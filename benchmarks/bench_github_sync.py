"""Requests and time of a GitHub sync of a 1,000-PR repository against the loopback fake.

Data: one repository of 1,000 pull requests (3 reviews, 4 inline review comments in 2 threads and 4
conversation comments each; 10 of them with 100-180 comments), 100 issues and a retro. Printed: requests
of a full sync (budget 60), seconds, events written; requests of an unchanged re-sync (budget 3 per
repository, plus the one ``/rate_limit`` check per sync); and, for comparison, what a per-PR REST walk
(PyGithub's ``get_pulls()`` then ``get_reviews()``, ``get_review_comments()``, ``get_issue_comments()``
and ``get_files()`` per PR, 100 a page) would cost on the same data, computed from the data.

Run: ``.venv/bin/python benchmarks/bench_github_sync.py``
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
from collectors.store import open_store
from collectors.sync import sync_sources
from tests.fakes.github import FakeGitHub, RepoSpec, build_world
from tests.fakes.github.graphql_api import github_schema

HEAVY = {index: (100 + 8 * n, 3) for n, index in enumerate(range(50, 1000, 100))}
SPEC = RepoSpec(pulls=1000, issues=100, reviews=3, review_comments=4, comments=4, heavy=HEAVY)
REPO = "acme/payments"
TOKEN = "bench-token"


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


def main() -> None:
    github_schema()  # built once, outside the timings
    world = build_world({REPO: SPEC}, token=TOKEN)
    repo = world.repo(REPO)
    assert repo is not None
    os.environ["GITHUB_TOKEN"] = TOKEN
    with FakeGitHub(world) as fake, tempfile.TemporaryDirectory() as tmp:
        config = parse_config(
            {
                "store": {"url": f"sqlite:///{Path(tmp) / 'bench.db'}"},
                "github": {"api_url": fake.api_url(), "repos": [REPO]},
            }
        )
        store = open_store(config.store_url())
        console = Console(file=io.StringIO())
        started = time.perf_counter()
        (full,) = sync_sources(config, store, ["github"], full=False, console=console)
        seconds = time.perf_counter() - started
        assert full.status == "ok", full.run.problems
        full_requests, full_served = full.run.requests, fake.total_requests()
        fake.reset_counters()
        started = time.perf_counter()
        (again,) = sync_sources(config, store, ["github"], full=False, console=console)
        again_seconds = time.perf_counter() - started
        assert again.status == "ok", again.run.problems

    comments = sum(len(p["comments"]) for p in repo.pulls)
    print(
        f"data: {len(repo.pulls)} PRs, {len(repo.issues)} issues, {comments} PR comments, "
        f"{len(HEAVY)} PRs >100"
    )
    print(
        f"full sync:      {full_requests} requests (fake served {full_served}; budget 60), "
        f"{seconds:.1f} s, {full.run.events_written} events"
    )
    print(
        f"unchanged sync: {again.run.requests} requests (1 rate_limit + {fake.graphql_requests()} GraphQL; "
        f"budget 3 per repo), {again_seconds:.2f} s, {again.run.events_written} events re-written"
    )
    print(f"per-PR REST walk on the same data: {rest_walk_requests(repo)} requests")
    ok = full_requests <= 60 and fake.graphql_requests() <= 3
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
