"""`footprint sync`: run the configured collectors one after the other and decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .base import AuthError, BeforeWrite, Collector, SourceError, SyncRun
from .config import Config, ConfigError
from .progress import LineProgress
from .sources import source_named
from .store import Store

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_AUTH = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class SyncInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a sync; every page saved before it is committed, nothing half-written."""

    def __init__(self, events_saved: int) -> None:
        super().__init__(events_saved)
        self.events_saved = events_saved


@dataclass
class SourceResult:
    source: str
    status: str  # ok | partial | failed | auth
    run: SyncRun


def _collector_class(source: str) -> type[Collector]:
    """The collector of ``source``, imported now (:mod:`collectors.sources`)."""
    declared = source_named(source)
    if declared is None:
        raise ConfigError([f"{source}: this build has no collector for it"])
    return declared.collector_class()


def make_progress(console: Console) -> Progress:
    """Bars on a terminal; plain lines (:class:`LineProgress`) when output is a file, a pipe or a log."""
    if not console.is_terminal:
        return LineProgress(console)
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def sync_sources(
    config: Config,
    store: Store,
    sources: list[str],
    *,
    full: bool,
    console: Console,
    before_write: BeforeWrite | None = None,
) -> list[SourceResult]:
    """Sync each source in turn; a failing source never stops the others. ``before_write`` is called
    with every page before it is written (:class:`~collectors.base.SyncRun`)."""
    for source in sources:  # every token is checked before anything runs
        config.require_secrets(source)
    classes = {source: _collector_class(source) for source in sources}
    results = []
    with make_progress(console) as progress:
        for source in sources:
            run = SyncRun(source, store, progress, full=full, before_write=before_write)
            run.run_id = store.start_run(source)
            if full:
                store.clear_state(source)
            status = "ok"
            try:
                classes[source](config, store, run).sync()
                if run.problems:
                    status = "partial"
            except AuthError as exc:
                status = "auth"
                run.problem("(all)", "auth", str(exc))
            except SourceError as exc:
                status = "failed"
                run.problem("(all)", "unreachable", str(exc))
            except KeyboardInterrupt:
                store.finish_run(
                    run.run_id, "interrupted", events_written=run.events_written, requests=run.requests
                )
                saved = sum(result.run.events_written for result in results) + run.events_written
                raise SyncInterrupted(saved) from None
            store.finish_run(
                run.run_id,
                "failed" if status == "auth" else status,
                events_written=run.events_written,
                requests=run.requests,
            )
            results.append(SourceResult(source, status, run))
    return results


def exit_code(results: list[SourceResult]) -> int:
    """3 if any credentials were refused, else 1 if anything failed, else 0."""
    statuses = {result.status for result in results}
    if "auth" in statuses:
        return EXIT_AUTH
    if statuses & {"partial", "failed"}:
        return EXIT_PARTIAL
    return EXIT_OK
