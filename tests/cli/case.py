"""What a case of the bad-input battery is, and the inputs cases are made of (``cases.py`` lists them).

A :class:`Case` says what the case's folder holds (``footprint.toml``, other files, stdin), the command
line (run in that folder) and what must come back: the exit code, the key or option the first stderr
line names, and, for stdin, what stdout must say about each line. The runner is ``test_bad_input.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Secrets in the environment of every case: none may ever be printed.
ENV_SECRETS = {
    "GITHUB_TOKEN": "ghp_EnvSecret0123456789abcdefghijklmnopq",
    "JIRA_TOKEN": "ATATT3xFfGF0EnvSecretJiraToken0123456789abcdefABCDEF=0A1B2C3D",
    "JIRA_USER": "env.secret.user@acme.test",
}
#: Tokens pasted where a variable name belongs.
GH_CLASSIC = "ghp_Pasted0123456789abcdefghijklmnopqrs"
GH_FINE = "github_pat_11ABCDEFG0Pasted_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123"
GH_OAUTH = "gho_Pasted0123456789abcdefghijklmnopqrs"
GH_SERVER = "ghs_Pasted0123456789abcdefghijklmnopqrs"
GITLAB = "glpat-Pasted0123456789abcd"
JIRA_CLOUD = "ATATT3xFfGF0PastedJiraCloudToken0123456789abcdefABCDEF=9F8E7D6C"
HEX40 = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
DC_PAT = "NjQ4MjE3NTU5MDk2OjH8tYb3kPq2Xv9Lm0RzC1wN"
PASSWORD = "Sup3rSecretPassw0rd"

#: A valid config: nothing in it reaches the network (the GitHub API is a closed loopback port).
GOOD = """\
[store]
url = "sqlite:///footprint.db"

[github]
api_url = "http://127.0.0.1:9"
repos = ["acme/web"]
since = "2025-01-01"

[[teams]]
name = "web"
repos = ["acme/web"]

[[people]]
id = "ada"
team = "web"
level = 3
github = ["ada"]
"""


def edit(old: str, new: str) -> str:
    """GOOD with ``old`` replaced by ``new`` (which must be there)."""
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def plus(text: str) -> str:
    return GOOD + "\n" + text


SNAPSHOT = ["snapshot", "--out", "out", "--config", "footprint.toml"]
SYNC = ["sync", "--config", "footprint.toml"]
DASHBOARD = ["dashboard", "--config", "footprint.toml"]


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    names: str | None  # what the first stderr line must contain (the key, option or stdin line)
    config: str | bytes | None = GOOD
    exit: int = 2
    phrase: str = ""  # also in the first line, case-insensitive
    secret: str | None = None  # planted in the input; must appear in no output
    stdin: bytes | None = None
    setup: Callable[[Path], None] | None = None  # makes other files in the case's folder
    stdout: list[str | None] | None = None  # per stdout line: the label, or None for an error object
    env: dict[str, str | None] = field(default_factory=dict)  # None removes a variable
    creates: tuple[str, ...] = ()  # files a failing run may leave (an empty store it opened first)


def a_file(name: str, content: bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)

    return make


def a_folder(name: str, with_file: str | None = None) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).mkdir(parents=True)
        if with_file:
            (folder / name / with_file).write_text("not a snapshot\n")

    return make


def newer_store(folder: Path) -> None:
    """A store a later release wrote (in WAL mode, as every footprint store is)."""
    conn = sqlite3.connect(folder / "footprint.db")
    with conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE footprint_meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO footprint_meta VALUES ('schema_version', '999')")
    conn.close()  # checkpoints the WAL: the folder holds the database file alone


def truncated_store(folder: Path) -> None:
    whole = folder / "whole.db"
    conn = sqlite3.connect(whole)
    with conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.close()
    (folder / "footprint.db").write_bytes(whole.read_bytes()[:6000])
    whole.unlink()


def lines(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


DEFECT = {"id": 1, "text": "This will crash when the port is None."}
QUESTION = {"id": 2, "text": "Why do we need this?"}
