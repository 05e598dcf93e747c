"""A bug is not a traceback either: one line, exit 70, and the details in a private file for the report."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.commands import classify as classify_command
from dashboard.exit_codes import EXIT_BROKEN_PIPE, EXIT_CRASH

TOKEN = "ghp_CrashToken0123456789abcdefghijklmnopq"


def test_an_unexpected_exception_is_one_line_and_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def explode() -> None:
        raise ZeroDivisionError(f"while reading {TOKEN}")

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(classify_command, "register", lambda app: app.command("classify")(explode))
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["classify"])
    assert exit_info.value.code == EXIT_CRASH
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith("footprint: unexpected error (ZeroDivisionError: while reading [redacted])")
    assert "Traceback" not in err and TOKEN not in err
    (report,) = tmp_path.glob("footprint-crash-*.txt")
    assert str(report) in line
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    assert "Traceback" in text and "ZeroDivisionError" in text and TOKEN not in text


def test_a_closed_stdout_is_not_a_crash() -> None:
    lines = b'{"id": 1, "text": "Why?"}\n' * 20_000
    footprint = str(Path(sys.executable).with_name("footprint"))
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert reader.stdin is not None
    done = subprocess.run(
        [footprint, "classify", "--batch", "100"], input=lines, stdout=reader.stdin, stderr=subprocess.PIPE
    )
    reader.stdin.close()
    reader.wait()
    assert done.returncode == EXIT_BROKEN_PIPE
    assert done.stderr == b""
