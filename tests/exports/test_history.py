"""Snapshot history (find, compare) and retention of dated snapshots."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectors.config import parse_config
from dashboard.exports.history import SNAPSHOTS_ENV, compare, find_snapshots, snapshots_dir
from dashboard.exports.retention import dated_snapshots, prune
from dashboard.exports.snapshot import MANIFEST


def test_find_snapshots_lists_them_oldest_first_and_skips_temporary_folders(archive: Path) -> None:
    (archive / ".2026-10-01.tmp-1-abc").mkdir()
    (archive / ".2026-10-01.tmp-1-abc" / MANIFEST).write_text("{}")
    (archive / "notes").mkdir(exist_ok=True)
    found = find_snapshots(archive)
    assert [s.name for s in found] == ["2026-09-01", "2026-10-01"]
    assert (found[0].since, found[0].until) == ("2026-08-01", "2026-09-01")
    assert found[1].generated_at == "2026-10-01T06:00:00Z" and found[1].people == 15 and found[1].events > 0


def test_compare_gives_before_after_and_change_per_person_and_behaviour(archive: Path) -> None:
    before, after = archive / "2026-09-01", archive / "2026-10-01"
    table = compare(before, after)
    assert list(table.columns) == ["person", "name", "behaviour", "label", "before", "after", "change"]
    assert (table["change"] == table["after"] - table["before"]).all()
    for folder, column in ((before, "before"), (after, "after")):
        footprint = pd.read_csv(folder / "footprint.csv")
        assert table[column].sum() == footprint["evidence_count"].sum()
        sums = footprint.groupby(["person", "behaviour"])["evidence_count"].sum()
        indexed = table.set_index(["person", "behaviour"])[column]
        assert (indexed.reindex(sums.index) == sums).all()
    names = table.drop_duplicates("person")["name"].tolist()
    assert names == sorted(names, key=str.casefold)  # alphabetical, never by change
    marlowe = table[table["person"] == "marlowe"]
    assert marlowe["name"].iloc[0] == "Marlowe Tinderbox"


def test_snapshots_dir_from_env_then_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"snapshots": {"dir": "archive"}}, tmp_path / "footprint.toml")
    monkeypatch.delenv(SNAPSHOTS_ENV, raising=False)
    assert snapshots_dir(config) == tmp_path / "archive"
    assert snapshots_dir(parse_config({})) is None
    monkeypatch.setenv(SNAPSHOTS_ENV, str(tmp_path / "elsewhere"))
    assert snapshots_dir(config) == tmp_path / "elsewhere"


def test_prune_keeps_the_newest_dated_snapshots_and_touches_nothing_else(tmp_path: Path) -> None:
    for day in ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"):
        (tmp_path / day).mkdir()
        (tmp_path / day / MANIFEST).write_text("{}")
    (tmp_path / "2026-02-02").mkdir()  # dated but not a snapshot: no manifest
    (tmp_path / "keep-me").mkdir()
    (tmp_path / "keep-me" / MANIFEST).write_text("{}")
    removed = prune(tmp_path, 2, MANIFEST)
    assert [p.name for p in removed] == ["2026-01-05", "2026-01-12"]
    assert [p.name for p in dated_snapshots(tmp_path, MANIFEST)] == ["2026-01-19", "2026-01-26"]
    assert (tmp_path / "2026-02-02").is_dir() and (tmp_path / "keep-me").is_dir()
    assert prune(tmp_path, 5, MANIFEST) == []
    with pytest.raises(ValueError):
        prune(tmp_path, 0, MANIFEST)
