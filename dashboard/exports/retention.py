"""Dated snapshot folders for scheduled runs, and keeping only the newest N of them (``--keep N``)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

DATED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def dated_folder(root: Path, day: date) -> Path:
    """``root/YYYY-MM-DD``."""
    return root / day.isoformat()


def dated_snapshots(root: Path, marker: str) -> list[Path]:
    """Sub-folders of ``root`` named ``YYYY-MM-DD`` that hold ``marker``, oldest first."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and DATED.match(p.name) and (p / marker).is_file()]
    return sorted(found, key=lambda path: path.name)


def prune(root: Path, keep: int, marker: str) -> list[Path]:
    """Delete all but the newest ``keep`` dated snapshots under ``root``; return what was deleted.

    Only folders that are snapshots (dated name and ``marker`` inside) are ever touched.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    snapshots = dated_snapshots(root, marker)
    doomed = snapshots[: max(len(snapshots) - keep, 0)]
    for path in doomed:
        shutil.rmtree(path)
    return doomed
