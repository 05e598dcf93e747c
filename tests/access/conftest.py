"""Fixtures of the access tests: the demo organisation under ``oidc`` access, and the app as each role.

Roles on the demo: ``odile`` (payments, not a manager), ``marlowe`` (manager of payments), ``priya``
(manager of web), an unmapped signed-in stranger, and nobody signed in. ``tobias`` (payments) is
excluded.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV

from ..conftest import demo_copy

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
ENTRY = DASHBOARD / "app.py"
PAGE_NAMES = ("overview", "my_footprint", "team", "packet", "health", "snapshots")
PAGES = {name: str(DASHBOARD / "views" / f"{name}.py") for name in PAGE_NAMES}
EXCLUDED = "tobias"

#: Everyone of the demo: id -> (display name, team, email).
PEOPLE: dict[str, tuple[str, str]] = {
    "marlowe": ("Marlowe Tinderbox", "payments"),
    "juno": ("Juno Kettleby", "payments"),
    "ravi": ("Ravi Lanternfish", "payments"),
    "odile": ("Odile Brasswick", "payments"),
    "tobias": ("Tobias Fernhollow", "payments"),
    "priya": ("Priya Moonwhistle", "web"),
    "casimir": ("Casimir Puddleford", "web"),
    "lena": ("Lena Quillfeather", "web"),
    "dario": ("Dario Thistlewood", "web"),
    "noor": ("Noor Cobblestone", "web"),
    "hattie": ("Hattie Gearwright", "platform"),
    "felix": ("Felix Starling-Vane", "platform"),
    "imani": ("Imani Copperkettle", "platform"),
    "bram": ("Bram Willowmere", "platform"),
    "suki": ("Suki Bramblecot", "platform"),
}


def email(person: str) -> str:
    first, last = PEOPLE[person][0].lower().split(" ", 1)
    return f"{first}.{last.replace('-', '')}@acme.example"


def signed_in(person_or_email: str) -> dict[str, Any]:
    """``st.user`` claims of someone signed in: a demo person id, or any email address."""
    address = person_or_email if "@" in person_or_email else email(person_or_email)
    return {"is_logged_in": True, "email": address, "email_verified": True, "name": address}


SIGNED_OUT: dict[str, Any] = {"is_logged_in": False}
STRANGER = signed_in("stranger@elsewhere.example")


def oidc_config_text(demo_text: str, store: Path) -> str:
    text = demo_text.replace('mode = "open"', 'mode = "oidc"').replace(
        "exclude = []", f'exclude = ["{EXCLUDED}"]'
    )
    text = text.replace('url = "sqlite:///footprint.db"', f'url = "sqlite:///{store}"')
    assert 'mode = "oidc"' in text and f'exclude = ["{EXCLUDED}"]' in text and str(store) in text
    return text


@pytest.fixture(scope="session")
def demo_folder(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_copy(built_demo, tmp_path_factory.mktemp("access-demo")).parent


@pytest.fixture(scope="session")
def oidc_config(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo under ``oidc`` access with ``tobias`` excluded, on the shared demo store (read only)."""
    folder = tmp_path_factory.mktemp("access-oidc")
    config = folder / "footprint.toml"
    demo_text = (demo_folder / "footprint.toml").read_text("utf-8")
    config.write_text(oidc_config_text(demo_text, demo_folder / "footprint.db"), "utf-8")
    return config


@pytest.fixture
def own_oidc_config(demo_folder: Path, tmp_path: Path) -> Path:
    """Like ``oidc_config`` on a private copy of the store, for tests that write the audit table."""
    shutil.copyfile(demo_folder / "footprint.db", tmp_path / "footprint.db")
    config = tmp_path / "footprint.toml"
    demo_text = (demo_folder / "footprint.toml").read_text("utf-8")
    config.write_text(oidc_config_text(demo_text, tmp_path / "footprint.db"), "utf-8")
    return config


App = Callable[..., AppTest]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> App:
    """``app(config, user, page)``: the real dashboard on ``config`` as ``user``, on ``page``, run once."""

    def run(config: Path, user: dict[str, Any], page: str = "overview", **state: Any) -> AppTest:
        monkeypatch.setenv(CONFIG_ENV, str(config))
        at = AppTest.from_file(str(ENTRY), default_timeout=120)
        at.user = dict(user)
        for key, value in state.items():
            at.session_state[key] = value
        at.switch_page(PAGES[page]).run()
        assert not at.exception, [error.value for error in at.exception]
        return at

    return run
