"""Path globs of ``[behaviours] design_paths`` and ``tooling_paths``: their one dialect, and its checks.

A glob matches a repository-relative path as a whole: ``**`` matches anything, across folders (``**/``
also matches no folder at all), ``*`` and ``?`` match within one path segment, and every other character
matches itself. The config loader refuses what this dialect would silently get wrong (see
:func:`glob_problem`); the behaviour rules compile the globs with :func:`glob_regex`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Characters other glob dialects give a meaning this one does not (classes, braces, escapes).
UNSUPPORTED = "[]{}\\"
#: Paths of every shape a pull request touches: a root file, a dotfolder, a deep path. A glob that
#: matches all of them matches every path, and would credit every pull request.
_PROBES = (
    "README.md",
    "Makefile",
    "src/main.py",
    ".github/workflows/ci.yml",
    "docs/adr/0001-record.md",
    "a/b/c/d/e/f/g.txt",
)


def _translate(glob: str) -> str:
    regex, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            regex, i = regex + ".*", i + 2
        elif glob[i] == "*":
            regex, i = regex + "[^/]*", i + 1
        elif glob[i] == "?":
            regex, i = regex + "[^/]", i + 1
        else:
            regex, i = regex + re.escape(glob[i]), i + 1
    return regex


def glob_regex(globs: Iterable[str]) -> str | None:
    """One anchored regex matching a path against any of ``globs``; None for no globs."""
    parts = [_translate(glob) for glob in globs]
    return f"^(?:{'|'.join(parts)})$" if parts else None


def glob_problem(glob: str) -> str | None:
    """Why ``glob`` cannot be used as written, or None when it can."""
    if not glob.strip():
        return "an empty pattern"
    if glob != glob.strip():
        return f"{glob!r} starts or ends with spaces"
    unsupported = sorted(set(glob) & set(UNSUPPORTED))
    if unsupported:
        return (
            f"{glob!r}: {' '.join(unsupported)} not supported (only *, ** and ?; "
            "every other character matches itself)"
        )
    if glob.startswith("!"):
        return f"{glob!r}: negation ('!') is not supported"
    if glob.startswith(("/", "./")):
        leading = "./" if glob.startswith("./") else "/"
        return f"{glob!r}: paths are relative to the repository root; drop the leading {leading!r}"
    if glob.endswith("/"):
        return f"{glob!r} ends with '/' and matches no file; for a folder's files write {glob + '**'!r}"
    regex = re.compile(f"^(?:{_translate(glob)})$")
    if all(regex.match(path) for path in _PROBES):
        return f"{glob!r} matches every path, so every pull request would count"
    return None
