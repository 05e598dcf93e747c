"""`footprint sync`: incremental, resumable pull of the configured sources into the store."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from collectors.config import ConfigError
from collectors.progress import plural
from collectors.sources import registered_sources, source_named
from collectors.sync import EXIT_INTERRUPTED, SyncInterrupted, exit_code, sync_sources

from .common import ConfigOption, load
from .compute import compute_after_sync

#: The choices of ``--source``: every registered source (:mod:`collectors.sources`), as the command
#: is defined.
Source = StrEnum("Source", [(source.name, source.name) for source in registered_sources()])


def _what_to_configure(name: str) -> str:
    declared = source_named(name)
    return f"[{name}] {declared.section.scope_hint if declared else 'what to sync'}"


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a service manager, ``kill``) interrupts like Ctrl-C: the current page is not saved."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _console() -> Console:
    """stderr; when stdout or stderr is not a terminal (cron, CI, a log file): plain lines, unwrapped."""
    plain = not (sys.stdout.isatty() and sys.stderr.isatty())
    return Console(stderr=True, force_terminal=False if plain else None, soft_wrap=plain)


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
                    [f"{source.value}: not configured (configure {_what_to_configure(source.value)})"]
                )
            sources = [source.value]
        else:
            sources = configured
        if not sources:
            every = " or ".join(_what_to_configure(declared.name) for declared in registered_sources())
            raise ConfigError([f"nothing to sync: configure {every}"])
        from metrics.textcache import keep_classes_current, warm_text_classes  # once the config is good

        console = _console()
        saved, computed = 0, True
        try:
            with _sigterm_interrupts():
                # the text-class cache stays true for each page, and redacted texts keep their classes
                results = sync_sources(
                    loaded, store, sources, full=full, console=console, before_write=keep_classes_current
                )
                saved = sum(result.run.events_written for result in results)
                for result in results:
                    run = result.run
                    if result.status == "auth":  # one line: the refusal itself says everything
                        console.print(f"footprint: {run.problems[-1]}", markup=False, highlight=False)
                        continue
                    summary = (
                        f"{plural(run.events_written, 'event')} written, {plural(run.requests, 'request')}"
                    )
                    console.print(
                        f"{result.source}: {result.status}, {summary}", markup=False, highlight=False
                    )
                    for problem in run.problems:
                        console.print(f"  {problem}", style="yellow", markup=False, highlight=False)
                if any(result.status in ("ok", "partial") for result in results):
                    # classify new texts now, not in the dashboard
                    announce = lambda n: console.print(f"classifying {n} new comments")  # noqa: E731
                    warm_text_classes(store, loaded, progress=announce)
                    # the stored evidence and footprints: the items written now, or all after a change
                    computed = compute_after_sync(store, loaded, console)
        except KeyboardInterrupt as exc:
            saved = exc.events_saved if isinstance(exc, SyncInterrupted) else saved
            console.print(
                f"interrupted: {plural(saved, 'event')} saved; run `footprint sync` again to resume",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        code = exit_code(results)
        raise typer.Exit(code if computed or code != 0 else 1)
