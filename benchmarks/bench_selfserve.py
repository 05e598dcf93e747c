"""Requests of the self-serve commands against the loopback fakes: `footprint me` and `footprint init`.

`footprint me`: one person (ada) involved in 300 items across 20 repositories of one organisation (per
repository 15: 5 pull requests she opened, 4 she reviewed without a word, 3 she commented on, 2 issues
she was assigned or mentioned in, 1 issue she opened; every pull request with 3 reviews, 4 inline
comments and 4 conversation comments), among 200 items that do not involve her; ids in github.com's
ranges. Printed: requests of the first run (viewer, teams, schema, searches, item batches, follow-ups;
target 30), seconds, events, and of a rerun after 5 new comments of hers.

`footprint init`: an organisation of 20 teams and 200 members (each in one or two teams, each team with
3 repositories of its own and read access to 2 more), public profiles with names and some emails;
printed: GitHub requests (the target is a handful), and with Jira Cloud matching (200 Jira accounts, 20
projects with leads), its requests as well.

Run: ``.venv/bin/python benchmarks/bench_selfserve.py`` (exit 1 when `footprint me` is over its target
or finds the wrong items). Every command runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collectors.config import load_config
from collectors.progress import plural
from collectors.store import open_store
from tests.fakes.github import FakeGitHub, World, user
from tests.fakes.github.graphql_api import github_schema
from tests.fakes.jira import FakeJira, JiraData
from tests.fakes.jira.data import FakeUser

FOOTPRINT = Path(sys.executable).with_name("footprint")
TOKEN = "bench-token"
TARGET_ME = 30
OTHERS = ("grace", "linus", "ken", "barbara", "margaret", "dennis", "frances", "edsger")


def me_world() -> tuple[World, set[str]]:
    world = World(TOKEN)
    world.viewer = "ada"
    world.directory.profile("ada", name="Ada Lovelace", email="ada@acme.test")
    mine: set[str] = set()
    for r in range(20):
        repo = world.add_repo(f"acme/service-{r:02d}")
        for k in range(15):
            other, second = OTHERS[(r + k) % len(OTHERS)], OTHERS[(r + k + 3) % len(OTHERS)]
            if k < 12:
                pull = world.add_pull(
                    repo, user("ada" if k < 5 else other), title=f"Change {k}", paths=["src/a.py"]
                )
                for n in range(3):
                    reviewer = "ada" if 5 <= k < 9 and n == 0 else OTHERS[(r + k + n + 1) % len(OTHERS)]
                    world.review(
                        pull,
                        user(reviewer),
                        "APPROVED" if n else "COMMENTED",
                        "" if reviewer == "ada" else "ok",
                    )
                thread = None
                for n in range(4):
                    made = world.review_comment(pull, user(second), f"nit {n}", thread=thread)
                    thread = pull["reviewThreads"][-1] if n % 2 == 0 else None
                    assert made
                for n in range(4):
                    world.comment(pull, user("ada" if k >= 9 and n == 1 else other), f"comment {n}")
                item = pull
            elif k < 14:
                item = world.add_issue(repo, user(other), title=f"Bug {k}")
                if k == 12:
                    world.assign(item, "ada")
                else:
                    world.comment(item, user(second), "@ada have a look?")
            else:
                item = world.add_issue(repo, user("ada"), title=f"Idea {k}")
            mine.add(f"{repo.full_name}#{item['number']}")
        for k in range(10):  # not hers
            world.comment(
                world.add_issue(repo, user(OTHERS[k % len(OTHERS)])), user(OTHERS[(k + 1) % 8]), "+1"
            )
    world.directory.add_team("acme", "platform", members=["ada", "grace"], repos={"acme/service-00": "WRITE"})
    return world, mine


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(FOOTPRINT), *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )
    return done, time.perf_counter() - started


def breakdown(fake: FakeGitHub) -> str:
    kinds: Counter[str] = Counter()
    for body in fake.graphql_bodies:
        kinds[body["query"].split("(")[0].split("{")[0].removeprefix("query ").strip() or "query"] += 1
    kinds["search"] = fake.hits["/search/issues"]
    return ", ".join(f"{name} {count}" for name, count in kinds.items())


def bench_me(tmp: Path) -> bool:
    world, mine = me_world()
    env = {**os.environ, "GITHUB_TOKEN": TOKEN}
    with FakeGitHub(world) as fake:
        args = [
            "me",
            "--api-url",
            fake.api_url(),
            "--dir",
            str(tmp / "me"),
            "--since",
            "2025-01-01",
            "--no-dashboard",
        ]
        done, seconds = run(args, tmp, env)
        if done.returncode != 0:
            print(done.stderr)
            return False
        first = fake.total_requests()
        print(
            f"footprint me, 300 items in 20 repositories: {plural(first, 'request')} "
            f"(target {TARGET_ME}): {breakdown(fake)}"
        )
        store = open_store(load_config(tmp / "me" / "footprint.toml").store_url())
        found = set(store.events(columns=["event_id", "item"])["item"])
        print(
            f"  {store.count_events()} events of {len(found)} items in {seconds:.1f} s "
            "(process start included)"
        )
        world.tick(60 * 24)
        repo = world.repo("acme/service-03")
        assert repo is not None
        for pull in repo.pulls[:5]:
            world.comment(pull, user("ada"), "Following up.")
        fake.reset_counters()
        done, seconds = run(args, tmp, env)
        print(
            f"  rerun after 5 new comments: {plural(fake.total_requests(), 'request')} "
            f"({breakdown(fake)}), {seconds:.1f} s"
        )
        ok = done.returncode == 0 and found == mine and first <= TARGET_ME
        if found != mine:
            print(f"  WRONG ITEMS: {len(found - mine)} extra, {len(mine - found)} missing")
        return ok


def org_world() -> tuple[World, JiraData]:
    world = World(TOKEN)
    members = [f"dev{n:03d}" for n in range(200)]
    for n, login in enumerate(members):
        world.directory.profile(login, name=f"Developer {n:03d}", email=f"{login}@acme.test" if n % 3 else "")
    data = JiraData()
    for n, login in enumerate(members):
        data.users[login] = FakeUser(
            login, f"557058:{n:08x}", f"Developer {n:03d}", email=f"{login}@acme.test"
        )
    for t in range(20):
        own = [world.add_repo(f"acme/t{t:02d}-r{k}").full_name for k in range(3)]
        team = members[t * 10 : t * 10 + 10] + ([members[(t * 10 + 15) % 200]] if t % 2 else [])
        reads = {f"acme/t{(t + 1) % 20:02d}-r0": "READ", f"acme/t{(t + 2) % 20:02d}-r1": "TRIAGE"}
        world.directory.add_team(
            "acme", f"team-{t:02d}", members=team, repos={**dict.fromkeys(own, "WRITE"), **reads}
        )
        data.projects[f"P{t:02d}"] = f"Project {t}"
        data.leads[f"P{t:02d}"] = members[t * 10]
    return world, data


def bench_init(tmp: Path) -> None:
    world, data = org_world()
    env = {**os.environ, "GITHUB_TOKEN": TOKEN, "JIRA_USER": "bot@acme.test", "JIRA_TOKEN": "jira-token"}
    with FakeGitHub(world) as fake, FakeJira(data, "cloud", user="bot@acme.test", token="jira-token") as jira:
        done, seconds = run(
            ["init", "--github-org", "acme", "--api-url", fake.api_url(), "--out", "a.toml"], tmp, env
        )
        assert done.returncode == 0, done.stderr
        print(
            f"footprint init, 20 teams and 200 members: {plural(fake.total_requests(), 'GitHub request')}, "
            f"{seconds:.1f} s"
        )
        fake.reset_counters()
        projects = [arg for key in sorted(data.projects) for arg in ("--jira-project", key)]
        args = [
            "init",
            "--github-org",
            "acme",
            "--api-url",
            fake.api_url(),
            "--jira-url",
            jira.url,
            *projects,
        ]
        done, seconds = run([*args, "--out", "b.toml"], tmp, env)
        assert done.returncode == 0, done.stderr
        print(
            f"  with Jira Cloud matching: {fake.total_requests()} GitHub + {jira.requests} Jira requests "
            "(3 connection checks, 20 projects, then one user search per person: by public email, else by "
            f"display name), {seconds:.1f} s; {done.stderr.strip().removeprefix('wrote b.toml: ')}"
        )


def main() -> int:
    github_schema()
    with tempfile.TemporaryDirectory() as folder:
        ok = bench_me(Path(folder))
        bench_init(Path(folder))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
