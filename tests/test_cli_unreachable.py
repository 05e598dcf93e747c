"""An unreachable host: each source reports it on one line, exit 1, no traceback, nothing half-written."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from collectors.store import open_store

FOOTPRINT = str(Path(sys.executable).with_name("footprint"))


def _closed_port() -> int:
    with socket.socket() as sock:  # bound then closed: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_hosts_fail_each_source_with_one_line(tmp_path: Path) -> None:
    port = _closed_port()
    (tmp_path / "footprint.toml").write_text(
        f"""
[store]
url = "sqlite:///fp.db"
[github]
api_url = "http://127.0.0.1:{port}"
repos = ["acme/web"]
[jira]
url = "http://127.0.0.1:{port}"
projects = ["PAY"]
"""
    )
    env = {"PATH": "/usr/bin:/bin", "GITHUB_TOKEN": "t1", "JIRA_TOKEN": "t2", "COLUMNS": "200"}
    done = subprocess.run(
        [FOOTPRINT, "sync"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    for source in ("github", "jira"):
        lines = [line for line in output.splitlines() if f"{source} (all): cannot reach" in line]
        assert len(lines) == 1, output
        if source == "github":  # the cause is named
            assert lines[0].endswith(f"cannot reach http://127.0.0.1:{port} (connection refused)"), lines
    store = open_store(f"sqlite:///{tmp_path / 'fp.db'}")
    runs = store.runs()
    assert store.count_events() == 0 and sorted(runs["status"]) == ["failed", "failed"]
    store.dispose()
