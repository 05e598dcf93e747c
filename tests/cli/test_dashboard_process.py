"""`footprint dashboard` as service managers run it: a real process tree (the CLI, its Streamlit child).

A stop signal to the parent stops the child with it (forwarded, then reaped) and the parent exits 0;
a parent killed outright takes its child along (Linux). Listening beyond loopback on an ``open``
dashboard prints a warning line.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from collectors.config import parse_config
from dashboard.commands.serve import is_loopback, warn_if_exposed

FOOTPRINT = str(Path(sys.executable).with_name("footprint"))
CONFIG = '[store]\nurl = "sqlite:///footprint.db"\n\n[[people]]\nid = "ada"\n'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie serves nothing; only its parent's wait removes it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, int]]:
    """A running ``footprint dashboard``: (its process, its Streamlit child's pid, the port)."""
    config = tmp_path / "footprint.toml"
    config.write_text(CONFIG, encoding="utf-8")
    port = _free_port()
    with (tmp_path / "dashboard.log").open("wb") as log:
        parent = subprocess.Popen(
            [FOOTPRINT, "dashboard", "--config", str(config), "--port", str(port)],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while not _answers(port):
            assert parent.poll() is None, (tmp_path / "dashboard.log").read_text()
            assert time.monotonic() < deadline, "the dashboard never answered"
            time.sleep(0.3)
        (child,) = _children(parent.pid)
        yield parent, child, port
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process tree in /proc"
)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_stops_the_server_with_its_parent(
    dashboard: tuple[subprocess.Popen[bytes], int, int], stop: signal.Signals
) -> None:
    parent, child, port = dashboard
    assert _running(child)
    parent.send_signal(stop)
    assert parent.wait(timeout=30) == 0
    assert not Path(f"/proc/{child}").exists(), "the Streamlit child was left behind or not reaped"
    assert not _answers(port)


def test_a_killed_parent_takes_the_server_along(dashboard: tuple[subprocess.Popen[bytes], int, int]) -> None:
    parent, child, port = dashboard
    parent.kill()  # no chance to forward anything
    parent.wait(timeout=10)
    deadline = time.monotonic() + 30
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(child)
    assert not _answers(port)


def test_listening_beyond_loopback_with_open_access_warns(capsys: pytest.CaptureFixture[str]) -> None:
    open_access = parse_config({"people": [{"id": "ada"}]})
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert is_loopback(host)
        warn_if_exposed(open_access, host)
    assert capsys.readouterr().err == ""
    for host in ("0.0.0.0", "::", "192.0.2.10"):
        assert not is_loopback(host)
        warn_if_exposed(open_access, host)
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 3
    assert all(
        line.startswith("footprint: warning: --host ") and 'access.mode = "open"' in line for line in warnings
    )
    signed_in = parse_config({"people": [{"id": "ada"}], "access": {"mode": "oidc"}})
    warn_if_exposed(signed_in, "0.0.0.0")
    assert capsys.readouterr().err == ""
