"""`footprint compute`, and one source of truth: the CLI's exports and the dashboard read the same
stored tables, so they cannot disagree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import load_config
from collectors.store import open_store
from dashboard import queries
from dashboard.access import Viewer
from dashboard.exports import tables
from dashboard.exports.snapshot import write_snapshot
from metrics.stored.read import stored_evidence, stored_footprint

from ..conftest import demo_copy
from ..exports.conftest import Q3

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


@pytest.fixture(scope="module")
def uncomputed_demo(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store nobody has computed yet."""
    return demo_copy(built_demo, tmp_path_factory.mktemp("demo-compute") / "store")


def test_compute_rebuilds_then_reports_up_to_date(uncomputed_demo: Path, tmp_path: Path) -> None:
    first = footprint("compute", "--config", str(uncomputed_demo), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "compute: full (nothing computed yet)" in first.stderr
    again = footprint("compute", "--config", str(uncomputed_demo), cwd=tmp_path)
    assert again.returncode == 0 and "compute: up to date" in again.stderr
    forced = footprint("compute", "--config", str(uncomputed_demo), "--full", cwd=tmp_path)
    assert forced.returncode == 0 and "compute: full (asked for)" in forced.stderr


def test_compute_with_a_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "footprint.toml"
    bad.write_text('[behaviours]\nunblock_wait_hours = "soon"\n', "utf-8")
    result = footprint("compute", "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "behaviours.unblock_wait_hours: input should be a valid number" in lines[0]


def test_snapshot_dashboard_and_store_agree(
    uncomputed_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(uncomputed_demo)
    store = open_store(config.store_url())
    try:
        out = write_snapshot(store, config, tmp_path / "snap", since=Q3.since, until=Q3.until)
        stored = tables.evidence_table(stored_evidence(store, since=Q3.start, until=Q3.end))
        footprints = tables.footprint_table(stored_footprint(store, start="2026-07", end="2026-09"))
    finally:
        store.dispose()
    exported = pd.read_parquet(out / "evidence.parquet")
    key = ["created_at", "event_id", "rule", "person"]

    def same(a: pd.DataFrame, b: pd.DataFrame, by: list[str]) -> None:
        a, b = a.sort_values(by, ignore_index=True), b.sort_values(by, ignore_index=True)
        pd.testing.assert_frame_equal(a.astype(str), b.astype(str), check_dtype=False)

    assert len(exported) > 100
    same(exported, stored, key)
    same(pd.read_parquet(out / "footprint.parquet"), footprints, ["person", "behaviour", "period"])
    monkeypatch.setenv("FOOTPRINT_CONFIG", str(uncomputed_demo))
    # What the dashboard's person pages read: each person's stored evidence, by the person index.
    viewer = Viewer(mode="open")
    shown = pd.concat(
        [
            queries.person_evidence(
                str(uncomputed_demo), "test-signature", "open", viewer, person, Q3.start, Q3.end
            )
            for person in sorted(stored["person"].unique())
        ],
        ignore_index=True,
    )
    same(tables.evidence_table(shown), stored, key)
