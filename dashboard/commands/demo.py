"""`footprint demo`: build the bundled demo store if absent and open the dashboard on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import load_config
from dashboard.errors import UsageError

from .serve import HostOption, PortOption, check_can_listen, run_streamlit


def demo_folder(directory: Path) -> Path:
    """``--dir`` made ready to hold the demo: created if need be; :class:`UsageError` if it cannot be."""
    blocker = next((p for p in (directory, *directory.parents) if p.exists() and not p.is_dir()), None)
    if blocker == directory:
        raise UsageError(f"--dir {directory}: exists and is not a folder")
    if blocker is not None:
        raise UsageError(f"--dir {directory}: {blocker} is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--dir {directory}: cannot create it: {exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"--dir {directory}: folder is not writable")
    return directory


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        port: PortOption = 8501,
        host: HostOption = "127.0.0.1",
        directory: Annotated[
            Path,
            typer.Option("--dir", metavar="DIR", help="Where the demo footprint.toml and store are kept."),
        ] = Path("footprint-demo"),
        rebuild: Annotated[bool, typer.Option(help="Rebuild the demo store even if it exists.")] = False,
        build_only: Annotated[
            bool, typer.Option(help="Build the demo store, do not start the dashboard.")
        ] = False,
    ) -> None:
        """Open the dashboard on bundled, fictional demo data: no token, no network."""
        if not build_only:
            check_can_listen(host, port)  # before a build that takes seconds
        folder = demo_folder(directory)
        from collectors.simulated import build_demo  # its imports, once the options are known good

        config_path = build_demo(folder, force=rebuild)
        _compute(config_path)
        typer.echo(f"Demo store ready: {config_path}")
        if not build_only:
            raise typer.Exit(run_streamlit(load_config(config_path), host=host, port=port))


def _compute(config_path: Path) -> None:
    """The demo store's evidence and footprints, stored as a sync would (a no-op when current)."""
    from collectors.store import open_store
    from metrics.stored.compute import compute_store

    loaded = load_config(config_path)
    store = open_store(loaded.store_url())
    try:
        compute_store(store, loaded)
    finally:
        store.dispose()
