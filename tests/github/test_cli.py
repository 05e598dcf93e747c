"""`footprint sync --source github` end to end in a subprocess: exit codes, bad token, kill -9 and resume."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from collectors.store import open_store
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world

from .conftest import small_world
from .helpers import config_toml, run_cli, snapshot, start_cli

Serve = Callable[[World], FakeGitHub]


def test_sync_command_end_to_end(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/web", "acme/api"]))
    done = run_cli(["sync", "--source", "github"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    store = open_store(f"sqlite:///{tmp_path / 'fp.db'}")
    assert store.count_events() > 1000
    runs = store.runs()
    assert int(runs["requests"].iloc[-1]) == fake.total_requests()


def test_unknown_repo_exits_1_and_keeps_the_others(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/api", "acme/gone"]))
    done = run_cli(["sync", "--source", "github"], cwd=tmp_path)
    assert done.returncode == 1
    assert "acme/gone" in done.stderr and "Traceback" not in done.stderr
    assert open_store(f"sqlite:///{tmp_path / 'fp.db'}").count_events() > 0


def test_bad_token_exits_3_with_one_line_and_no_traceback(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/api"]))
    done = run_cli(["sync", "--source", "github"], cwd=tmp_path, token="wrong")
    assert done.returncode == 3
    assert "Traceback" not in done.stderr + done.stdout
    refusal = [line for line in done.stderr.splitlines() if "Bad credentials" in line]
    assert len(refusal) == 1 and refusal[0].startswith("footprint: github")
    assert not [line for line in done.stderr.splitlines() if line.startswith("github: ")]
    assert "wrong" not in done.stderr  # the token itself is never printed
    # the token check is the survey's first GraphQL query: one refused request, no /rate_limit call
    assert fake.total_requests() == fake.graphql_requests() == 1


@pytest.mark.parametrize("hold_at", [1, 4, 8], ids=["first-page", "mid-pulls", "in-issues"])
def test_kill_9_then_rerun_gives_the_events_of_an_uninterrupted_sync(
    hold_at: int, serve: Serve, tmp_path: Path
) -> None:
    specs = {"acme/web": RepoSpec(pulls=300, issues=120, heavy={7: (140, 3)})}
    clean = serve(build_world(specs))
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "footprint.toml").write_text(
        config_toml(clean, tmp_path / "clean.db", ["acme/web"])
    )
    assert run_cli(["sync"], cwd=tmp_path / "clean").returncode == 0
    reference = snapshot(open_store(f"sqlite:///{tmp_path / 'clean.db'}"))

    fake = serve(build_world(specs))
    fake.hold_at = hold_at  # the fake stalls this GraphQL request until the process is killed
    (tmp_path / "killed").mkdir()
    (tmp_path / "killed" / "footprint.toml").write_text(
        config_toml(fake, tmp_path / "killed.db", ["acme/web"])
    )
    process = start_cli(["sync", "--source", "github"], cwd=tmp_path / "killed")
    try:
        assert fake.held.wait(120), "the sync never reached the held request"
        process.send_signal(signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        fake.hold_at = None
        fake.release.set()
    store = open_store(f"sqlite:///{tmp_path / 'killed.db'}")
    partial = store.count_events()
    assert partial < len(reference)
    first_run = fake.graphql_requests()

    rerun = run_cli(["sync", "--source", "github"], cwd=tmp_path / "killed")
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(store) == reference
    if hold_at > 2:  # resumed from the saved cursor instead of starting over
        assert partial > 0
        assert fake.graphql_requests() - first_run < clean.graphql_requests()
