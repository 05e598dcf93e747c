"""Fixtures: a Jira fake on loopback per test, in Cloud or Data Center mode, and credentials in env."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.jira import FakeJira, build_dataset

from .helpers import TOKEN_ENV, USER_ENV


@pytest.fixture
def jira_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_ENV, "bot@example.com")
    monkeypatch.setenv(TOKEN_ENV, "fake-token")


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest, jira_env: None) -> Iterator[FakeJira]:
    """A started fake with the default seeded dataset, in each mode."""
    with FakeJira(build_dataset(seed=7), request.param) as server:
        yield server
