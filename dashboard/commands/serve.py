"""`footprint dashboard`: run the Streamlit app on the configured store."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import CONFIG_ENV, load_config

from .common import ConfigOption

APP = Path(__file__).resolve().parents[1] / "app.py"
#: The project's Streamlit settings (theme, toolbar). Streamlit only reads ``.streamlit/config.toml``
#: from the working directory, and users start the dashboard from anywhere, so we pass them as flags.
STREAMLIT_CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def streamlit_flags(path: Path = STREAMLIT_CONFIG) -> list[str]:
    """``--section.key=value`` for every setting in ``path``; none if the file is absent (a wheel)."""
    try:
        settings = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    flags = []
    for section, values in settings.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


def run_streamlit(config_path: Path, *, host: str, port: int) -> int:
    """Run ``streamlit run dashboard/app.py`` with ``FOOTPRINT_CONFIG`` set; returns its exit code."""
    env = {**os.environ, CONFIG_ENV: str(config_path.resolve())}
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        *streamlit_flags(),
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
