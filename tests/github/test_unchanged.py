"""An unchanged re-sync costs ⌈N/10⌉ GraphQL requests for N repositories, one per organisation page; a
changed repository then gets its normal incremental pass, and only for the streams that changed."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world, user

from .conftest import small_world
from .helpers import github_config, snapshot, sync

Serve = Callable[[World], FakeGitHub]
SMALL = RepoSpec(pulls=3, issues=2, reviews=1, review_comments=2, comments=1, retro=False)


def many_repos(count: int) -> tuple[World, list[str]]:
    names = [f"acme/repo-{index:02d}" for index in range(count)]
    return build_world(dict.fromkeys(names, SMALL)), names


def operations(fake: FakeGitHub) -> list[str]:
    """The GraphQL operation name of every query the fake answered, in order."""
    return [body["query"].split("(", 1)[0].removeprefix("query ").strip() for body in fake.graphql_bodies]


def test_unchanged_resync_of_one_repository_is_one_request(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    config = github_config(fake, tmp_path / "a.db")
    _, store = sync(config)
    before = snapshot(store)
    fake.reset_counters()
    result, store = sync(config, store)
    assert result.status == "ok", result.run.problems
    assert fake.total_requests() == fake.graphql_requests() == result.run.requests == 1
    assert operations(fake) == ["Repositories"]
    assert result.run.events_written == 0 and snapshot(store) == before


@pytest.mark.parametrize("count", [10, 11, 25])
def test_unchanged_resync_of_n_repositories_costs_n_over_10_requests(
    count: int, serve: Serve, tmp_path: Path
) -> None:
    world, names = many_repos(count)
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db", repos=names)
    first, store = sync(config)
    assert first.status == "ok", first.run.problems
    fake.reset_counters()
    result, _ = sync(config, store)
    assert result.status == "ok", result.run.problems
    assert fake.total_requests() == result.run.requests == math.ceil(count / 10)
    asked = [sum(key.startswith("o") for key in body["variables"]) for body in fake.graphql_bodies]
    assert sorted(asked, reverse=True) == [10] * (count // 10) + ([count % 10] if count % 10 else [])


def test_unchanged_org_costs_one_request_and_a_configured_member_is_not_asked_again(
    serve: Serve, tmp_path: Path
) -> None:
    world, names = many_repos(25)
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db", repos=[names[3].upper()], orgs=["acme"])
    first, store = sync(config)
    assert first.status == "ok", first.run.problems
    assert len(set(store.events(columns=["container"])["container"])) == 25
    fake.reset_counters()
    result, _ = sync(config, store)
    assert result.status == "ok", result.run.problems
    assert fake.total_requests() == result.run.requests == 1
    assert operations(fake) == ["Organization"]


def test_only_the_changed_streams_of_changed_repositories_are_fetched(serve: Serve, tmp_path: Path) -> None:
    world, names = many_repos(25)
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db", repos=names)
    _, store = sync(config)
    commented = world.repo(names[4]).pulls[0]  # type: ignore[union-attr]
    new_comment = world.comment(commented, user("radia"), "Could this wait for the release?")
    new_issue = world.add_issue(world.repo(names[17]), user("ken"), title="Flaky deploy")  # type: ignore[arg-type]
    fake.reset_counters()
    result, store = sync(config, store)
    assert result.status == "ok", result.run.problems
    # three survey queries, then one pull request page of one repository and one issue page of another
    assert operations(fake) == ["Repositories"] * 3 + ["PullRequests", "Issues"]
    assert [body["variables"]["name"] for body in fake.graphql_bodies[3:]] == ["repo-04", "repo-17"]
    ids = set(store.events(columns=["event_id"])["event_id"])
    assert f"github:comment:{new_comment['fullDatabaseId']}" in ids
    assert f"github:issue:{new_issue['fullDatabaseId']}" in ids
    _, fresh = sync(github_config(fake, tmp_path / "fresh.db", repos=names))
    assert snapshot(fresh) == snapshot(store)


def test_since_with_nothing_after_it_leaves_nothing_to_do(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    latest = max(p["updatedAt"] for r in world.repos.values() for p in r.pulls + r.issues)
    config = github_config(fake, tmp_path / "a.db", since=f"{int(latest[:4]) + 1}-01-01")
    first, store = sync(config)
    assert first.status == "ok" and store.count_events() == 0
    fake.reset_counters()
    result, _ = sync(config, store)
    assert fake.total_requests() == result.run.requests == 1


def test_full_flag_fetches_everything_again(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    config = github_config(fake, tmp_path / "a.db")
    _, store = sync(config)
    fake.reset_counters()
    result, _ = sync(config, store, full=True)
    assert "PullRequests" in operations(fake) and "Issues" in operations(fake)
    assert result.run.events_written == store.count_events()
