"""GitHub collector against the loopback fake: completeness, pagination, incremental syncs, request counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.fakes.github import FakeGitHub, RepoSpec, World, bot, build_world, user

from .conftest import small_world
from .helpers import github_config, kinds, snapshot, sync

Serve = Callable[[World], FakeGitHub]


def expected_kinds(world: World, repos: list[str]) -> dict[str, int]:
    """What the world holds, counted the way DESIGN §5 says events are made."""
    counts = {"pull_request": 0, "review": 0, "review_comment": 0, "comment": 0, "issue": 0}
    for name in repos:
        repo = world.repo(name)
        assert repo is not None
        for pull in repo.pulls:
            counts["pull_request"] += 1
            counts["review"] += len(pull["reviews"])
            counts["review_comment"] += sum(len(t["comments"]) for t in pull["reviewThreads"])
            counts["comment"] += len(pull["comments"])
        for issue in repo.issues:
            if not any(label["name"] == "retro" for label in issue["labels"]):
                counts["issue"] += 1
                counts["comment"] += len(issue["comments"])
    return counts


def test_full_sync_is_complete_with_heavy_pr_bots_and_ghosts(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=["acme/web", "acme/api"]))
    assert result.status == "ok", result.run.problems
    got = kinds(store)
    for kind, count in expected_kinds(world, ["acme/web", "acme/api"]).items():
        assert got.get(kind, 0) == count, kind
    assert got["retro_note"] == 2 and got["retro_action"] == 4
    events = store.events()
    heavy = world.repo("acme/web").pulls[4]  # type: ignore[union-attr]
    on_heavy = events[events["item"] == f"acme/web#{heavy['number']}"]
    assert (on_heavy["kind"] == "comment").sum() == 300
    assert (on_heavy["kind"] == "review").sum() == 120
    actors = set(events["actor"])
    assert "github:dependabot[bot]" in actors and "github:github-actions[bot]" in actors
    assert "github:ghost" in actors
    # every HTTP request the fake answered was counted by the collector, and vice versa
    assert result.run.requests == fake.total_requests()


def deep_world() -> World:
    """Overflows at every level: >50 PRs, >20 labels, >50 files, >20 reviews, >20 threads, a thread
    of >10 comments (and of >100, so its follow-up pages too), >30 comments, >50 issues."""
    world = build_world({"acme/web": RepoSpec(pulls=55, issues=52, review_comments=2, retro=False)})
    repo = world.repo("acme/web")
    assert repo is not None
    pull = world.add_pull(
        repo, user("ada"), labels=[f"l{i}" for i in range(25)], paths=[f"src/m{i}.py" for i in range(130)]
    )
    for i in range(23):
        world.review(pull, user("grace"), "COMMENTED", f"r{i}")
    for i in range(24):
        world.review_comment(pull, user("linus"), f"opening {i}", path=f"src/m{i}.py")
    long_thread = pull["reviewThreads"][-1]
    for i in range(120):
        world.review_comment(
            pull, user("ken") if i % 2 else bot("renovate"), f"reply {i}", thread=long_thread
        )
    for i in range(35):
        world.comment(pull, None if i == 3 else user("barbara"), f"c{i}")
    issue = world.add_issue(repo, user("frances"), labels=[f"x{i}" for i in range(22)])
    for i in range(140):
        world.comment(issue, user("dennis"), f"ic{i}")
    return world


def test_pagination_at_every_level(serve: Serve, tmp_path: Path) -> None:
    world = deep_world()
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db"))
    assert result.status == "ok", result.run.problems
    got = kinds(store)
    for kind, count in expected_kinds(world, ["acme/web"]).items():
        assert got.get(kind, 0) == count, kind
    events = store.events()
    attrs = events["attrs"].map(json.loads)
    big = world.repo("acme/web").pulls[-1]  # type: ignore[union-attr]
    pr_row = events[events["event_id"] == f"github:pull_request:{big['databaseId']}"].index[0]
    assert len(attrs[pr_row]["paths"]) == 130
    assert len(attrs[pr_row]["labels"]) == 25
    issue = world.repo("acme/web").issues[-1]  # type: ignore[union-attr]
    issue_row = events[events["event_id"] == f"github:issue:{issue['databaseId']}"].index[0]
    assert len(attrs[issue_row]["labels"]) == 22
    # replies keep their threading through the follow-up pages
    replies = events[events["text"].str.startswith("reply ", na=False)]
    assert len(replies) == 120
    assert replies["attrs"].map(json.loads).map(lambda a: a["in_reply_to"] is not None).all()


def test_incremental_sync_picks_up_new_activity_only_above_the_watermark(
    serve: Serve, tmp_path: Path
) -> None:
    world = small_world()
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db")
    _, store = sync(config)
    repo = world.repo("acme/web")
    assert repo is not None
    oldest = min(repo.pulls, key=lambda p: p["updatedAt"])
    new_comment = world.comment(oldest, user("radia"), "Is this still needed?")
    new_review = world.review(repo.pulls[10], user("edsger"), "APPROVED")
    new_issue = world.add_issue(repo, user("margaret"), title="Flaky deploy")
    fake.reset_counters()
    result, store = sync(config, store)
    assert result.status == "ok"
    ids = set(store.events(columns=["event_id"])["event_id"])
    assert f"github:comment:{new_comment['databaseId']}" in ids
    assert f"github:review:{new_review['databaseId']}" in ids
    assert f"github:issue:{new_issue['databaseId']}" in ids
    assert fake.graphql_requests() <= 4
    # only the changed items (and those inside the small overlap) were fetched again
    assert result.run.events_written < 60


def test_an_item_that_changes_shape_converges_to_a_full_sync(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db")
    _, store = sync(config)
    repo = world.repo("acme/web")
    assert repo is not None
    commented = next(pull for pull in repo.pulls if pull["comments"])
    gone = commented["comments"][0]
    world.delete_comment(commented, gone)
    plain = next(i for i in repo.issues if not any(label["name"] == "retro" for label in i["labels"]))
    world.comment(plain, user("radia"), "- [ ] @radia fix the flaky deploy")
    world.add_label(plain, "retro")
    result, store = sync(config, store)
    assert result.status == "ok", result.run.problems
    ids = set(store.events(columns=["event_id"])["event_id"])
    assert f"github:comment:{gone['databaseId']}" not in ids
    assert f"github:issue:{plain['databaseId']}" not in ids  # it is a retro note now
    _, fresh = sync(github_config(fake, tmp_path / "fresh.db"))
    assert snapshot(fresh) == snapshot(store)


def test_full_flag_refetches_everything_without_duplicates(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    config = github_config(fake, tmp_path / "a.db")
    _, store = sync(config)
    before = snapshot(store)
    result, store = sync(config, store, full=True)
    assert result.run.events_written == len(before)
    assert snapshot(store) == before


def test_unknown_repo_is_reported_and_the_others_are_synced(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    config = github_config(fake, tmp_path / "a.db", repos=["acme/missing", "acme/api"])
    result, store = sync(config)
    assert result.status == "partial"
    assert result.run.problems == [
        "github acme/missing: Could not resolve to a Repository with the name 'acme/missing'."
    ]
    assert set(store.events(columns=["container"])["container"]) == {"acme/api"}
    problems = store.problems()
    assert list(problems["kind"]) == ["not_found"]


def test_orgs_add_their_repositories_and_an_unknown_org_is_reported(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    config = github_config(fake, tmp_path / "a.db", repos=[], orgs=["acme", "nobody"])
    result, store = sync(config)
    assert result.status == "partial"
    assert set(store.events(columns=["container"])["container"]) == {"acme/api", "acme/web"}
    assert [p.split(":")[0] for p in result.run.problems] == ["github org"]
    assert "nobody" in result.run.problems[0]


def test_since_limits_the_first_sync(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    repo = world.repo("acme/web")
    assert repo is not None
    middle = sorted(p["updatedAt"] for p in repo.pulls)[len(repo.pulls) // 2][:10]
    result, store = sync(github_config(fake, tmp_path / "a.db", since=middle))
    assert result.status == "ok"
    pulls = kinds(store)["pull_request"]
    assert 0 < pulls < len(repo.pulls)
    assert pulls == sum(1 for p in repo.pulls if p["updatedAt"][:10] >= middle)


def test_ghes_base_url_uses_api_v3_and_api_graphql(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    result, store = sync(github_config(fake, tmp_path / "a.db", ghes=True, repos=["acme/api"]))
    assert result.status == "ok"
    assert store.count_events() > 0
    assert fake.hits["/api/graphql"] >= 2
    assert fake.total_requests() == fake.hits["/api/graphql"]  # no REST at all, no /rate_limit
    assert result.run.requests == fake.total_requests()
