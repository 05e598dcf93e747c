"""Faults are survived with identical results: 5xx, resets, heavy-query timeouts, rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes.github import FakeGitHub, Fault, World

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


def test_secondary_limit_without_retry_after_past_the_allowed_wait_gives_up(
    serve: Serve, tmp_path: Path
) -> None:
    fake = serve(small_world())
    fake.faults.add(Fault("secondary", retry_after=120))
    result, _ = sync(github_config(fake, tmp_path / "a.db", max_rate_limit_wait_seconds=5))
    assert result.status == "partial"
    assert "secondary rate limit" in result.run.problems[0]
