"""Writing ``footprint.toml`` by hand, comments and all: TOML values from Python ones.

A drafted config is text a person reads and edits, so it is written line by line (with the comments
saying what was inferred) rather than dumped; these helpers make each value valid TOML. Every drafted
file is parsed and validated again before it is written (:func:`checked`).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from collectors.config import Config, parse_config


def string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, and ``ensure_ascii=False`` keeps names readable)."""
    return json.dumps(value, ensure_ascii=False)


def strings(values: list[str]) -> str:
    return "[" + ", ".join(string(value) for value in values) + "]"


def comment(text: str) -> str:
    """``text`` as a comment line, whatever it holds (a newline in a name cannot end the comment)."""
    return "# " + " ".join(text.split())


def checked(text: str, path: Path) -> Config:
    """The config ``text`` describes, validated by the normal loader; ConfigError if it is not valid."""
    return parse_config(tomllib.loads(text), path)
