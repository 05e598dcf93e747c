"""Ids beyond 32 bits: the fake answers like github.com, the collector reads ``fullDatabaseId`` everywhere,
event ids stay the REST numbers, and an answer with errors beside its data is never half-used."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collectors.github.queries import ID_TYPES, IdFields
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world
from tests.fakes.github.world import GITHUB_COM_IDS, INT32_MAX

from .conftest import small_world
from .helpers import TOKEN, github_config, sync

Serve = Callable[[World], FakeGitHub]


def post(fake: FakeGitHub, query: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{fake.api_url()}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Authorization": f"bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
        return json.load(response)


def test_the_fake_hands_out_todays_ids_and_answers_databaseid_as_github_does(serve: Serve) -> None:
    world = small_world()
    fake = serve(world)
    web = world.repo("acme/web")
    assert web is not None
    ranges = {
        "PR": [p["databaseId"] for p in web.pulls],
        "I": [i["databaseId"] for i in web.issues],
        "IC": [c["databaseId"] for p in web.pulls for c in p["comments"]],
        "PRR": [r["databaseId"] for p in web.pulls for r in p["reviews"]],
        "PRRC": [c["databaseId"] for p in web.pulls for t in p["reviewThreads"] for c in t["comments"]],
    }
    for prefix, ids in ranges.items():
        assert min(ids) >= GITHUB_COM_IDS[prefix] and len(set(ids)) == len(ids), prefix
    assert all(pid > INT32_MAX for pid in ranges["PR"] + ranges["IC"] + ranges["PRR"] + ranges["I"])
    assert min(ranges["PRRC"]) <= INT32_MAX < max(ranges["PRRC"])  # review comments straddle 2^31
    answer = post(
        fake,
        '{ repository(owner: "acme", name: "web") { pullRequests(first: 3) { nodes { databaseId '
        "fullDatabaseId reviewThreads(first: 2) { nodes { comments(first: 2) { nodes { databaseId } } } } "
        "} } } }",
    )
    nodes = answer["data"]["repository"]["pullRequests"]["nodes"]
    assert [node["databaseId"] for node in nodes] == [None, None, None]  # HTTP 200, the field null
    assert [node["fullDatabaseId"] for node in nodes] == [str(p["databaseId"]) for p in web.pulls[:3]]
    errors = answer["errors"]
    overflowing = [
        c["databaseId"]
        for p in web.pulls[:3]
        for t in p["reviewThreads"][:2]
        for c in t["comments"][:2]
        if c["databaseId"] > INT32_MAX
    ]
    assert len(errors) == 3 + len(overflowing)  # one error per field beyond Int
    first = errors[0]
    assert (
        first["message"]
        == f"Int cannot represent non 32-bit signed integer value: {web.pulls[0]['databaseId']}"
    )
    assert first["path"] == ["repository", "pullRequests", "nodes", 0, "databaseId"]
    assert first["locations"][0]["line"] == 1


def test_event_ids_are_the_rest_numbers_of_every_kind(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=["acme/web", "acme/api"]))
    assert result.status == "ok", result.run.problems
    events = store.events()
    ids = set(events["event_id"])
    for repo in world.repos.values():
        for pull in repo.pulls:
            assert f"github:pull_request:{pull['databaseId']}" in ids
            assert {f"github:review:{r['databaseId']}" for r in pull["reviews"]} <= ids
            assert {f"github:comment:{c['databaseId']}" for c in pull["comments"]} <= ids
            for thread in pull["reviewThreads"]:
                assert {f"github:review_comment:{c['databaseId']}" for c in thread["comments"]} <= ids
    inline = events[events["kind"] == "review_comment"]
    attrs = inline["attrs"].map(json.loads)
    # replyTo and pullRequestReview references carry the full numbers too, and point at stored events
    replies = [a["in_reply_to"] for a in attrs if a["in_reply_to"]]
    assert replies and set(replies) <= ids
    assert {a["review_id"] for a in attrs if a["review_id"]} <= ids
    assert any(int(reply.rsplit(":", 1)[1]) > INT32_MAX for reply in replies)


def test_where_databaseid_worked_the_event_ids_are_the_ones_it_gave(serve: Serve, tmp_path: Path) -> None:
    """The previous version made ``github:<kind>:<databaseId>``; with ids below 2^31 (where that worked)
    reading ``fullDatabaseId`` gives the very same ids, so stores it wrote are updated, never duplicated."""
    world = build_world({"acme/web": RepoSpec(pulls=8, issues=3, retro=False)}, ids="ghes")
    fake = serve(world)
    _, store = sync(github_config(fake, tmp_path / "a.db"))
    repo = world.repo("acme/web")
    assert repo is not None
    old = {f"github:pull_request:{p['databaseId']}" for p in repo.pulls}
    old |= {f"github:issue:{i['databaseId']}" for i in repo.issues}
    old |= {f"github:review:{r['databaseId']}" for p in repo.pulls for r in p["reviews"]}
    old |= {
        f"github:comment:{c['databaseId']}" for item in repo.pulls + repo.issues for c in item["comments"]
    }
    old |= {
        f"github:review_comment:{c['databaseId']}"
        for p in repo.pulls
        for t in p["reviewThreads"]
        for c in t["comments"]
    }
    assert max(int(event_id.rsplit(":", 1)[1]) for event_id in old) < INT32_MAX
    assert set(store.events(columns=["event_id"])["event_id"]) == old


def test_reading_databaseid_fails_the_page_loudly_and_saves_nothing_of_it(
    serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regression to ``databaseId`` meets GitHub's partial answer: the page fails with GitHub's message."""
    regressed = IdFields(frozenset(ID_TYPES))  # every id read from databaseId, as before this fix
    monkeypatch.setattr("collectors.github.survey.id_fields", lambda data: regressed)
    fake = serve(small_world())
    result, store = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "partial"
    (problem,) = result.run.problems
    assert problem.startswith("github acme/web: GitHub answered with errors: Int cannot represent non 32-bit")
    assert "(at repository.pullRequests.nodes.0.fullDatabaseId)" in problem and "more)" in problem
    assert store.count_events() == 0
    assert list(store.problems()["kind"]) == ["error"]
