"""`footprint demo`: build the bundled demo store if absent and open the dashboard on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .serve import run_streamlit


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        directory: Annotated[
            Path, typer.Option("--dir", help="Where the demo footprint.toml and store are kept.")
        ] = Path("footprint-demo"),
        rebuild: Annotated[bool, typer.Option(help="Rebuild the demo store even if it exists.")] = False,
        build_only: Annotated[
            bool, typer.Option(help="Build the demo store, do not start the dashboard.")
        ] = False,
    ) -> None:
        """Open the dashboard on bundled, fictional demo data: no token, no network."""
        from collectors.demo import build_demo

        config_path = build_demo(directory, force=rebuild)
        typer.echo(f"Demo store ready: {config_path}")
        if not build_only:
            raise typer.Exit(run_streamlit(config_path, host=host, port=port))
