"""The Snapshots page (AppTest): lists the archive, compares two snapshots, explains empty states."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV
from dashboard.exports.history import SNAPSHOTS_ENV

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "snapshots.py")


def _run(monkeypatch: pytest.MonkeyPatch, config: Path, snapshots: Path | None) -> AppTest:
    monkeypatch.setenv(CONFIG_ENV, str(config))
    if snapshots is None:
        monkeypatch.delenv(SNAPSHOTS_ENV, raising=False)
    else:
        monkeypatch.setenv(SNAPSHOTS_ENV, str(snapshots))
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def test_lists_and_compares_two_snapshots(
    monkeypatch: pytest.MonkeyPatch, demo_config_path: Path, archive: Path
) -> None:
    app = _run(monkeypatch, demo_config_path, archive)
    listing, comparison = app.dataframe[0].value, app.dataframe[1].value
    assert list(listing["snapshot"]) == ["2026-09-01", "2026-10-01"]
    assert [box.value for box in app.selectbox] == ["2026-09-01", "2026-10-01"]
    assert list(comparison.columns) == ["person", "name", "behaviour", "before", "after", "change"]
    assert (comparison["change"] == comparison["after"] - comparison["before"]).all()
    names = list(dict.fromkeys(comparison["name"]))
    assert names == sorted(names, key=str.casefold)
    app.selectbox[0].set_value("2026-10-01").run()  # the same snapshot on both sides: no change
    assert (app.dataframe[1].value["change"] == 0).all()


def test_without_a_snapshot_folder_it_says_how_to_configure_one(
    monkeypatch: pytest.MonkeyPatch, demo_config_path: Path
) -> None:
    app = _run(monkeypatch, demo_config_path, None)
    assert "No snapshot folder configured" in app.info[0].value


def test_an_empty_folder_says_how_to_write_a_snapshot(
    monkeypatch: pytest.MonkeyPatch, demo_config_path: Path, tmp_path: Path
) -> None:
    app = _run(monkeypatch, demo_config_path, tmp_path)
    assert "No snapshots in" in app.info[0].value and "footprint snapshot" in app.info[0].value


def test_oidc_without_a_signed_in_viewer_shows_nothing(
    monkeypatch: pytest.MonkeyPatch, demo_config_path: Path, archive: Path, tmp_path: Path
) -> None:
    text = demo_config_path.read_text("utf-8").replace('mode = "open"', 'mode = "oidc"')
    assert 'mode = "oidc"' in text
    oidc = tmp_path / "footprint.toml"
    oidc.write_text(
        text.replace(
            'url = "sqlite:///footprint.db"', f'url = "sqlite:///{demo_config_path.parent}/footprint.db"'
        )
    )
    app = _run(monkeypatch, oidc, archive)
    assert "sign in" in app.info[0].value.lower()
    assert len(app.dataframe) == 0
