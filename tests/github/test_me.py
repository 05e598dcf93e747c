"""`footprint me` end to end in a subprocess against the loopback fake: the config it writes, the sync,
reruns, `footprint sync` on its config, tokens without read:org, and its one-line failures."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV, Config, load_config
from collectors.store import open_store
from tests.fakes.github import FakeGitHub, World, user

from .conftest import small_world
from .helpers import run_cli, snapshot, start_cli
from .test_involvement import involved, items_of

Serve = Callable[[World], FakeGitHub]
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


def me_world() -> World:
    """The small world seen by ada, member of two teams of acme (and of a guild owning nothing)."""
    world = small_world()
    world.viewer = "ada"
    directory = world.directory
    directory.profile("ada", name="Ada Lovelace", email="ada@acme.test")
    directory.add_team(
        "acme", "web", name="Web", members=["ada", "grace", "ken"], repos={"acme/web": "MAINTAIN"}
    )
    directory.add_team("acme", "api", name="API", members=["linus", "ada"], repos={"acme/api": "WRITE"})
    directory.add_team(
        "acme", "readers", members=["ada", "ken", "grace", "linus"], repos={"acme/web": "READ"}
    )
    return world


def me(fake: FakeGitHub, folder: Path, *extra: str, token: str = "test-token", ghes: bool = False):  # type: ignore[no-untyped-def]
    args = ["me", "--api-url", fake.api_url(ghes=ghes), "--dir", str(folder), "--since", "2025-01-01"]
    return run_cli([*args, "--no-dashboard", *extra], cwd=folder.parent, token=token)


def test_me_writes_an_ordinary_config_and_syncs_your_items(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    fake = serve(world)
    done = me(fake, tmp_path / "me")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    config = load_config(tmp_path / "me" / "footprint.toml")  # what every other command loads
    github = config.section("github")
    assert github is not None
    assert github.involves == ["ada"] and not github.repos
    assert str(github.since) == "2025-01-01" and github.api_url == fake.api_url()
    assert config.store_url() == f"sqlite:///{(tmp_path / 'me' / 'footprint.db').resolve()}"
    teams = {team.name: team.repos for team in config.teams}
    assert teams == {"api": ["acme/api"], "readers": [], "web": ["acme/web"]}  # read access owns nothing
    (person,) = config.people
    assert (person.id, person.name, person.github, person.emails) == (
        "ada", "Ada Lovelace", ["ada"], ["ada@acme.test"],
    )  # fmt: skip
    assert person.team == "api"  # the smallest of her teams; the other is named in a comment
    assert "also in readers, web" in (tmp_path / "me" / "footprint.toml").read_text()
    store = open_store(config.store_url())
    assert items_of(store) == involved(world, "ada")
    assert f"wrote {tmp_path / 'me' / 'footprint.toml'}" in done.stderr
    assert "footprint dashboard --config" in done.stderr
    assert fake.total_requests() <= 12


def test_a_rerun_is_incremental_and_footprint_sync_does_the_same(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    fake = serve(world)
    assert me(fake, tmp_path / "me").returncode == 0
    path = tmp_path / "me" / "footprint.toml"
    written = path.read_text()
    store = open_store(f"sqlite:///{tmp_path / 'me' / 'footprint.db'}")
    first = fake.total_requests()
    web = world.repo("acme/web")
    assert web is not None
    world.tick(60 * 24)
    new = world.comment(web.pulls[0], user("ada"), "Back to this one.")
    done = run_cli(["me", "--dir", str(tmp_path / "me"), "--no-dashboard"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "using" in done.stderr and path.read_text() == written  # kept as it is
    assert f"github:comment:{new['databaseId']}" in set(store.events(columns=["event_id"])["event_id"])
    second = fake.total_requests() - first
    assert second <= 5  # viewer, schema, two searches, one batch
    newer = world.comment(web.pulls[1], user("ada"), "And this one.")
    done = run_cli(["sync", "--config", str(path)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"github:comment:{newer['databaseId']}" in set(store.events(columns=["event_id"])["event_id"])
    assert items_of(store) == involved(world, "ada")


def test_a_token_without_read_org_still_gives_your_footprint(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    world.directory.scopes.discard("read:org")
    fake = serve(world)
    done = me(fake, tmp_path / "me")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "read:org" in line]
    assert len(notes) == 1 and notes[0].startswith("teams:")
    config = load_config(tmp_path / "me" / "footprint.toml")
    assert config.teams == [] and config.people[0].team is None
    assert items_of(open_store(config.store_url())) == involved(world, "ada")


def test_bad_token_no_network_and_nothing_found(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    fake = serve(world)
    refused = me(fake, tmp_path / "a", token="not-the-token")
    assert refused.returncode == 3
    assert refused.stderr.strip().count("\n") == 0 and "Bad credentials" in refused.stderr
    assert "not-the-token" not in refused.stderr + refused.stdout
    assert not (tmp_path / "a" / "footprint.toml").exists()
    unreachable = run_cli(
        ["me", "--api-url", "http://127.0.0.1:9", "--dir", str(tmp_path / "b"), "--no-dashboard"],
        cwd=tmp_path,
    )
    assert unreachable.returncode == 1
    assert unreachable.stderr.strip() == "footprint: cannot reach http://127.0.0.1:9 (connection refused)"
    world.viewer = "hopper"  # acts nowhere in the world
    nothing = me(fake, tmp_path / "c")
    assert nothing.returncode == 0, nothing.stderr
    assert "nothing found: no pull request or issue involving hopper since 2025-01-01" in nothing.stderr
    assert "Traceback" not in refused.stderr + unreachable.stderr + nothing.stderr


def test_a_folder_holding_someone_elses_footprint_is_refused(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    fake = serve(world)
    assert me(fake, tmp_path / "me").returncode == 0
    before = (tmp_path / "me" / "footprint.toml").read_text()
    world.viewer = "grace"
    done = me(fake, tmp_path / "me")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("holds the footprint of ada; the token is grace's")
    changed = run_cli(
        ["me", "--dir", str(tmp_path / "me"), "--since", "2024-01-01", "--no-dashboard"], cwd=tmp_path
    )
    assert changed.returncode == 2 and "github.since is 2025-01-01" in changed.stderr
    assert (tmp_path / "me" / "footprint.toml").read_text() == before


def test_me_on_github_enterprise_server(serve: Serve, tmp_path: Path) -> None:
    world = me_world()
    fake = serve(world)
    done = me(fake, tmp_path / "me", ghes=True)
    assert done.returncode == 0, done.stderr
    assert fake.hits["/api/graphql"] >= 3 and fake.hits["/api/v3/search/issues"] == 2
    assert not fake.hits["/graphql"]


def test_a_killed_me_resumes_to_the_events_of_an_uninterrupted_one(serve: Serve, tmp_path: Path) -> None:
    def bigger() -> World:  # three batches of items
        world = me_world()
        api = world.repo("acme/api")
        assert api is not None
        for index in range(60):
            world.add_issue(api, user("ada"), title=f"Chore {index}")
        return world

    clean = serve(bigger())
    assert me(clean, tmp_path / "clean").returncode == 0
    reference = snapshot(open_store(f"sqlite:///{tmp_path / 'clean' / 'footprint.db'}"))
    batches = [n for n, body in enumerate(clean.graphql_bodies, 1) if body["query"].startswith("query Items")]
    assert len(batches) == 3
    fake = serve(bigger())
    fake.hold_at = batches[1]  # the second batch stalls: the first is saved
    args = ["me", "--api-url", fake.api_url(), "--dir", str(tmp_path / "killed"), "--since", "2025-01-01"]
    process = start_cli([*args, "--no-dashboard"], cwd=tmp_path)
    try:
        assert fake.held.wait(120), "the sync never reached the held request"
        process.send_signal(signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        fake.hold_at = None
        fake.release.set()
    store = open_store(f"sqlite:///{tmp_path / 'killed' / 'footprint.db'}")
    assert 0 < store.count_events() < len(reference)
    rerun = run_cli(["me", "--dir", str(tmp_path / "killed"), "--no-dashboard"], cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(store) == reference


def test_the_dashboard_opens_on_my_footprint(
    serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = serve(me_world())
    assert me(fake, tmp_path / "me").returncode == 0
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "me" / "footprint.toml"))
    monkeypatch.setenv("FOOTPRINT_START_PAGE", "my_footprint")  # what `footprint me` sets for the app
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, [error.value for error in at.exception]
    assert at.title[0].value == "My footprint"
    assert any("Ada Lovelace" in caption.value for caption in at.caption)


def test_me_starts_the_dashboard_on_my_footprint(
    serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from dashboard.cli import app

    fake = serve(me_world())
    started: list[tuple[Path, int, str | None]] = []

    def run_streamlit(config: Config, *, host: str, port: int) -> int:
        assert config.path is not None
        started.append((config.path, port, os.environ.get("FOOTPRINT_START_PAGE")))
        return 0

    monkeypatch.setattr("dashboard.commands.me.run_streamlit", run_streamlit)
    monkeypatch.delenv("FOOTPRINT_START_PAGE", raising=False)
    args = ["me", "--api-url", fake.api_url(), "--dir", str(tmp_path / "me"), "--since", "2025-01-01"]
    result = CliRunner().invoke(app, [*args, "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert started == [((tmp_path / "me" / "footprint.toml").resolve(), 8765, "my_footprint")]
