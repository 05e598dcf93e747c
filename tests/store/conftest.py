"""The demo's events and config, shared by the store migration tests."""

from __future__ import annotations

import tomllib

import pytest

from collectors.config import Config, parse_config
from collectors.events import Event

demo = pytest.importorskip("collectors.simulated.build")


@pytest.fixture(scope="module")
def demo_events() -> list[Event]:
    return list(demo.demo_events(7))


@pytest.fixture(scope="module")
def demo_config() -> Config:
    return parse_config(tomllib.loads(demo.demo_config_text()))
