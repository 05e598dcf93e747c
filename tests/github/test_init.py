"""`footprint init --github-org` end to end in a subprocess against the GitHub and Jira fakes: the draft,
its comments, Jira matching by email then name, project assignment, --force, GHES and failures."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from collectors.config import load_config
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world
from tests.fakes.jira import FakeJira, JiraData
from tests.fakes.jira.data import FakeUser

from .helpers import FOOTPRINT, TOKEN

Serve = Callable[[World], FakeGitHub]


def org_world() -> World:
    """acme: three teams, one member in two of them, private emails, a shared email, read-only access."""
    world = build_world({"acme/web": RepoSpec(pulls=2, issues=1), "acme/api": RepoSpec(pulls=2, issues=1)})
    world.add_repo("acme/docs")
    people = world.directory
    people.profile("ada", name="Ada Lovelace", email="ada@acme.test")
    people.profile("grace", name="Grace Hopper", email="")  # private email
    people.profile("linus", name="Linus T", email="linus@acme.test")
    people.profile("ken", name=None, email="ken@acme.test")  # no name on the profile
    people.profile("barbara", name="Barbara Liskov", email="linus@acme.test")  # the same public email
    people.add_team("acme", "web", name="Web", members=["ada", "grace", "ken"], repos={
        "acme/web": "MAINTAIN", "acme/docs": "READ",
    })  # fmt: skip
    people.add_team("acme", "api", name="API", members=["linus", "ada"], maintainers=["barbara"], repos={
        "acme/api": "ADMIN", "acme/web": "TRIAGE",
    })  # fmt: skip
    people.add_team("acme", "docs-guild", members=["grace"], repos={"acme/docs": "WRITE"})
    return world


def jira_data() -> JiraData:
    data = JiraData()
    users = [
        FakeUser("ada", "557058:aaaa", "Ada Lovelace", email="ada@acme.test"),  # found by her hidden email
        FakeUser("grace", "557058:bbbb", "Grace Hopper", email="grace@elsewhere.test", email_visible=True),
        FakeUser("grace2", "557058:bbb2", "Grace Hopper", email="g.hopper@acme.test"),  # same name twice
        FakeUser("linus", "557058:cccc", "Linus T", email="lt@acme.test", email_visible=True),
        FakeUser("old", "557058:dddd", "Linus T", email="old@acme.test", active=False),  # inactive
        FakeUser("bot", "557058:eeee", "Ken Bot", account_type="app"),
    ]
    data.users = {user.handle: user for user in users}
    data.projects = {"WEB": "Web", "API": "API", "OPS": "Ops"}
    data.leads = {"WEB": "ada", "API": "linus", "OPS": "grace"}
    return data


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with FakeJira(jira_data(), "cloud", user="bot@acme.test", token="jira-token") as server:
        yield server


def init(*args: str, cwd: Path, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_TOKEN": token, "JIRA_USER": "bot@acme.test", "JIRA_TOKEN": "jira-token"}
    return subprocess.run(
        [str(FOOTPRINT), "init", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_init_drafts_teams_people_and_jira_accounts(serve: Serve, jira: FakeJira, tmp_path: Path) -> None:
    fake = serve(org_world())
    done = init(
        "--github-org", "acme", "--api-url", fake.api_url(), "--jira-url", jira.url,
        "--jira-project", "WEB", "--jira-project", "API", "--jira-project", "OPS", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert fake.graphql_requests() == 1  # three teams, their members and repositories in one query
    path = tmp_path / "footprint.toml"
    config = load_config(path)
    github = config.section("github")
    assert github is not None and github.repos == ["acme/api", "acme/docs", "acme/web"]
    teams = {team.name: (team.repos, team.jira_projects) for team in config.teams}
    assert teams == {
        "api": (["acme/api"], ["API"]),
        "docs-guild": (["acme/docs"], []),
        "web": (["acme/web"], []),
    }
    people = {person.id: person for person in config.people}
    assert sorted(people) == ["ada", "barbara", "grace", "ken", "linus"]
    assert (people["ada"].team, people["ada"].jira, people["ada"].emails) == (
        "api",
        ["557058:aaaa"],
        ["ada@acme.test"],
    )
    assert people["grace"].team == "docs-guild" and people["grace"].emails == []
    assert people["grace"].jira == []  # two active "Grace Hopper" accounts: left to review
    assert people["linus"].jira == ["557058:cccc"]  # by name: the inactive namesake does not count
    assert people["ken"].name is None and people["ken"].jira == []
    assert people["linus"].emails == []  # linus@acme.test is shown by barbara too, who comes first
    assert config.section("jira") is not None and config.section("jira").projects == ["WEB", "API", "OPS"]
    text = path.read_text()
    assert "also in web: the smallest team was chosen" in text
    assert "REVIEW jira: several accounts could be theirs" in text and "557058:bbb2" in text
    assert "REVIEW email linus@acme.test is also barbara's; left out" in text
    assert "REVIEW WEB: its lead ada is in several teams (api, web)" in text
    assert "REVIEW OPS: its lead" in text and "is none of the people" in text
    assert "also reads, not counted as its own: acme/docs (read)" in text
    assert "# level = " in text
    assert "wrote footprint.toml: 3 teams, 5 people, 2 of them matched in Jira" in done.stderr


def test_init_never_overwrites_without_force(serve: Serve, tmp_path: Path) -> None:
    fake = serve(org_world())
    path = tmp_path / "footprint.toml"
    path.write_text("# mine\n")
    done = init("--github-org", "acme", "--api-url", fake.api_url(), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "footprint: --out footprint.toml: exists; pass --force to replace it"
    assert path.read_text() == "# mine\n" and fake.total_requests() == 0
    forced = init("--github-org", "acme", "--api-url", fake.api_url(), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert load_config(path).teams


def test_init_on_github_enterprise_server(serve: Serve, tmp_path: Path) -> None:
    fake = serve(org_world())
    done = init(
        "--github-org",
        "acme",
        "--api-url",
        fake.api_url(ghes=True),
        "--out",
        "x/footprint.toml",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    config = load_config(tmp_path / "x" / "footprint.toml")
    github = config.section("github")
    assert github is not None and github.api_url == fake.api_url(ghes=True)
    assert fake.hits["/api/graphql"] == 1 and not fake.hits["/graphql"]


def test_init_failures_are_one_line(serve: Serve, tmp_path: Path) -> None:
    world = org_world()
    fake = serve(world)
    cases = {
        "refused": (init("--github-org", "acme", "--api-url", fake.api_url(), cwd=tmp_path, token="nope"), 3),
        "unknown org": (init("--github-org", "nobody", "--api-url", fake.api_url(), cwd=tmp_path), 2),
        "unreachable": (init("--github-org", "acme", "--api-url", "http://127.0.0.1:9", cwd=tmp_path), 1),
        "jira alone": (init("--github-org", "acme", "--jira-url", "http://127.0.0.1:9", cwd=tmp_path), 2),
    }
    for name, (done, code) in cases.items():
        assert done.returncode == code, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("footprint: "), (name, done.stderr)
        assert "Traceback" not in done.stderr
    world.directory.scopes.discard("read:org")
    scoped = init("--github-org", "acme", "--api-url", fake.api_url(), cwd=tmp_path)
    assert scoped.returncode == 3
    assert "cannot read the teams of acme" in scoped.stderr and "read:org" in scoped.stderr
    assert not (tmp_path / "footprint.toml").exists()


def test_init_with_a_missing_jira_project_writes_nothing(
    serve: Serve, jira: FakeJira, tmp_path: Path
) -> None:
    fake = serve(org_world())
    args = (
        "--github-org",
        "acme",
        "--api-url",
        fake.api_url(),
        "--jira-url",
        jira.url,
        "--jira-project",
        "NOPE",
    )
    done = init(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"footprint: --jira-project: 'NOPE' is not a project on {jira.url}"
    assert not (tmp_path / "footprint.toml").exists()


def test_init_matches_data_center_accounts_by_username_search(serve: Serve, tmp_path: Path) -> None:
    fake = serve(org_world())
    with FakeJira(jira_data(), "dc", token="jira-token") as jira:
        env = {**os.environ, "GITHUB_TOKEN": TOKEN, "JIRA_TOKEN": "jira-token"}
        env.pop("JIRA_USER", None)
        args = ["init", "--github-org", "acme", "--api-url", fake.api_url(), "--jira-url", jira.url]
        command = [str(FOOTPRINT), *args, "--jira-project", "API"]
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False
        )
    assert done.returncode == 0, done.stderr
    people = {person.id: person for person in load_config(tmp_path / "footprint.toml").people}
    assert people["ada"].jira == ["ada"]  # Data Center shows every address: matched by email
    assert people["linus"].jira == ["linus"]
    assert {team.name: team.jira_projects for team in load_config(tmp_path / "footprint.toml").teams}[
        "api"
    ] == ["API"]
