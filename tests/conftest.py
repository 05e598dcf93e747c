"""Fixtures shared across the suite."""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from collectors.config import Config, parse_config
from collectors.events import Event
from collectors.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POSTGRES_ENV = "FOOTPRINT_TEST_POSTGRES_URL"


def _fresh_postgres(url: str) -> str:
    """An empty schema of its own on the test server, so tests never see each other's rows."""
    schema = f"t{os.getpid()}_{os.urandom(4).hex()}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def _drop_schema(url: str) -> None:
    base, _, options = url.partition("?options=-csearch_path%3D")
    base = base.split("&options=")[0]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{options}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store: SQLite in tmp_path, and PostgreSQL when FOOTPRINT_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'footprint.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests need {POSTGRES_ENV} (CI sets it)")
    url = _fresh_postgres(base)
    yield url
    _drop_schema(url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.dispose()


@pytest.fixture(scope="session")
def demo_events() -> tuple[Event, ...]:
    """Every event of the demo (seed 7), made once per session; a tuple, so no test can change it
    under another (events are frozen). Tests of a directory with a ``demo_config`` path fixture of
    its own (dashboard, exports) still share this one."""
    demo = pytest.importorskip("collectors.simulated.build")
    return tuple(demo.demo_events(7))


@pytest.fixture(scope="session")
def demo_config() -> Config:
    """The demo's configuration (store ``sqlite:///footprint.db``), parsed once per session. Pydantic
    models are copied, never mutated, by the tests (``model_copy(update=...)``)."""
    demo = pytest.importorskip("collectors.simulated.build")
    return parse_config(tomllib.loads(demo.demo_config_text()))


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The config path of the demo exactly as ``build_demo`` writes it (events, runs, nothing computed),
    built once per session (per xdist worker). Never written to: take a :func:`demo_copy`."""
    from collectors.simulated import build_demo

    return build_demo(tmp_path_factory.mktemp("built-demo"))


def demo_copy(built: Path, folder: Path) -> Path:
    """A private copy of the built demo (its config and its SQLite store) in ``folder``, as
    ``build_demo(folder)`` would write it; returns the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (built.name, "footprint.db"):
        shutil.copyfile(built.parent / name, folder / name)
    return folder / built.name
