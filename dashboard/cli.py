"""The `footprint` command line (DESIGN §4, a stable interface).

Each command lives in its own module under :mod:`dashboard.commands` and registers itself with
``register(app)``. Expected failures never show a traceback: :class:`~collectors.config.ConfigError`
prints one line per problem and exits 2, refused credentials exit 3 (see :func:`main`).
"""

from __future__ import annotations

import importlib
import sys

import typer

from collectors.base import AuthError
from collectors.config import ConfigError
from collectors.store import StoreError, StoreVersionError

#: Modules that define commands; each has ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: list[str] = [
    "dashboard.commands.demo",
    "dashboard.commands.serve",
    "dashboard.commands.sync",
    "dashboard.commands.classify",
    "dashboard.commands.snapshot",
    "dashboard.commands.packet",
]

EXIT_USAGE, EXIT_AUTH = 2, 3

app = typer.Typer(
    name="footprint",
    help="Leadership Footprint: evidence of the tech-lead behaviours people already practise.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def _fail(lines: list[str], code: int) -> None:
    for line in lines:
        print(f"footprint: {line}", file=sys.stderr)
    raise SystemExit(code)


def main() -> None:
    """Console-script entry point: run the app and map expected failures to DESIGN §4 exit codes."""
    try:
        app()
    except ConfigError as exc:
        _fail(exc.problems, EXIT_USAGE)
    except (StoreError, StoreVersionError) as exc:
        _fail([str(exc)], EXIT_USAGE)
    except AuthError as exc:
        _fail([str(exc)], EXIT_AUTH)
    except KeyboardInterrupt:
        _fail(["interrupted; everything committed so far is kept, rerun to resume"], 130)
