"""`footprint sync`: incremental, resumable pull of the configured sources into the store."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from collectors.config import ConfigError
from collectors.sync import exit_code, sync_sources

from .common import ConfigOption, load


class Source(StrEnum):
    github = "github"
    jira = "jira"


def register(app: typer.Typer) -> None:
    @app.command()
    def sync(
        config: ConfigOption = None,
        source: Annotated[Source | None, typer.Option(help="Sync only this source.")] = None,
        full: Annotated[bool, typer.Option("--full", help="Ignore watermarks and fetch everything.")] = False,
    ) -> None:
        """Pull new activity from GitHub and Jira into the store (safe to interrupt and rerun)."""
        loaded, store = load(config)
        configured = loaded.source_names()
        if source is not None:
            if source.value not in configured:
                raise ConfigError(
                    [f"{source.value}: not configured (add repos/orgs or projects to [{source.value}])"]
                )
            sources = [source.value]
        else:
            sources = configured
        if not sources:
            raise ConfigError(["nothing to sync: configure [github] repos/orgs or [jira] url and projects"])
        console = Console(stderr=True)
        results = sync_sources(loaded, store, sources, full=full, console=console)
        for result in results:
            run = result.run
            if result.status == "auth":  # one line: the refusal itself says everything
                console.print(f"footprint: {run.problems[-1]}", markup=False, highlight=False)
                continue
            summary = f"{run.events_written} events written, {run.requests} requests"
            console.print(f"{result.source}: {result.status}, {summary}")
            for problem in run.problems:
                console.print(f"  {problem}", style="yellow", markup=False, highlight=False)
        if any(result.status in ("ok", "partial") for result in results):
            from metrics.textcache import warm_text_classes  # classify new texts now, not in the dashboard

            announce = lambda n: console.print(f"classifying {n} new comments")  # noqa: E731
            warm_text_classes(store, loaded, progress=announce)
        raise typer.Exit(exit_code(results))
