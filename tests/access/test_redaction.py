"""``redact_text = true``: a real sync writes no comment body anywhere, yet evidence keeps its classes.

The same fakes are synced twice through ``footprint sync``: into one store as usual, which gives the
bodies to look for, and into another with ``redact_text``. The redacted store's bytes (and WAL) hold
none of those bodies, and its evidence has the same rows as the unredacted one: text classes are
made as the events are written and kept without the text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from collectors.config import load_config
from collectors.store import open_store
from metrics.engine import load_metrics
from tests.fakes.github import FakeGitHub, RepoSpec, build_world
from tests.fakes.jira import FakeJira, build_dataset

from .sites import GITHUB_TOKEN, JIRA_TOKEN, JIRA_USER, Site

SCOPE = dict(repos=["acme/web", "acme/api"], projects=["PAY", "WEB"])


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeGitHub, FakeJira]]:
    world = build_world(
        {"acme/web": RepoSpec(pulls=15, issues=4), "acme/api": RepoSpec(pulls=6, issues=2)},
        token=GITHUB_TOKEN,
    )
    github = FakeGitHub(world).start()
    jira = FakeJira(build_dataset(seed=5), "cloud", user=JIRA_USER, token=JIRA_TOKEN).start()
    yield github, jira
    github.stop()
    jira.stop()


def synced(folder: Path, fakes: tuple[FakeGitHub, FakeJira], *, redact: bool) -> Site:
    folder.mkdir()
    site = Site(folder, *fakes)
    site.write_config(**SCOPE, redact=redact)
    done = site.footprint("sync")
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def plain(fakes: tuple[FakeGitHub, FakeJira], tmp_path_factory: pytest.TempPathFactory) -> Site:
    return synced(tmp_path_factory.mktemp("redaction") / "plain", fakes, redact=False)


@pytest.fixture(scope="module")
def redacted(fakes: tuple[FakeGitHub, FakeJira], tmp_path_factory: pytest.TempPathFactory) -> Site:
    return synced(tmp_path_factory.mktemp("redaction") / "redacted", fakes, redact=True)


def bodies(site: Site) -> list[str]:
    with closing(sqlite3.connect(site.store)) as db:
        rows = db.execute("SELECT text FROM events WHERE text IS NOT NULL AND length(text) >= 24")
        return sorted({str(text) for (text,) in rows})


def evidence(site: Site) -> set[tuple[str, str, str, str]]:
    config = load_config(site.folder / "footprint.toml")
    store = open_store(config.store_url())
    try:
        frame = load_metrics(store, config).evidence
    finally:
        store.dispose()
    return set(frame[["event_id", "person", "behaviour", "rule"]].itertuples(index=False, name=None))


def test_no_body_reaches_the_redacted_store(plain: Site, redacted: Site) -> None:
    texts = bodies(plain)
    assert len(texts) > 50  # the fakes do serve bodies: the plain store has them
    with closing(sqlite3.connect(redacted.store)) as db:
        (stored,) = db.execute("SELECT count(*) FROM events").fetchone()
        (with_text,) = db.execute("SELECT count(*) FROM events WHERE text IS NOT NULL").fetchone()
    assert with_text == 0 and stored > 200
    for path in (redacted.store, Path(f"{redacted.store}-wal")):
        if path.exists():
            data = path.read_bytes()
            assert not [text for text in texts if text.encode() in data], path


def test_evidence_keeps_its_text_classes_without_the_text(plain: Site, redacted: Site) -> None:
    kept = evidence(redacted)
    full = evidence(plain)
    assert full and kept == full
    with closing(sqlite3.connect(redacted.store)) as db:
        (classes,) = db.execute("SELECT count(*) FROM text_classes WHERE text_sha1 = 'redacted'").fetchone()
    assert classes > 50


def test_a_rerun_of_the_redacted_sync_changes_nothing(redacted: Site) -> None:
    before = evidence(redacted)
    done = redacted.footprint("sync", "--full")
    assert done.returncode == 0, done.stderr
    assert evidence(redacted) == before
