"""``[github] involves`` against the loopback fake: the items a person was involved in, collected whole,
identical to a repository sync of the same items; the 1,000-result cap, the search rate limit,
incomplete results, incremental reruns and unknown logins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from collectors.github.ratelimit import RateLimitGate
from collectors.github.search_pacer import SearchPacer
from collectors.store import Store
from tests.fakes.github import FakeGitHub, Fault, RepoSpec, World, build_world, user
from tests.fakes.github.rest_search import SearchLimits

from .conftest import small_world
from .helpers import github_config, snapshot, sync

Serve = Callable[[World], FakeGitHub]


def involved(world: World, login: str) -> set[str]:
    """``owner/repo#n`` of every item ``login`` authored, was assigned, commented, was mentioned in or
    reviewed (inline comments included), computed from the world itself."""

    def is_login(actor: dict[str, Any] | None) -> bool:
        return bool(actor) and actor.get("__typename") == "User" and actor["login"] == login  # type: ignore[union-attr]

    found = set()
    for item in world.items():
        texts = [item.get("body") or "", *(c.get("body") or "" for c in item["comments"])]
        texts += [r.get("body") or "" for r in item.get("reviews", [])]
        reviewers = [r.get("author") for r in item.get("reviews", []) if r.get("submittedAt")]
        reviewers += [c.get("author") for t in item.get("reviewThreads", []) for c in t["comments"]]
        people = [
            item.get("author"),
            *item.get("assignees", []),
            *(c.get("author") for c in item["comments"]),
        ]
        texts += [c.get("body") or "" for t in item.get("reviewThreads", []) for c in t["comments"]]
        if any(is_login(p) for p in people + reviewers) or any(f"@{login}" in text for text in texts):
            found.add(f"{item['_repo']}#{item['number']}")
    return found


def items_of(store: Store) -> set[str]:
    return set(store.events(columns=["event_id", "item"])["item"])


def test_involved_items_make_exactly_the_events_of_a_repository_sync(serve: Serve, tmp_path: Path) -> None:
    world = small_world()  # bots, ghosts, a retro, a PR of 300 comments and 120 reviews
    web = world.repo("acme/web")
    assert web is not None
    quiet = world.add_pull(web, user("grace"), title="Reviewed without a word")
    world.review(quiet, user("ada"), "APPROVED")  # found only by reviewed-by:
    assigned = world.add_issue(web, user("ken"), title="Assigned")
    world.assign(assigned, "ada")
    world.comment(world.add_issue(web, user("ken")), user("linus"), "@ada can you look?")
    fake = serve(world)
    whole, repos = sync(github_config(fake, tmp_path / "repos.db", repos=["acme/web", "acme/api"]))
    mine, store = sync(github_config(fake, tmp_path / "mine.db", repos=[], involves=["ada"]))
    assert whole.status == mine.status == "ok", mine.run.problems

    expected = involved(world, "ada")
    assert items_of(store) == expected
    assert {f"acme/web#{quiet['number']}", f"acme/web#{assigned['number']}"} <= expected
    heavy = f"acme/web#{web.pulls[4]['number']}"
    assert heavy in expected  # its 300 comments and 120 reviews came through follow-ups
    assert snapshot(store) == [row for row in snapshot(repos) if row[4] in expected]
    assert mine.run.requests == fake.total_requests() - whole.run.requests
    assert fake.hits["/search/issues"] == 2  # one page of involves:, one of reviewed-by:


def test_a_footprint_beyond_the_1000_result_cap_is_found_whole(serve: Serve, tmp_path: Path) -> None:
    world = World()
    repo = world.add_repo("acme/big")
    for index in range(1250):
        issue = world.add_issue(repo, user("grace"), title=f"Issue {index}")
        world.comment(issue, user("ada"), "On it.")
        if index % 5 == 0:
            world.add_issue(repo, user("ken"))  # not hers
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"]))
    assert result.status == "ok", result.run.problems
    assert len(items_of(store)) == 1250
    statuses = [status for method, path, status in fake.log if path == "/search/issues"]
    assert statuses and set(statuses) == {200}  # never a page beyond the cap (422)
    assert len(statuses) <= 1250 // 100 + 4


def test_searches_wait_for_the_search_rate_limit_instead_of_being_refused(
    serve: Serve, tmp_path: Path
) -> None:
    world = World()
    repo = world.add_repo("acme/big")
    for index in range(450):
        world.comment(world.add_issue(repo, user("grace"), title=f"Issue {index}"), user("ada"), "Done.")
    fake = serve(world)
    fake.search_limits = fake.rates["search"] = SearchLimits(limit=3, window=2.0)
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"]))
    assert result.status == "ok", result.run.problems
    assert len(items_of(store)) == 450
    assert fake.search_limits.refused == 0
    assert fake.hits["/search/issues"] >= 6  # more than one window's worth, paced


def test_the_pacer_keeps_to_30_searches_a_minute_when_the_server_says_nothing() -> None:
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = SearchPacer(RateLimitGate(900, sleep=sleep, clock=lambda: now[0]))
    for _ in range(30):
        pacer.before_search()
        now[0] += 0.5
    assert slept == []
    pacer.before_search()  # the 31st within the minute waits for the first to leave the window
    assert 44 < sum(slept) <= 46


def test_a_secondary_limit_on_search_is_waited_out_with_identical_results(
    serve: Serve, tmp_path: Path
) -> None:
    clean = serve(small_world())
    _, reference = sync(github_config(clean, tmp_path / "clean.db", repos=[], involves=["ada"]))
    fake = serve(small_world())
    fake.faults.add(Fault("secondary", endpoint="rest", retry_after=1))
    fake.faults.add(Fault("status", endpoint="rest", status=502, skip=1))
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"]))
    assert result.status == "ok", result.run.problems
    assert fake.faults.injected == 2
    assert snapshot(store) == snapshot(reference)


def test_incomplete_search_results_are_saved_but_searched_again(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    fake.search_limits.incomplete = 3  # the first page stays incomplete through both retries
    config = github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"])
    result, store = sync(config)
    assert result.status == "partial"
    assert any("incomplete results" in problem for problem in result.run.problems)
    first = items_of(store)
    assert first and first < involved(world, "ada")
    assert store.get_state("github", "involves:ada") in (None, {})  # the watermark did not move
    result, store = sync(config, store)
    assert result.status == "ok", result.run.problems
    assert items_of(store) == involved(world, "ada")


def test_a_rerun_fetches_only_what_changed(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    config = github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"])
    _, store = sync(config)
    world.tick(60 * 24)
    web = world.repo("acme/web")
    assert web is not None
    oldest = min(web.pulls, key=lambda p: p["updatedAt"])
    comment = world.comment(oldest, user("ada"), "Coming back to this.")
    fresh = world.add_issue(web, user("ada"), title="New")
    world.add_issue(web, user("ken"), title="Not hers")
    fake.reset_counters()
    result, store = sync(config, store)
    assert result.status == "ok", result.run.problems
    ids = set(store.events(columns=["event_id"])["event_id"])
    assert f"github:comment:{comment['databaseId']}" in ids
    assert f"github:issue:{fresh['databaseId']}" in ids
    assert fake.hits["/search/issues"] == 2 and fake.graphql_requests() == 2  # schema + one batch
    assert items_of(store) == involved(world, "ada")


def test_an_unknown_login_is_reported_and_the_others_go_on(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], involves=["no-such-user", "ada"]))
    assert result.status == "partial"
    (problem,) = result.run.problems
    assert "involves:no-such-user" in problem and "cannot be searched" in problem
    assert items_of(store)


def test_an_item_gone_between_search_and_fetch_is_left_out(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    fake = serve(world)
    mine = involved(world, "ada")
    web = world.repo("acme/web")
    assert web is not None
    gone = next(p for p in web.pulls if f"acme/web#{p['number']}" in mine)
    world.nodes.pop(gone["id"])  # the search still lists it, nodes(ids:) no longer finds it
    result, store = sync(github_config(fake, tmp_path / "a.db", repos=[], involves=["ada"]))
    assert result.status == "ok", result.run.problems
    assert items_of(store) == mine - {f"acme/web#{gone['number']}"}


def test_involves_works_on_github_enterprise_server_paths(serve: Serve, tmp_path: Path) -> None:
    world = build_world({"acme/web": RepoSpec(pulls=12, issues=3)}, ids="ghes")
    fake = serve(world)
    result, store = sync(github_config(fake, tmp_path / "a.db", ghes=True, repos=[], involves=["ada"]))
    assert result.status == "ok", result.run.problems
    assert items_of(store) == involved(world, "ada")
    assert fake.hits["/api/v3/search/issues"] == 2 and fake.hits["/api/graphql"] >= 2
