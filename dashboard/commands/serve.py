"""`footprint dashboard`: run the Streamlit app on the configured store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import CONFIG_ENV, load_config

from .common import ConfigOption

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_streamlit(config_path: Path, *, host: str, port: int) -> int:
    """Run ``streamlit run dashboard/app.py`` with ``FOOTPRINT_CONFIG`` set; returns its exit code."""
    env = {**os.environ, CONFIG_ENV: str(config_path.resolve())}
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    typer.echo(f"Leadership Footprint on http://{'localhost' if host == '127.0.0.1' else host}:{port}")
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def register(app: typer.Typer) -> None:
    @app.command()
    def dashboard(
        config: ConfigOption = None,
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    ) -> None:
        """Run the dashboard on the configured store."""
        loaded = load_config(config)  # bad config is reported here, before Streamlit starts
        assert loaded.path is not None
        raise typer.Exit(run_streamlit(loaded.path, host=host, port=port))
