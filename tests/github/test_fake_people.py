"""The fake's people, teams and search, read through PyGithub and raw GraphQL the way GitHub answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from github import Auth, Github, GithubException

from tests.fakes.github import FakeGitHub, World, user

from .conftest import small_world
from .helpers import TOKEN
from .test_ids import post

Serve = Callable[[World], FakeGitHub]


def people_world() -> World:
    world = small_world()
    world.directory.profile("ada", name="Ada Lovelace", email="ada@acme.test")
    world.directory.profile("grace", name="Grace Hopper")  # email private
    world.directory.add_team(
        "acme", "web", members=["ada"], maintainers=["grace"], repos={"acme/web": "MAINTAIN"}
    )
    world.directory.add_team("acme", "api", members=["ada"], repos={"acme/api": "READ"})
    return world


def client(fake: FakeGitHub) -> Github:
    return Github(base_url=fake.api_url(), auth=Auth.Token(TOKEN), per_page=100, retry=None)


def test_rest_profiles_teams_members_and_repositories_parse_in_pygithub(serve: Serve) -> None:
    fake = serve(people_world())
    github = client(fake)
    assert github.get_user("ada").email == "ada@acme.test" and github.get_user("ada").name == "Ada Lovelace"
    assert github.get_user("grace").email is None  # private: null in REST
    org = github.get_organization("acme")
    teams = {team.slug: team for team in org.get_teams()}
    assert sorted(teams) == ["api", "web"]
    web = teams["web"]
    assert sorted(member.login for member in web.get_members()) == ["ada", "grace"]
    assert [member.login for member in web.get_members(role="maintainer")] == ["grace"]
    (repo,) = list(web.get_repos())
    assert repo.full_name == "acme/web" and repo.permissions.maintain and repo.permissions.push
    (read,) = list(teams["api"].get_repos())
    assert read.permissions.pull and not read.permissions.push


def test_rest_search_shapes_the_cap_and_the_search_rate_limit(serve: Serve) -> None:
    world = people_world()
    fake = serve(world)
    github = client(fake)
    found = github.search_issues("involves:ada")
    numbers = [item.number for item in found]
    assert found.totalCount == len(numbers) > 0
    _, page = github.requester.requestJsonAndCheck(
        "GET", "/search/issues", parameters={"q": "involves:ada", "per_page": 100}
    )
    kinds = ["pull_request" in item for item in page["items"]]  # a pull request carries the key
    assert any(kinds) and not all(kinds) and len(kinds) == len(numbers)
    pulls = {pull["id"] for repo in world.repos.values() for pull in repo.pulls}
    assert all(item["node_id"] in pulls for item in page["items"] if "pull_request" in item)
    headers, body = github.requester.requestJsonAndCheck(
        "GET", "/search/issues", parameters={"q": "author:ada"}
    )
    assert headers["x-ratelimit-resource"] == "search" and headers["x-ratelimit-limit"] == "30"
    assert body["incomplete_results"] is False
    with pytest.raises(GithubException) as beyond:
        github.requester.requestJsonAndCheck(
            "GET", "/search/issues", parameters={"q": "author:ada", "per_page": 100, "page": 11}
        )
    assert beyond.value.status == 422 and "first 1000" in beyond.value.data["message"]
    with pytest.raises(GithubException) as unknown:
        github.requester.requestJsonAndCheck(
            "GET", "/search/issues", parameters={"q": "involves:nobody-here"}
        )
    assert unknown.value.status == 422 and "cannot be searched" in str(unknown.value.data)


def test_the_search_rate_limit_refuses_past_30_a_minute(serve: Serve) -> None:
    fake = serve(people_world())
    github = client(fake)
    for _ in range(30):
        github.requester.requestJsonAndCheck("GET", "/search/issues", parameters={"q": "author:ada"})
    with pytest.raises(GithubException) as refused:
        github.requester.requestJsonAndCheck("GET", "/search/issues", parameters={"q": "author:ada"})
    assert refused.value.status == 403 and refused.value.headers["x-ratelimit-remaining"] == "0"
    assert fake.search_limits.refused == 1
    github.get_user("ada")  # the core limit is another budget


def test_search_qualifiers_read_like_githubs(serve: Serve) -> None:
    world = World()
    repo = world.add_repo("acme/web")
    quiet = world.add_pull(repo, user("grace"))
    world.review(quiet, user("ada"), "APPROVED")
    talked = world.add_issue(repo, user("grace"))
    world.comment(talked, user("ada"), "Yes.")
    later = world.add_issue(repo, user("ken"), body="cc @ada")
    fake = serve(world)
    github = client(fake)

    def numbers(query: str) -> list[int]:
        return sorted(item.number for item in github.search_issues(query))

    assert numbers("involves:ada") == [
        talked["number"],
        later["number"],
    ]  # a silent review is not involvement
    assert numbers("reviewed-by:ada") == [quiet["number"]]
    assert numbers(f"involves:ada updated:>={later['updatedAt']}") == [later["number"]]
    assert numbers(f"involves:ada updated:<{later['updatedAt']}") == [talked["number"]]
    assert numbers("mentions:ada is:issue") == [later["number"]]


def test_graphql_teams_search_nodes_and_scopes(serve: Serve) -> None:
    world = people_world()
    fake = serve(world)
    teams = post(
        fake,
        '{ organization(login: "acme") { teams(first: 10) { nodes { slug members(first: 10) '
        "{ edges { role node { login email } } } repositories(first: 10) { edges { permission node "
        "{ nameWithOwner } } } } } } viewer { login email } }",
    )
    assert "errors" not in teams
    web = next(t for t in teams["data"]["organization"]["teams"]["nodes"] if t["slug"] == "web")
    assert {e["node"]["login"]: (e["role"], e["node"]["email"]) for e in web["members"]["edges"]} == {
        "ada": ("MEMBER", "ada@acme.test"),
        "grace": ("MAINTAINER", ""),  # String!: empty when private
    }
    assert web["repositories"]["edges"] == [{"permission": "MAINTAIN", "node": {"nameWithOwner": "acme/web"}}]
    found = post(
        fake, '{ search(type: ISSUE, query: "involves:ada", first: 5) { issueCount nodes { __typename } } }'
    )
    assert found["data"]["search"]["issueCount"] > 5 and len(found["data"]["search"]["nodes"]) == 5
    pull = world.repo("acme/web").pulls[0]  # type: ignore[union-attr]
    nodes = post(fake, f'{{ nodes(ids: ["{pull["id"]}", "PR_gone"]) {{ id }} }}')
    assert nodes["data"]["nodes"] == [{"id": pull["id"]}, None]
    assert nodes["errors"][0]["type"] == "NOT_FOUND" and nodes["errors"][0]["path"] == ["nodes", 1]
    world.directory.scopes.discard("read:org")
    refused = post(fake, '{ organization(login: "acme") { teams(first: 1) { nodes { slug } } } }')
    assert refused["data"] is None and refused["errors"][0]["type"] == "INSUFFICIENT_SCOPES"
    with pytest.raises(GithubException) as rest:
        list(client(fake).get_organization("acme").get_teams())
    assert rest.value.status == 403


def test_graphql_search_stops_at_1000_results(serve: Serve) -> None:
    world = World()
    repo = world.add_repo("acme/big")
    for _ in range(1010):
        world.add_issue(repo, user("ada"))
    fake = serve(world)
    query = (
        '{{ search(type: ISSUE, query: "author:ada", first: 100{after}) {{ issueCount '
        "pageInfo {{ hasNextPage endCursor }} nodes {{ __typename }} }} }}"
    )
    seen, after = 0, ""
    while True:
        page = post(fake, query.format(after=after))["data"]["search"]
        seen += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = f', after: "{page["pageInfo"]["endCursor"]}"'
    assert page["issueCount"] == 1010 and seen == 1000
