"""The transport through PyGithub: which GraphQL errors leave an answer usable, organisation listing,
request counting, no write spacing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from collectors.github.errors import QueryTooHeavy, RepoFailed
from collectors.github.ratelimit import RateLimitGate
from collectors.github.transport import Transport
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world, user

from .conftest import small_world
from .helpers import TOKEN, github_config, sync

Serve = Callable[[World], FakeGitHub]


def _transport(fake: FakeGitHub, counter: list[int]) -> Transport:
    return Transport(fake.api_url(), TOKEN, RateLimitGate(5), lambda: counter.append(1))


def test_not_found_aliases_are_returned_and_the_rest_of_the_answer_used(serve: Serve) -> None:
    fake = serve(small_world())
    counter: list[int] = []
    answer = _transport(fake, counter).graphql_answer(
        '{ a: repository(owner: "acme", name: "web") { name } '
        'b: repository(owner: "acme", name: "gone") { name } }',
        {},
        "two",
    )
    assert answer.data["a"] == {"name": "web"} and answer.data["b"] is None
    assert answer.refused == {
        "b": ("NOT_FOUND", "Could not resolve to a Repository with the name 'acme/gone'.")
    }
    assert len(counter) == fake.total_requests() == 1


def test_any_other_error_beside_data_fails_the_query_with_githubs_message(serve: Serve) -> None:
    fake = serve(small_world())
    with pytest.raises(
        RepoFailed, match=r"^q: GitHub answered with errors: Int cannot represent non 32-bit "
    ):
        _transport(fake, []).graphql(
            '{ repository(owner: "acme", name: "web") { pullRequests(first: 5) { nodes { databaseId } } } }',
            {},
            "q",
        )
    with pytest.raises(RepoFailed, match="Field 'bogus' doesn't exist on type 'Repository'"):
        _transport(fake, []).graphql('{ repository(owner: "acme", name: "web") { bogus } }', {}, "q")


def test_a_query_over_the_node_limit_is_too_heavy(serve: Serve) -> None:
    fake = serve(small_world())
    query = (
        '{ repository(owner: "acme", name: "web") { pullRequests(first: 100) { nodes { '
        "comments(first: 100) { nodes { reactions(first: 100) { totalCount } } } } } } }"
    )
    with pytest.raises(QueryTooHeavy, match="exceeds the maximum limit of 500000"):
        _transport(fake, []).graphql(query, {}, "q")


def test_an_organisation_is_listed_100_repositories_a_query(serve: Serve, tmp_path: Path) -> None:
    world = build_world(
        {f"big/repo-{index:03d}": RepoSpec(pulls=0, issues=0, retro=False) for index in range(205)}
    )
    world.add_pull(world.add_repo("big/one-with-a-pull"), user("ada"))
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], orgs=["big"]))
    assert result.status == "ok", result.run.problems
    # three pages of repositories, each telling the newest pull request and issue of every one of them;
    # empty repositories need nothing more, the one with a pull request one page
    assert fake.total_requests() == result.run.requests == 4
    assert [body["variables"]["first"] for body in fake.graphql_bodies] == [100, 100, 100, 50]
    assert list(store.events(columns=["item"])["item"]) == ["big/one-with-a-pull#1"]


def test_graphql_posts_are_not_spaced_like_writes(serve: Serve) -> None:
    """PyGithub waits 1 s between POSTs by default; read-only GraphQL queries must not."""
    fake = serve(World(TOKEN))
    transport = _transport(fake, [])
    started = time.monotonic()
    for _ in range(5):
        transport.graphql("{ viewer { login } }", {}, "viewer")
    assert time.monotonic() - started < 2.5
