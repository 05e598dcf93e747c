"""Fixtures of the export tests: the demo store and its metrics for a fixed window (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from collectors.config import Config, load_config
from collectors.store import Store, open_store
from dashboard.exports.retention import dated_folder
from dashboard.exports.snapshot import write_snapshot
from dashboard.exports.window import Window
from metrics.engine import Metrics, load_metrics

from ..conftest import demo_copy

#: The third quarter of the demo's six months (2026-05-01 .. 2026-11-01).
Q3 = Window(date(2026, 7, 1), date(2026, 10, 1))


@pytest.fixture(scope="session")
def demo_config_path(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_copy(built_demo, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def demo_config(demo_config_path: Path) -> Config:
    return load_config(demo_config_path)


@pytest.fixture(scope="session")
def demo_store(demo_config: Config) -> Iterator[Store]:
    store = open_store(demo_config.store_url())
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def q3_metrics(demo_store: Store, demo_config: Config) -> Metrics:
    return load_metrics(demo_store, demo_config, since=Q3.start, until=Q3.end)


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory, demo_store: Store, demo_config: Config) -> Path:
    """Two dated monthly snapshots: August and September 2026."""
    root = tmp_path_factory.mktemp("archive")
    for since, until in ((date(2026, 8, 1), date(2026, 9, 1)), (date(2026, 9, 1), date(2026, 10, 1))):
        write_snapshot(
            demo_store, demo_config, dated_folder(root, until), since=since, until=until,
            now=datetime(until.year, until.month, until.day, 6, tzinfo=UTC),
        )  # fmt: skip
    return root
