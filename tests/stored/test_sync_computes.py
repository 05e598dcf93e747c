"""`footprint sync` stores evidence after writing: fully the first time, then only what changed."""

from __future__ import annotations

from pathlib import Path

from collectors.config import load_config
from collectors.store import open_store
from tests.fakes.github import FakeGitHub, RepoSpec, build_world
from tests.github.helpers import config_toml, run_cli

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
