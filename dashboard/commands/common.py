"""What every command shares: the ``--config`` option, loading config and opening the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collectors.config import CONFIG_ENV, Config, load_config

if TYPE_CHECKING:
    from collectors.store import Store


def _config_path(value: str) -> Path:
    """``--config``'s value; an empty one (``--config ""``, an unset shell variable) is refused."""
    if not value.strip():
        raise typer.BadParameter("an empty path; name a footprint.toml, or leave --config out")
    return Path(value)


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        parser=_config_path,
        metavar="PATH",
        help=f"Path of footprint.toml (default: ${CONFIG_ENV} or ./footprint.toml).",
        show_default=False,
    ),
]


def load(config_path: Path | None, check: Callable[[Config], None] | None = None) -> tuple[Config, Store]:
    """The validated config and its opened store; raises ConfigError/StoreError for the CLI to print.

    ``check`` runs on the config before the store is opened (or created): options that contradict the
    config are refused without touching anything.
    """
    config = load_config(config_path)
    if check is not None:
        check(config)
    from collectors.store import open_store  # imported once the config is good: a bad one is quick

    return config, open_store(config.store_url(), redact_text=config.store.redact_text)


def store_span(store: Store) -> str | None:
    """The days the store's events span (``2025-11-03 to 2026-10-30``), or None when it holds none."""
    from dashboard.exports.window import store_covers

    sources = store.sources()
    sources = sources[sources["events"] > 0]
    if sources.empty:
        return None
    return store_covers(sources["first_event"].min(), sources["last_event"].max())


def say_window(window: object, *, empty: bool, covers: str | None) -> None:
    """Print the window a command used; on stderr too, when it holds no event, what the store covers."""
    from dashboard.exports.window import Window, describe, empty_window_line

    assert isinstance(window, Window)
    typer.echo(f"Window: {describe(window)}")
    if empty:
        typer.echo(f"footprint: {empty_window_line(window, covers)}", err=True)
