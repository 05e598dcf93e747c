"""`footprint demo` and `footprint dashboard` through the installed console script."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from collectors.config import load_config
from collectors.store import open_store

FOOTPRINT = str(Path(sys.executable).with_name("footprint"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(port: int, process: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the dashboard never answered")


def test_demo_builds_the_store_once(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    first = subprocess.run(
        [FOOTPRINT, "demo", "--build-only", "--dir", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    config = load_config(directory / "footprint.toml")
    store = open_store(config.store_url())
    count = store.count_events()
    store.dispose()
    assert count >= 5000
    mtime = (directory / "footprint.db").stat().st_mtime_ns
    again = subprocess.run(
        [FOOTPRINT, "demo", "--build-only", "--dir", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0 and (directory / "footprint.db").stat().st_mtime_ns == mtime


def test_demo_serves_the_dashboard(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [FOOTPRINT, "demo", "--port", str(port), "--dir", str(tmp_path / "demo")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for_health(port, process) == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_dashboard_reports_bad_config_before_starting(tmp_path: Path) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text("[access]\nmode = 'ldap'\n")
    result = subprocess.run(
        [FOOTPRINT, "dashboard", "--config", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "access.mode" in result.stderr and "Traceback" not in result.stderr


def test_the_project_theme_reaches_streamlit_from_any_working_directory() -> None:
    from dashboard.commands.serve import streamlit_flags

    flags = streamlit_flags()
    assert "--theme.primaryColor=#1f6f8b" in flags and "--browser.gatherUsageStats=false" in flags
