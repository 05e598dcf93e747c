"""GitHub Enterprise Server: ``/api/v3`` and ``/api/graphql`` paths, and schemas without ``fullDatabaseId``.

Older GHES releases lack ``fullDatabaseId`` on some types. The collector asks the schema in its first
query which types have it and reads ``databaseId`` (under the same name) for the others; such an
instance's own ids are small, so they fit. Were one beyond 2^31 anyway, the page fails loudly with
GitHub's message instead of storing half of it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from collectors.github.queries import ID_TYPES
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world

from .helpers import github_config, snapshot, sync

Serve = Callable[[World], FakeGitHub]
SPEC = {"acme/api": RepoSpec(pulls=12, issues=4, heavy={2: (40, 25)})}


def serve_ghes(world: World, legacy: frozenset[str]) -> FakeGitHub:
    return FakeGitHub(world, legacy_id_types=legacy).start()


@pytest.mark.parametrize(
    "legacy",
    [frozenset({"PullRequestReview", "PullRequestReviewComment"}), frozenset(ID_TYPES)],
    ids=["reviews-lack-it", "all-lack-it"],
)
def test_types_without_full_database_id_read_database_id(legacy: frozenset[str], tmp_path: Path) -> None:
    modern = FakeGitHub(build_world(SPEC, ids="ghes")).start()
    old = serve_ghes(build_world(SPEC, ids="ghes"), legacy)
    try:
        _, reference = sync(github_config(modern, tmp_path / "modern.db", ghes=True, repos=["acme/api"]))
        result, store = sync(github_config(old, tmp_path / "old.db", ghes=True, repos=["acme/api"]))
        assert result.status == "ok", result.run.problems
        assert snapshot(store) == snapshot(reference)
        assert result.run.requests == old.total_requests() == old.hits["/api/graphql"]
        fragments = [f for body in old.graphql_bodies for f in body["query"].split("\nfragment ")[1:]]
        for typename in ID_TYPES:
            fragment = next(f for f in fragments if f.split(" on ", 1)[1].startswith(f"{typename} {{"))
            reads_legacy = "fullDatabaseId: databaseId" in fragment
            assert reads_legacy == (typename in legacy), typename
    finally:
        modern.stop()
        old.stop()


def test_an_id_beyond_int_on_such_a_server_fails_loudly(tmp_path: Path) -> None:
    fake = serve_ghes(build_world(SPEC), frozenset({"IssueComment"}))  # github.com-sized ids
    try:
        result, store = sync(github_config(fake, tmp_path / "a.db", ghes=True, repos=["acme/api"]))
    finally:
        fake.stop()
    assert result.status == "partial"
    (problem,) = result.run.problems
    assert "Int cannot represent non 32-bit signed integer value" in problem
    assert store.count_events() == 0
