"""Snapshot history: find snapshot folders and compare two of them, reading only their files.

Used by the dashboard's Snapshots page; needs no store and no config, so an archive of snapshot
folders can be browsed anywhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collectors.config import Config
from metrics.behaviours import BEHAVIOUR_IDS, BY_ID

from .snapshot import MANIFEST

SNAPSHOTS_ENV = "FOOTPRINT_SNAPSHOTS"
COMPARE_COLUMNS = ["person", "name", "behaviour", "label", "before", "after", "change"]


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One snapshot folder and the headline of its manifest."""

    path: Path
    name: str  # path relative to the folder searched
    generated_at: str
    since: str
    until: str
    events: int
    evidence: int
    people: int


def snapshots_dir(config: Config | None) -> Path | None:
    """Where snapshots are kept: ``$FOOTPRINT_SNAPSHOTS``, else ``[snapshots] dir`` (relative to the
    config file's folder), else None."""
    value = os.environ.get(SNAPSHOTS_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    if config is None or not config.snapshots.dir:
        return None
    folder = Path(config.snapshots.dir).expanduser()
    if not folder.is_absolute() and config.path is not None:
        folder = Path(config.path).parent / folder
    return folder


def _read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def find_snapshots(root: Path, *, depth: int = 2) -> list[SnapshotInfo]:
    """Snapshots at ``root`` and in its sub-folders (``depth`` levels), oldest window first.

    A folder counts when it has a readable ``manifest.json``; hidden folders (temporary ones of a
    snapshot being written) are skipped.
    """
    root = Path(root)
    folders = [root]
    level = [root]
    for _ in range(depth):
        level = [
            c
            for p in level
            if p.is_dir()
            for c in sorted(p.iterdir())
            if c.is_dir() and not c.name.startswith(".")
        ]
        folders += level
    found = []
    for folder in folders:
        manifest = _read_manifest(folder)
        if manifest is None:
            continue
        window, counts = manifest.get("window") or {}, manifest.get("counts") or {}
        found.append(
            SnapshotInfo(
                path=folder,
                name=str(folder.relative_to(root)) if folder != root else ".",
                generated_at=str(manifest.get("generated_at", "")),
                since=str(window.get("since", "")),
                until=str(window.get("until", "")),
                events=int(counts.get("events", 0)),
                evidence=int(counts.get("evidence", 0)),
                people=int(counts.get("people", 0)),
            )
        )
    return sorted(found, key=lambda s: (s.until, s.since, s.generated_at, s.name))


def _totals(folder: Path) -> pd.Series:
    footprint = pd.read_csv(folder / "footprint.csv", dtype={"person": str, "behaviour": str})
    return footprint.groupby(["person", "behaviour"])["evidence_count"].sum()


def _names(*folders: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for folder in folders:
        people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
        for person, name in zip(people["person"], people["name"], strict=True):
            if name:
                names.setdefault(person, name)
    return names


def compare(before: Path, after: Path) -> pd.DataFrame:
    """Evidence per person and behaviour in two snapshots: ``before``, ``after`` and ``change``.

    Every person and behaviour present in either appears (zeros filled); rows are alphabetical by
    name, behaviours in DESIGN order. Columns :data:`COMPARE_COLUMNS`.
    """
    joined = pd.concat({"before": _totals(before), "after": _totals(after)}, axis=1).fillna(0).astype(int)
    if joined.empty:
        return pd.DataFrame(columns=COMPARE_COLUMNS)
    frame = joined.reset_index()
    frame["change"] = frame["after"] - frame["before"]
    names = _names(after, before)
    frame["name"] = frame["person"].map(lambda p: names.get(p, p))
    frame["label"] = frame["behaviour"].map(lambda b: BY_ID[b].label if b in BY_ID else b)
    order = {b: i for i, b in enumerate(BEHAVIOUR_IDS)}
    frame["_name"] = frame["name"].str.casefold()
    frame["_behaviour"] = frame["behaviour"].map(lambda b: order.get(b, len(order)))
    frame = frame.sort_values(
        ["_name", "person", "_behaviour", "behaviour"], kind="stable", ignore_index=True
    )
    return frame[COMPARE_COLUMNS]
