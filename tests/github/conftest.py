"""Fixtures of the GitHub collector tests: a fake GitHub on loopback per test, the token in env."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world
from tests.fakes.github.graphql_api import github_schema

from .helpers import TOKEN


@pytest.fixture(scope="session", autouse=True)
def _schema_once() -> None:
    github_schema()  # build GitHub's schema once per session, not inside the first timed request


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)


@pytest.fixture(autouse=True)
def _tiny_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries of transient failures back off 10 ms instead of half a second, so fault tests are fast."""
    monkeypatch.setattr("collectors.github.retry.BACKOFF_SECONDS", 0.01)


@pytest.fixture
def serve() -> Iterator[Callable[[World], FakeGitHub]]:
    """``serve(world)`` starts a fake for that world; every fake is stopped after the test."""
    started: list[FakeGitHub] = []

    def start(world: World) -> FakeGitHub:
        fake = FakeGitHub(world).start()
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


def small_world(seed: int = 7) -> World:
    """Two repositories with bots, ghosts, a retro and one PR of 300 comments and 120 reviews."""
    return build_world(
        {
            "acme/web": RepoSpec(pulls=60, issues=8, heavy={4: (300, 120)}),
            "acme/api": RepoSpec(pulls=6, issues=2),
        },
        seed=seed,
    )
