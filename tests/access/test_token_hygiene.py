"""Tokens never leave the environment: not in output, errors, the store, snapshots, packets or logs.

Syncs with recognisable tokens against the GitHub and Jira fakes, through failures that print errors
(refused token, unknown repo and project, server errors, an unreachable host), then exports, and
greps every output and every file the runs left behind for either token (and their base64 forms, as
they travel in Basic auth headers).
"""

from __future__ import annotations

import base64
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.fakes.github import FakeGitHub, Fault, RepoSpec, build_world
from tests.fakes.jira import FakeJira, build_dataset

from .sites import GITHUB_TOKEN, JIRA_TOKEN, JIRA_USER, Site

SECRETS = [
    GITHUB_TOKEN,
    JIRA_TOKEN,
    GITHUB_TOKEN[4:20],  # a recognisable part, in case something truncates or masks only the prefix
    JIRA_TOKEN[6:24],
    base64.b64encode(f"{JIRA_USER}:{JIRA_TOKEN}".encode()).decode(),
]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    world = build_world(
        {"acme/web": RepoSpec(pulls=12, issues=4), "acme/api": RepoSpec(pulls=4, issues=2)},
        token=GITHUB_TOKEN,
    )
    github = FakeGitHub(world).start()
    jira = FakeJira(build_dataset(seed=3), "cloud", user=JIRA_USER, token=JIRA_TOKEN).start()
    try:
        yield Site(tmp_path, github, jira)
    finally:
        github.stop()
        jira.stop()


def leaks(text: str | bytes) -> list[str]:
    data = text.encode("utf-8", "replace") if isinstance(text, str) else text
    return [secret for secret in SECRETS if secret.encode() in data]


def busiest(site: Site) -> str:
    """The GitHub login with the most events in the store (read with sqlite3: no schema check)."""
    with closing(sqlite3.connect(site.store)) as db:
        (actor,) = db.execute(
            "SELECT actor FROM events WHERE actor LIKE 'github:%' "
            "GROUP BY actor ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return str(actor).removeprefix("github:")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_output_or_file_ever_holds_a_token(site: Site) -> None:
    runs: list[tuple[str, subprocess.CompletedProcess[str]]] = []

    def run(label: str, *args: str, expect: int, **tokens: str) -> None:
        started = time.monotonic()
        done = site.footprint(*args, **tokens)
        print(f"{label}: exit {done.returncode} in {time.monotonic() - started:.1f} s")
        assert done.returncode == expect, f"{label}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stdout + done.stderr, label
        runs.append((label, done))

    good = dict(repos=["acme/web", "acme/api"], projects=["PAY", "WEB"])
    site.write_config(**good)
    run("refused github token", "sync", "--source", "github", expect=3, github_token="ghp_wrong" + "x" * 30)
    run("refused jira token", "sync", "--source", "jira", expect=3, jira_token="not-the-jira-token")
    site.write_config(repos=["acme/web", "acme/gone"], projects=["PAY", "NOPE"])
    run("unknown repo and project", "sync", expect=1)
    site.github.faults.add(Fault("status", status=500, endpoint="any", times=1000))
    site.jira.fail("503", "/search", times=1000, retry_after=0)
    site.write_config(**good)
    run("github server errors", "sync", "--source", "github", expect=1)
    run("jira server errors", "sync", "--source", "jira", expect=1)
    site.github.faults.clear()
    site.jira.faults.clear()
    site.write_config(**good, api_url=f"http://127.0.0.1:{closed_port()}/api/v3")
    run("unreachable github", "sync", "--source", "github", expect=1)
    site.write_config(**good)
    run("good sync", "sync", expect=0)
    run("incremental sync", "sync", expect=0)
    window = ("--since", "2020-01-01", "--until", "2031-01-01")
    run("snapshot with text", "snapshot", "--out", "snap", *window, "--include-text", expect=0)
    run("snapshot", "snapshot", "--out", "plain", *window, expect=0)
    config = site.folder / "footprint.toml"
    config.write_text(
        config.read_text("utf-8") + f'\n[[people]]\nid = "someone"\ngithub = ["{busiest(site)}"]\n'
    )
    run("packet", "packet", "--person", "someone", "--out", "someone.html", *window, expect=0)
    run("packet as markdown", "packet", "--person", "someone", "--out", "someone.md", *window, expect=0)
    run("packet of an unknown person", "packet", "--person", "nobody", "--out", "p.md", *window, expect=2)

    for label, done in runs:
        assert not leaks(done.stdout + done.stderr), label
    # one of the errors must actually have been printed, or this test proves nothing
    printed = "\n".join(done.stderr for _, done in runs)
    assert "acme/gone" in printed and "NOPE" in printed and "127.0.0.1" in printed

    files = [path for path in site.folder.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {
        "footprint.db",
        "footprint.toml",
        "events.csv",
        "report.html",
        "someone.html",
        "someone.md",
    } <= names
    for path in files:
        assert not leaks(path.read_bytes()), path
    assert not leaks(site.store.read_bytes())
    wal = Path(f"{site.store}-wal")
    if wal.exists():
        assert not leaks(wal.read_bytes())
    assert site.store.stat().st_size > 100_000  # the good sync really wrote events
