"""`footprint compute`: bring the stored evidence and footprints up to date (DESIGN §4).

Rebuilds everything after a config or rule change (the stored digest differs), else recomputes only
the items written since the last compute; ``--full`` rebuilds regardless. ``footprint sync`` runs the
same after writing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .common import ConfigOption, load

if TYPE_CHECKING:
    from rich.console import Console

    from collectors.config import Config
    from collectors.store import Store
    from metrics.stored.compute import ComputeResult


def run_compute(store: Store, config: Config, console: Console, *, full: bool = False) -> ComputeResult:
    """Compute with a progress bar (or plain lines off a terminal) and print a one-line summary."""
    from collectors.progress import plural
    from collectors.sync import make_progress
    from metrics.stored.compute import compute_store

    with make_progress(console) as progress:
        task = progress.add_task("compute evidence", total=None, status="")

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, status=f"{plural(done, 'item')}")

        result = compute_store(store, config, full=full, progress=advance)
    if result.mode == "current":
        line = f"compute: up to date, {plural(result.evidence_rows, 'evidence row')} stored"
    else:
        line = (
            f"compute: {result.mode} ({result.reason}), {plural(result.items, 'item')} evaluated, "
            f"{plural(result.evidence_rows, 'evidence row')} stored in {result.seconds:.1f} s"
        )
    console.print(line, markup=False, highlight=False)
    return result


def compute_after_sync(store: Store, config: Config, console: Console) -> bool:
    """:func:`run_compute` for ``footprint sync``: a store that refuses the write (locked, read-only)
    is one line, not a crash; the events are saved and the next sync or compute catches up."""
    import sqlalchemy as sa

    try:
        run_compute(store, config, console)
    except sa.exc.SQLAlchemyError as exc:
        reason = " ".join(str(exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc).split())[:200]
        console.print(
            f"compute: evidence not stored ({reason}); run `footprint compute`", markup=False, highlight=False
        )
        return False
    return True


def register(app: typer.Typer) -> None:
    @app.command()
    def compute(
        config: ConfigOption = None,
        full: Annotated[bool, typer.Option("--full", help="Rebuild everything, even if up to date.")] = False,
    ) -> None:
        """Recompute the stored evidence and aggregates (after a config or rule change; sync does it
        incrementally)."""
        from .sync import _console

        loaded, store = load(config)
        try:
            run_compute(store, loaded, _console(), full=full)
        finally:
            store.dispose()
