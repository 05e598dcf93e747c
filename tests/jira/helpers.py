"""Running the Jira collector against the fake, in-process, as `footprint sync --source jira` would."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from collectors.config import Config, parse_config
from collectors.store import Store
from collectors.sync import SourceResult, sync_sources
from tests.fakes.jira import FakeJira

USER_ENV, TOKEN_ENV = "FOOTPRINT_TEST_JIRA_USER", "FOOTPRINT_TEST_JIRA_TOKEN"


def jira_config(
    fake: FakeJira,
    store_url: str,
    *,
    projects: list[str] | None = None,
    retro_jql: str | None = "labels = retro",
    max_wait: int = 900,
) -> Config:
    section: dict[str, Any] = {
        "url": fake.url,
        "token_env": TOKEN_ENV,
        "projects": projects or sorted(fake.data.projects),
        "max_rate_limit_wait_seconds": max_wait,
    }
    if fake.cloud:
        section["user_env"] = USER_ENV
    if retro_jql:
        section["retro_jql"] = retro_jql
    return parse_config({"store": {"url": store_url}, "jira": section})


def sync_once(config: Config, store: Store, *, full: bool = False) -> SourceResult:
    console = Console(file=io.StringIO(), width=120)
    [result] = sync_sources(config, store, ["jira"], full=full, console=console)
    return result


def event_rows(store: Store) -> list[tuple]:
    """Every stored event as a comparable tuple, sorted by id."""
    frame = store.events()
    frame = frame.sort_values("event_id")
    return [tuple(str(value) for value in row) for row in frame.itertuples(index=False)]
