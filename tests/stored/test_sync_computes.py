"""`footprint sync` stores evidence after writing: fully the first time, then only what changed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from collectors.config import load_config
from collectors.store import open_store
from dashboard.cli import main
from tests.fakes.github import FakeGitHub, RepoSpec, build_world
from tests.github.helpers import TOKEN, config_toml, run_cli

from .helpers import assert_stored_equals_compute


def test_sync_computes_the_stored_evidence_then_keeps_it_current(tmp_path: Path) -> None:
    fake = FakeGitHub(build_world({"acme/web": RepoSpec(pulls=20, issues=4)}, seed=3)).start()
    try:
        (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/web"]))
        first = run_cli(["sync"], cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        assert "compute: full (nothing computed yet)" in first.stderr
        again = run_cli(["sync"], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "compute: up to date" in again.stderr or "compute: incremental" in again.stderr
        config = load_config(tmp_path / "footprint.toml")
        store = open_store(config.store_url())
        try:
            assert assert_stored_equals_compute(store, config) > 0
        finally:
            store.dispose()
    finally:
        fake.stop()


def test_a_store_that_refuses_the_compute_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from metrics.stored import compute

    def locked(*args: object, **kwargs: object) -> None:
        raise sa.exc.OperationalError("INSERT INTO evidence", {}, Exception("database is locked"))

    monkeypatch.setattr(compute, "compute_store", locked)
    fake = FakeGitHub(build_world({"acme/web": RepoSpec(pulls=3, issues=1)}, seed=5)).start()
    try:
        (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/web"]))
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setattr(sys, "argv", ["footprint", "sync"])
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        fake.stop()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert "compute: evidence not stored (database is locked); run `footprint compute`" in err
    assert "Traceback" not in err
