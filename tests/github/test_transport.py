"""The transport through PyGithub: REST Link pagination of an organisation, request counting, errors."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from collectors.github.errors import NotFound
from collectors.github.ratelimit import RateLimitGate
from collectors.github.transport import Transport
from tests.fakes.github import FakeGitHub, World

from .helpers import TOKEN

Serve = Callable[[World], FakeGitHub]


def _transport(fake: FakeGitHub, counter: list[int], *, ghes: bool = False) -> Transport:
    return Transport(fake.api_url(ghes=ghes), TOKEN, RateLimitGate(5), lambda: counter.append(1))


@pytest.mark.parametrize("ghes", [False, True], ids=["github.com", "ghes"])
def test_org_listing_follows_link_pages(serve: Serve, ghes: bool) -> None:
    world = World(TOKEN)
    for index in range(205):
        world.add_repo(f"big/repo-{index:03d}")
    fake = serve(world)
    counter: list[int] = []
    names = _transport(fake, counter, ghes=ghes).org_repos("big")
    assert len(names) == 205 and len(set(names)) == 205
    prefix = "/api/v3" if ghes else ""
    assert fake.hits[f"{prefix}/orgs/big/repos"] == 3  # three Link pages of 100, no extra GET per repo
    assert fake.total_requests() == len(counter) == 3


def test_unknown_org_is_not_found(serve: Serve) -> None:
    fake = serve(World(TOKEN))
    with pytest.raises(NotFound):
        _transport(fake, []).org_repos("nobody")


def test_graphql_posts_are_not_spaced_like_writes(serve: Serve) -> None:
    """PyGithub waits 1 s between POSTs by default; read-only GraphQL queries must not."""
    world = World(TOKEN)
    world.add_repo("acme/web")
    fake = serve(world)
    transport = _transport(fake, [])
    started = time.monotonic()
    for _ in range(5):
        transport.graphql("{ viewer { login } }", {}, "viewer")
    assert time.monotonic() - started < 2.5
