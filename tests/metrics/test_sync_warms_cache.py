"""`footprint sync` warms the text-class cache: new comments are classified once, at sync time."""

from __future__ import annotations

import re
from pathlib import Path

from collectors.store import open_store
from metrics.textcache import classifier_version
from tests.fakes.github import FakeGitHub, RepoSpec, build_world
from tests.github.helpers import config_toml, run_cli


def test_sync_classifies_new_comments_once(tmp_path: Path) -> None:
    fake = FakeGitHub(build_world({"acme/web": RepoSpec(pulls=20, issues=4)}, seed=3)).start()
    try:
        (tmp_path / "footprint.toml").write_text(config_toml(fake, tmp_path / "fp.db", ["acme/web"]))
        first = run_cli(["sync"], cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        announced = re.findall(r"classifying (\d+) new comments", first.stderr)
        assert len(announced) == 1 and int(announced[0]) > 0
        store = open_store(f"sqlite:///{tmp_path / 'fp.db'}")
        assert len(store.text_classes(classifier_version())) == int(announced[0])
        store.dispose()
        again = run_cli(["sync"], cwd=tmp_path)  # nothing new: nothing to classify, nothing said
        assert again.returncode == 0, again.stderr
        assert "classifying" not in again.stderr
    finally:
        fake.stop()
