"""A source is one declaration: a tiny extra source (``tests/sources/tiny.py``), registered by its own
module and named nowhere else, is validated, offered by ``footprint sync --source``, synced over HTTP
from a loopback service, exported and listed on Data health, like GitHub and Jira."""

from __future__ import annotations

import csv
import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import ClassVar

import pytest

from collectors.config import SourceSection
from collectors.kinds import Attrs, Kind
from collectors.sources import Source, register_source, registered_sources

REPO = Path(__file__).resolve().parents[1]
TOKEN = "tiny-token-3b1f"
#: The CLI, in a process that imported the tiny source's module first (as a plugin would be).
WITH_TINY = "import tests.sources.tiny; from dashboard.cli import main; main()"
NOTES = {
    "ops": [
        {"id": 1, "by": "ada", "at": "2025-01-06T09:00:00Z", "text": "Rotate the keys", "pinned": True},
        {"id": 2, "by": "bob", "at": "2025-01-07T10:30:00Z", "text": "Done", "pinned": False},
    ],
    "web": [{"id": 3, "by": "cy", "at": "2025-01-08T11:00:00Z", "text": "Ship it", "pinned": False}],
}


class _Notes(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.headers.get("Authorization", ""))
        board = self.path.removeprefix("/boards/").removesuffix("/notes")
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or board not in NOTES:
            self.send_error(401 if board in NOTES else 404)
            return
        body = json.dumps(NOTES[board]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Notes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def footprint(*args: str, code: str = WITH_TINY, token: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env |= {"TINY_TOKEN": TOKEN} if token else {}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def write_config(folder: Path, tiny: str) -> Path:
    path = folder / "footprint.toml"
    path.write_text(f'[store]\nurl = "sqlite:///{folder / "fp.db"}"\n\n[tiny]\n{tiny}\n', "utf-8")
    return path


def test_a_registered_source_is_synced_exported_and_shown(tmp_path: Path, service: str) -> None:
    config = write_config(tmp_path, f'url = "{service}"\nboards = ["ops", "web"]')
    offered = footprint("sync", "--help")
    assert offered.returncode == 0 and "<github|jira|tiny>" in offered.stdout
    done = footprint("sync", "--source", "tiny", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "tiny: ok, 3 events written, 2 requests" in done.stderr
    assert _Notes.seen[-2:] == [f"Bearer {TOKEN}"] * 2
    with closing(sqlite3.connect(tmp_path / "fp.db")) as db:
        rows = db.execute(
            "SELECT event_id, source, kind, actor, attrs FROM events ORDER BY event_id"
        ).fetchall()
    assert rows[0] == ("tiny:note:1", "tiny", "tiny_note", "tiny:ada", '{"pinned": true}')
    assert len(rows) == 3
    again = footprint("sync", "--config", str(config))  # every configured source: only tiny here
    assert again.returncode == 0, again.stderr
    with closing(sqlite3.connect(tmp_path / "fp.db")) as db:
        assert db.execute("SELECT count(*) FROM events").fetchone() == (3,)  # a rerun converges
    out = tmp_path / "snapshot"
    window = ("--since", "2025-01-01", "--until", "2025-02-01")
    exported = footprint("snapshot", "--out", str(out), *window, "--config", str(config))
    assert exported.returncode == 0, exported.stderr
    with (out / "events.csv").open(encoding="utf-8") as handle:
        assert [(row["source"], row["kind"]) for row in csv.DictReader(handle)] == [("tiny", "tiny_note")] * 3
    health = footprint(
        str(config),
        code="import sys, tests.sources.tiny\n"
        "from collectors.config import load_config\nfrom collectors.store import open_store\n"
        "from dashboard.charts.health import sources_frame\n"
        "config = load_config(sys.argv[1])\n"
        "frame = sources_frame(config, open_store(config.store_url()).sources())\n"
        "print(frame[['source', 'configured', 'events']].to_json(orient='records'))",
    )
    assert health.returncode == 0, health.stderr
    assert json.loads(health.stdout) == [
        {"source": "github", "configured": False, "events": 0},
        {"source": "jira", "configured": False, "events": 0},
        {"source": "tiny", "configured": True, "events": 3},
    ]


def test_its_section_and_its_token_are_checked_like_the_others(tmp_path: Path, service: str) -> None:
    bad = footprint("sync", "--config", str(write_config(tmp_path, "boards = [1]\nbogus = true")))
    assert bad.returncode == 2
    assert "tiny.boards[0]: input should be a valid string" in bad.stderr
    assert "tiny.bogus: unknown key" in bad.stderr and "Traceback" not in bad.stderr
    config = write_config(tmp_path, f'url = "{service}"\nboards = ["ops"]')
    missing = footprint("sync", "--config", str(config), token=False)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "footprint: tiny.token_env: environment variable TINY_TOKEN is not set"


def test_a_program_without_the_declaration_knows_no_such_source(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'boards = ["ops"]')
    plain = footprint("sync", "--config", str(config), code="from dashboard.cli import main; main()")
    assert plain.returncode == 2 and f"{config}: tiny: unknown key" in plain.stderr


class _Section(SourceSection):
    token_env: str = "OTHER_TOKEN"


class _NoteAttrs(Attrs):
    pinned: bool | None = None


def test_names_and_kinds_cannot_be_taken_twice() -> None:
    # (the tiny source itself is never imported here: registering it would change this process's program)
    kinds = (Kind("other_note", _NoteAttrs),)
    with pytest.raises(ValueError, match="not a section of the file"):
        register_source(Source("store", _Section, kinds, "x:Y"))  # the [store] section is the file's
    with pytest.raises(ValueError, match="'github' is declared twice"):
        register_source(Source("github", _Section, kinds, "x:Y"))
    with pytest.raises(ValueError, match=r"kind 'review' .* declared differently"):
        register_source(Source("other", _Section, (Kind("review", _NoteAttrs),), "x:Y"))
    assert [source.name for source in registered_sources()] == ["github", "jira"]  # none was added
