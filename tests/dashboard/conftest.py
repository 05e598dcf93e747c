"""Stores the dashboard tests run on: the demo, an empty one, a GitHub-only one, and no config at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV
from collectors.simulated import demo_config_text, demo_events
from collectors.store import open_store

from ..conftest import demo_copy

PAGES_NAMES = ("overview", "my_footprint", "team", "packet", "health")

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
PAGES = {name: str(DASHBOARD / "views" / f"{name}.py") for name in PAGES_NAMES}


@pytest.fixture(scope="session")
def demo_config(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_copy(built_demo, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def github_only_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation with only its GitHub events in the store (no Jira)."""
    folder = tmp_path_factory.mktemp("github-only")
    store = open_store(f"sqlite:///{folder / 'footprint.db'}")
    store.write(event for event in demo_events() if event.source == "github")
    store.dispose()
    config = folder / "footprint.toml"
    config.write_text(demo_config_text(), encoding="utf-8")
    return config


@pytest.fixture
def empty_store_config(tmp_path: Path) -> Path:
    """A valid config whose store exists but holds no events."""
    open_store(f"sqlite:///{tmp_path / 'footprint.db'}").dispose()
    config = tmp_path / "footprint.toml"
    config.write_text(demo_config_text(), encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def entry() -> Path:
    """The real entry script, ``dashboard/app.py``."""
    return DASHBOARD / "app.py"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, entry: Path) -> Callable[..., AppTest]:
    """``app(config, page)``: the dashboard on ``config``, switched to ``page`` (a key of PAGES), run once."""

    def run(config: Path, page: str = "overview") -> AppTest:
        monkeypatch.setenv(CONFIG_ENV, str(config))
        at = AppTest.from_file(str(entry), default_timeout=120)
        at.switch_page(PAGES[page]).run()
        return at

    return run
