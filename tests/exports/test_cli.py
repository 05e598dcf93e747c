"""`footprint snapshot` and `footprint packet` through the real entry point (exit codes, DESIGN §4)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dashboard.exports.snapshot import FILES, MANIFEST

ENTRY = "from dashboard.cli import main; main()"


def footprint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=240,
        check=False,
    )


def test_dated_snapshot_with_retention(tmp_path: Path, demo_config_path: Path) -> None:
    root = tmp_path / "snapshots"
    for day in ("2026-01-05", "2026-01-12", "2026-01-19"):
        (root / day).mkdir(parents=True)
        (root / day / MANIFEST).write_text("{}")
    result = footprint(
        "snapshot", "--config", str(demo_config_path), "--out", str(root), "--dated", "--keep", "2",
        "--since", "2026-09-01", "--until", "2026-10-01", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    today = datetime.now(UTC).date().isoformat()
    assert sorted(p.name for p in root.iterdir()) == ["2026-01-19", today]
    assert sorted(p.name for p in (root / today).iterdir()) == sorted(FILES)
    manifest = json.loads((root / today / MANIFEST).read_text("utf-8"))
    assert manifest["window"] == {"since": "2026-09-01", "until": "2026-10-01"}
    assert "Removed old snapshot" in result.stdout


def test_packet_writes_markdown(tmp_path: Path, demo_config_path: Path) -> None:
    out = tmp_path / "marlowe.md"
    result = footprint(
        "packet", "--config", str(demo_config_path), "--person", "marlowe", "--since", "2026-07-01",
        "--until", "2026-10-01", "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith("# Promotion evidence packet: Marlowe Tinderbox")
    assert result.stdout.splitlines()[0] == "Window: 2026-07-01 to 2026-10-01 (excluded), UTC"
    assert result.stderr == ""
    assert "## Growth plan" not in out.read_text("utf-8")  # off by default: a packet is evidence first


@pytest.mark.parametrize("command", ["packet", "snapshot"])
def test_a_window_without_events_says_so_with_what_the_store_covers(
    tmp_path: Path, demo_config_path: Path, command: str
) -> None:
    out = (
        ["--person", "marlowe", "--out", str(tmp_path / "p.md")] if command == "packet" else ["--out", "snap"]
    )
    result = footprint(
        command, "--config", str(demo_config_path), "--since", "2030-01-01", "--until", "2030-02-01", *out,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Window: 2030-01-01 to 2030-02-01 (excluded), UTC"
    assert result.stderr == (
        "footprint: no events from 2030-01-01 to 2030-02-01 (excluded); "
        "the store covers 2026-05-01 to 2026-10-31\n"
    )
    if command == "packet":
        text = (tmp_path / "p.md").read_text("utf-8")
        assert text.split("\n\n")[1].startswith("**No events in this window (2030-01-01 to 2030-02-01")


def test_packet_with_growth_ends_with_the_growth_plan(tmp_path: Path, demo_config_path: Path) -> None:
    out = tmp_path / "odile.html"
    result = footprint(
        "packet", "--config", str(demo_config_path), "--person", "odile", "--since", "2026-08-01",
        "--until", "2026-11-01", "--out", str(out), "--growth", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    growth = page.split("<h2>Growth plan</h2>", 1)[1]
    assert "<h2>" not in growth, "the growth plan is the last section"
    # as of the window's end (2026-11-01), tobias's pull request had waited 50 h for its first review
    assert "acme/payments#215 by Tobias Fernhollow has waited 50 h for a first review" in growth


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["packet", "--person", "nobody", "--out", "x.md"], "--person nobody: no such person"),
        (["packet", "--person", "marlowe", "--out", "x.pdf"], "unsupported file type"),
        (["snapshot", "--out", "snap", "--since", "July"], "--since: not a date"),
        (["snapshot", "--out", "snap", "--keep", "3"], "--keep: only with --dated"),
        (["snapshot", "--out", "blocker/snap"], "is a file, not a folder"),
        (["snapshot", "--out", "snap", "--since", "2026-10-01", "--until", "2026-07-01"], "must be before"),
    ],
)
def test_usage_problems_are_one_line_and_exit_2(
    tmp_path: Path, demo_config_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "blocker").write_text("a file")
    result = footprint(*args, "--config", str(demo_config_path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]  # nothing written
