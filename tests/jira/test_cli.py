"""`footprint sync --source jira` as a user runs it: kill -9 and rerun, refused credentials."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collectors.store import open_store
from tests.fakes.jira import FakeJira, build_dataset

from .helpers import TOKEN_ENV, USER_ENV, event_rows, jira_config, sync_once

REPO = Path(__file__).resolve().parents[2]
FOOTPRINT = Path(sys.executable).with_name("footprint")


def _write_config(fake: FakeJira, path: Path, store_url: str) -> Path:
    user = f'user_env = "{USER_ENV}"\n' if fake.cloud else ""
    path.write_text(
        f'[store]\nurl = "{store_url}"\n\n[jira]\nurl = "{fake.url}"\n{user}token_env = "{TOKEN_ENV}"\n'
        f'projects = ["PAY", "WEB"]\nretro_jql = "labels = retro"\n',
        "utf-8",
    )
    return path


def _footprint(config: Path, token: str = "fake-token") -> subprocess.Popen[str]:
    env = {**os.environ, USER_ENV: "bot@example.com", TOKEN_ENV: token}
    return subprocess.Popen(
        [str(FOOTPRINT), "sync", "--source", "jira", "--config", str(config)],
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("mode", ["cloud", "dc"])
def test_kill_9_then_rerun_gives_identical_events(mode: str, tmp_path: Path, jira_env: None) -> None:
    data = build_dataset(seed=5, issues=420, comments=600, status_changes=500, heavy_issues=2)
    with FakeJira(data, mode, delay=0.05) as fake:
        url = f"sqlite:///{tmp_path / 'killed.db'}"
        config = _write_config(fake, tmp_path / "footprint.toml", url)
        process = _footprint(config)
        store = open_store(url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if store.count_events() > 0:
                    break
            except Exception:  # the schema may not exist yet
                pass
            time.sleep(0.02)
        assert process.poll() is None, "the sync ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        at_kill = store.count_events()
        rerun = _footprint(config)
        _out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        fake.delay = 0
        reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
        reference = open_store(reference_url)
        sync_once(jira_config(fake, reference_url), reference)
        assert 0 < at_kill < reference.count_events()
        assert event_rows(store) == event_rows(reference)


def test_refused_credentials_exit_3_with_one_line(tmp_path: Path, jira_env: None) -> None:
    with FakeJira(build_dataset(seed=2), "cloud") as fake:
        config = _write_config(fake, tmp_path / "footprint.toml", f"sqlite:///{tmp_path / 'f.db'}")
        process = _footprint(config, token="not-the-token")
        out, err = process.communicate(timeout=120)
    assert process.returncode == 3, err
    assert "Traceback" not in err and "not-the-token" not in err + out
    assert "refused the credentials" in err
