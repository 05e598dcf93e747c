"""Faults are survived with identical results: 5xx, resets, heavy-query timeouts, rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes.github import FakeGitHub, Fault, RepoSpec, World, build_world

from .conftest import small_world
from .helpers import github_config, snapshot, sync

Serve = Callable[[World], FakeGitHub]


@pytest.fixture
def reference(serve: Serve, tmp_path: Path) -> list[tuple[str, ...]]:
    """Events of an undisturbed sync of the same world."""
    fake = serve(small_world())
    _, store = sync(github_config(fake, tmp_path / "reference.db"))
    return snapshot(store)


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=502, skip=1),
        Fault("status", status=504, times=2),
        Fault("status", status=503, skip=2),
        Fault("status", status=500),
        Fault("reset", skip=1),
        Fault("reset"),
        Fault("secondary", skip=1, retry_after=1),
        Fault("too_many", skip=2, retry_after=1),
    ],
    ids=["502", "504x2", "503", "500-first", "reset", "reset-first", "secondary", "429"],
)
def test_fault_is_survived_with_identical_events(
    fault: Fault, serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    fake = serve(small_world())
    planned = fault.times
    fake.faults.add(fault)
    result, store = sync(github_config(fake, tmp_path / "faulty.db"))
    assert result.status == "ok", result.run.problems
    assert fake.faults.injected == planned  # every planned failure was actually served
    assert snapshot(store) == reference
    assert result.run.requests == fake.total_requests()  # retries are counted too


def test_heavy_queries_shrink_the_page_and_give_identical_events(
    serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    fake = serve(small_world())
    fake.heavy_nodes = 8_000  # a 50-PR page asks for ~16k nodes: GitHub would time out
    result, store = sync(github_config(fake, tmp_path / "heavy.db"))
    assert result.status == "ok", result.run.problems
    assert snapshot(store) == reference
    statuses = [status for _, path, status in fake.log if path == "/graphql"]
    assert 502 in statuses
    firsts = [body["variables"].get("first") for body in fake.graphql_bodies if "first" in body["variables"]]
    assert max(firsts) == 50 and min(firsts) <= 25


def test_primary_limit_exhaustion_waits_for_the_reset(
    serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("primary", skip=1, reset_in=2))
    started = time.monotonic()
    result, store = sync(github_config(fake, tmp_path / "primary.db", max_rate_limit_wait_seconds=30))
    assert result.status == "ok", result.run.problems
    assert time.monotonic() - started >= 1.5
    assert snapshot(store) == reference
    rate_limited = [s for _, p, s in fake.log if p == "/graphql"]
    assert rate_limited.count(200) > 2


def test_rate_limit_past_the_allowed_wait_reports_the_repo_and_exits_partial(
    serve: Serve, tmp_path: Path
) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("primary", skip=1, reset_in=600))
    config = github_config(
        fake, tmp_path / "a.db", repos=["acme/api", "acme/web"], max_rate_limit_wait_seconds=1
    )
    started = time.monotonic()
    result, store = sync(config)
    assert time.monotonic() - started < 30
    assert result.status == "partial"
    assert len(result.run.problems) == 2
    assert all("max_rate_limit_wait_seconds" in p for p in result.run.problems)
    assert list(store.problems()["kind"]) == ["rate_limit", "rate_limit"]


@pytest.mark.parametrize("retry_after", [120, None], ids=["retry-after-120", "no-retry-after"])
def test_secondary_limit_past_the_allowed_wait_gives_up(
    retry_after: int | None, serve: Serve, tmp_path: Path
) -> None:
    """Without ``Retry-After`` GitHub's advice (and GithubRetry's default) is a minute."""
    fake = serve(small_world())
    fake.faults.add(Fault("secondary", retry_after=retry_after))
    started = time.monotonic()
    result, _ = sync(github_config(fake, tmp_path / "a.db", max_rate_limit_wait_seconds=5))
    assert time.monotonic() - started < 5
    assert result.status == "partial"
    wait = 120 if retry_after else 60
    assert result.run.problems == [
        f"github acme/web: secondary rate limit: GitHub asks to wait {wait}s, "
        "more than github.max_rate_limit_wait_seconds = 5"
    ]


def _statuses(fake: FakeGitHub) -> list[int]:
    return [status for _, path, status in fake.log if path == "/graphql"]


def _firsts(fake: FakeGitHub, operation: str) -> list[int]:
    return [
        body["variables"]["first"]
        for body in fake.graphql_bodies
        if body["query"].startswith(f"query {operation}(")
    ]


def test_a_502_is_retried_with_the_same_query_before_anything_shrinks(
    serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("status", status=502, skip=1, times=3))  # the first page, three tries in a row
    result, store = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "ok", result.run.problems
    assert _statuses(fake)[:5] == [200, 502, 502, 502, 200]
    assert _firsts(fake, "PullRequests") == [50, 50]  # the same page, not a smaller one
    assert snapshot(store) == reference
    assert result.run.requests == fake.total_requests()


def test_a_page_that_keeps_timing_out_shrinks_then_grows_back(serve: Serve, tmp_path: Path) -> None:
    spec = {"acme/web": RepoSpec(pulls=330, issues=3, review_comments=2, comments=1)}
    clean = serve(build_world(spec))
    _, reference = sync(github_config(clean, tmp_path / "clean.db"))
    fake = serve(build_world(spec))
    fake.faults.add(Fault("status", status=504, skip=2, times=4))  # every try of the second page
    result, store = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "ok", result.run.problems
    # 4 tries of the second page, then half pages until three answers in a row, then full pages again
    assert _firsts(fake, "PullRequests") == [50, 25, 25, 25, 50, 50, 50, 50, 50]
    assert snapshot(store) == snapshot(reference)


def test_a_follow_up_is_retried_first_too(
    serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("status", status=502, operation="FollowUp", times=2))
    result, store = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "ok", result.run.problems
    assert fake.faults.injected == 2
    follow_ups = [b["query"] for b in fake.graphql_bodies if b["query"].startswith("query FollowUp(")]
    assert all("(first: 100, after:" in query for query in follow_ups)  # nothing shrank
    assert snapshot(store) == reference


def test_everyday_failures_together_cost_at_most_twice_the_requests(
    serve: Serve, tmp_path: Path, reference: list[tuple[str, ...]]
) -> None:
    """Every 5th request answers 502, plus a secondary rate limit, a 429 and a connection reset."""
    clean = serve(small_world())
    clean_run, _ = sync(github_config(clean, tmp_path / "clean.db"))
    fake = serve(small_world())
    fake.faults.add(Fault("status", status=502, every=5, times=10_000))
    fake.faults.add(Fault("secondary", skip=1, retry_after=1))
    fake.faults.add(Fault("too_many", skip=2, retry_after=0))
    fake.faults.add(Fault("reset", skip=3))
    result, store = sync(github_config(fake, tmp_path / "faulty.db"))
    assert result.status == "ok", result.run.problems
    served = _statuses(fake)
    assert {502, 403, 429, 0} <= set(served)
    assert snapshot(store) == reference
    assert result.run.requests == fake.total_requests() <= 2 * clean_run.run.requests


def test_http_500_is_reported_as_what_it_is(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("status", status=500, skip=1, times=10_000))
    result, _ = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "partial"
    assert result.run.problems == [
        "github acme/web: GitHub answered HTTP 500 Internal Server Error 4 times in a row"
    ]


def test_a_query_that_never_stops_timing_out_gives_up_with_one_line(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("status", status=502, skip=1, times=10_000))
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=["acme/web", "acme/api"]))
    assert result.status == "partial"
    assert len(result.run.problems) == 2  # each repository: no progress possible
    problem = result.run.problems[0]
    assert problem.startswith("github acme/api: GitHub timed out (HTTP 502 Bad Gateway) 4 times in a row")
    assert "even for the smallest query (first 1, nested 1)" in problem
    assert store.count_events() == 0
    # bounded: four tries at each of the ten sizes from (50, 16) down to (1, 1), per repository
    assert result.run.requests == 1 + 2 * 4 * 10
