"""The demo built with ``redact_text``, and the words of its comments that no output may then contain.

A word is *distinctive* when the plain demo's evidence reasons quote it from a comment or issue body
(the classifier quotes the words that decided) and it can come from nowhere else: it is in no stored
field but the text (titles, labels, paths, logins, urls, attrs), not in the demo config, and not in
the program's own wording (the rules', measures', views' and exports' source and templates, the names
of the classifier's features and risks). So finding one in a redacted output means words of someone's
comment got there.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from collectors.config import load_config
from collectors.simulated import build_demo
from collectors.store import open_store
from metrics.engine import load_metrics
from metrics.stored.compute import compute_store
from metrics.textclass import CUES, LABELS
from metrics.textclass.patterns import FEATURES
from metrics.textclass.risks import RISKS

REPO = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[a-z][a-z0-9_]{3,}")
QUOTED = re.compile(r"'([^']+)'")


def words(text: str) -> set[str]:
    """The lower-cased words of at least four characters in ``text``."""
    return set(_WORD.findall(text.lower()))


def build_redacted_demo(folder: Path) -> Path:
    """The demo store written as ``footprint sync`` writes a redacted one, its evidence computed as
    ``footprint demo`` does; returns the config path."""
    config_path = build_demo(folder, redact_text=True)
    config = load_config(config_path)
    assert config.store.redact_text
    store = open_store(config.store_url(), redact_text=True)
    try:
        compute_store(store, config)
    finally:
        store.dispose()
    return config_path


def _program_words() -> set[str]:
    """Words the program itself may write: its output-making source and templates (not the
    classifier's patterns, whose regexes hold the very words a comment uses), and the names a
    wordless reason gives."""
    found = words(" ".join([*FEATURES, *RISKS, *CUES, *LABELS]))
    sources: Iterable[Path] = [
        *(REPO / "metrics").rglob("*.py"),
        *(REPO / "dashboard").rglob("*.py"),
        *(REPO / "dashboard").rglob("*.j2"),
    ]
    for path in sources:
        if "textclass" not in path.parts:
            found |= words(path.read_text("utf-8"))
    return found


def metadata_words(store_file: Path, config_path: Path) -> set[str]:
    """Every word of the stored events but their text, and of the config."""
    found = words(config_path.read_text("utf-8"))
    with closing(sqlite3.connect(store_file)) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(events)") if row[1] != "text"]
        for row in db.execute(f"SELECT {', '.join(columns)} FROM events"):
            found |= words(" ".join(str(value) for value in row))
    return found


def distinctive_words(plain_config_path: Path) -> set[str]:
    """The words of comments the plain demo's reasons quote and nothing but a comment could give."""
    config = load_config(plain_config_path)
    store = open_store(config.store_url())
    try:
        reasons = load_metrics(store, config).evidence["reason"].dropna().unique()
    finally:
        store.dispose()
    quoted = set().union(*(words(" ".join(QUOTED.findall(str(reason)))) for reason in reasons))
    store_file = plain_config_path.parent / "footprint.db"
    return quoted - metadata_words(store_file, plain_config_path) - _program_words()


def leaked(text: str, distinctive: set[str]) -> set[str]:
    """The distinctive words in ``text``."""
    return words(text) & distinctive
