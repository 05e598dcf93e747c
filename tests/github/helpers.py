"""Shared helpers of the GitHub collector tests: configs, in-process syncs, event snapshots, CLI runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from collectors.config import Config, parse_config
from collectors.store import Store, open_store
from collectors.sync import SourceResult, sync_sources
from tests.fakes.github import FakeGitHub

TOKEN = "test-token"
FOOTPRINT = Path(sys.executable).with_name("footprint")
SNAPSHOT_COLUMNS = ["event_id", "kind", "actor", "target", "item", "created_at", "url", "text", "attrs"]


def github_config(fake: FakeGitHub, db: Path, *, ghes: bool = False, **github: Any) -> Config:
    section = {"api_url": fake.api_url(ghes=ghes), "repos": ["acme/web"], **github}
    return parse_config({"store": {"url": f"sqlite:///{db}"}, "github": section})


def config_toml(fake: FakeGitHub, db: Path, repos: list[str], extra: str = "") -> str:
    listed = ", ".join(f'"{repo}"' for repo in repos)
    return (
        f'[store]\nurl = "sqlite:///{db}"\n\n[github]\napi_url = "{fake.api_url()}"\n'
        f"repos = [{listed}]\n{extra}"
    )


def sync(config: Config, store: Store | None = None, *, full: bool = False) -> tuple[SourceResult, Store]:
    """Sync GitHub in-process (as ``footprint sync --source github`` does); the result and the store."""
    store = store or open_store(config.store_url())
    console = Console(file=io.StringIO(), width=120)
    (result,) = sync_sources(config, store, ["github"], full=full, console=console)
    return result, store


def snapshot(store: Store) -> list[tuple[str, ...]]:
    """Every stored event as comparable text, sorted: equal snapshots mean identical events."""
    frame = store.events(columns=SNAPSHOT_COLUMNS).astype(str)
    return sorted(tuple(row) for row in frame.itertuples(index=False))


def kinds(store: Store) -> dict[str, int]:
    return store.events(columns=["event_id", "kind"])["kind"].value_counts().to_dict()


def run_cli(args: list[str], *, token: str = TOKEN, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_TOKEN": token, "COLUMNS": "120"}
    return subprocess.run(
        [str(FOOTPRINT), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=240, check=False
    )


def start_cli(args: list[str], *, cwd: Path, token: str = TOKEN) -> subprocess.Popen[str]:
    env = {**os.environ, "GITHUB_TOKEN": token}
    return subprocess.Popen(
        [str(FOOTPRINT), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
