"""What the person at the terminal sees: plain lines when output is not a terminal, one line on Ctrl-C or
SIGTERM (exit 130) with nothing half-written; `footprint sync` in a real subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from collectors.store import open_store
from tests.fakes.github import FakeGitHub, RepoSpec, World, build_world

from .conftest import small_world
from .helpers import FOOTPRINT, TOKEN, config_toml, run_cli, snapshot

Serve = Callable[[World], FakeGitHub]
LONG = "acme/" + "a-repository-name-long-enough-to-wrap-any-eighty-column-line-" * 2


def _plain_run(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "FORCE_COLOR")}
    return subprocess.run(
        [str(FOOTPRINT), "sync", "--source", "github"],
        capture_output=True,
        text=True,
        env={**env, "GITHUB_TOKEN": TOKEN},
        cwd=cwd,
        timeout=240,
        check=False,
    )


def test_output_to_a_log_is_plain_unwrapped_lines(serve: Serve, tmp_path: Path) -> None:
    world = small_world()
    web_repo = world.repo("acme/web")
    assert web_repo is not None
    items = len(web_repo.pulls) + len(web_repo.issues)  # the bar's size, from the survey's totalCount
    fake = serve(world)
    (tmp_path / "footprint.toml").write_text(
        config_toml(fake, tmp_path / "fp.db", ["acme/web", "acme/api", LONG])
    )
    done = _plain_run(tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert "\x1b" not in done.stderr and "━" not in done.stderr  # no escape codes, no bar fragments
    assert "Traceback" not in done.stderr
    # the survey, one line per saved page of each repository and its end, then the summary
    assert lines[0].startswith("github repositories: ")
    web = [line for line in lines if line.startswith("github acme/web: ")]
    assert web[0].startswith(f"github acme/web: 50/{items} · 1 request · rate ")
    assert web[-1].startswith(f"github acme/web: {items}/{items} · ")
    assert web[-1].endswith(" · done")
    assert any(line.startswith("github: partial, ") and " events written, " in line for line in lines)
    # a long message stays on one line, whatever the width
    assert f"  github {LONG}: Could not resolve to a Repository with the name '{LONG}'." in lines
    again = _plain_run(tmp_path)
    assert "github: partial, 0 events written, 1 request" in again.stderr.splitlines()
    assert "1 requests" not in done.stderr + again.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_sync_says_what_was_saved_and_exits_130(
    signum: signal.Signals, serve: Serve, tmp_path: Path
) -> None:
    specs = {"acme/web": RepoSpec(pulls=220, issues=30)}
    clean = serve(build_world(specs))
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "footprint.toml").write_text(
        config_toml(clean, tmp_path / "clean.db", ["acme/web"])
    )
    assert run_cli(["sync"], cwd=tmp_path / "clean").returncode == 0
    reference = snapshot(open_store(f"sqlite:///{tmp_path / 'clean.db'}"))

    fake = serve(build_world(specs))
    fake.hold_at = 4  # the third pull request page stalls until the process is interrupted
    (tmp_path / "cut").mkdir()
    (tmp_path / "cut" / "footprint.toml").write_text(config_toml(fake, tmp_path / "cut.db", ["acme/web"]))
    process = subprocess.Popen(
        [str(FOOTPRINT), "sync", "--source", "github"],
        cwd=tmp_path / "cut",
        env={**os.environ, "GITHUB_TOKEN": TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.held.wait(120), "the sync never reached the held request"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        fake.hold_at = None
        fake.release.set()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    store = open_store(f"sqlite:///{tmp_path / 'cut.db'}")
    saved = store.count_events()
    assert 0 < saved < len(reference)
    interrupted = [line for line in stderr.splitlines() if "interrupted" in line]
    assert interrupted == [f"interrupted: {saved:,} events saved; run `footprint sync` again to resume"]
    assert store.runs()["status"].iloc[0] == "interrupted"
    rerun = run_cli(["sync", "--source", "github"], cwd=tmp_path / "cut")
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(store) == reference  # the saved pages were whole, the rest came on the rerun
