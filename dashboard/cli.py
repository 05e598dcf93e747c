"""The `footprint` command line (DESIGN §4, a stable interface).

Each command lives in its own module under :mod:`dashboard.commands` and registers itself with
``register(app)``. No traceback reaches a user (see :func:`main`): every expected failure is one line
on stderr, ``footprint: ...``, naming the key or option at fault, and the exit code says what kind of
failure it was (:data:`EXIT_USAGE` for usage and configuration, :data:`EXIT_AUTH` for refused
credentials; a source failing is ``1``, decided by the sync). Anything unexpected is a bug: one line,
exit :data:`EXIT_CRASH`, and the traceback in a file the line names.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback

import typer

from collectors.base import AuthError
from collectors.config import ConfigError
from collectors.store import StoreError, StoreVersionError
from collectors.tokens import scrub_tokens
from dashboard.errors import UsageError
from dashboard.exit_codes import EXIT_AUTH, EXIT_CRASH, EXIT_INTERRUPTED, EXIT_USAGE, exit_for_broken_pipe

#: Modules that define commands; each has ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: list[str] = [
    "dashboard.commands.demo",
    "dashboard.commands.serve",
    "dashboard.commands.sync",
    "dashboard.commands.classify",
    "dashboard.commands.snapshot",
    "dashboard.commands.packet",
]

INTERRUPTED = "interrupted; everything committed so far is kept, rerun to resume"

app = typer.Typer(
    name="footprint",
    help="Leadership Footprint: evidence of the tech-lead behaviours people already practise.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: "[[people]]" is text, not markup; flags carry no type label
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def _fail(lines: list[str], code: int) -> None:
    for line in lines:
        print(f"footprint: {scrub_tokens(line)}", file=sys.stderr)
    raise SystemExit(code)


def _usage_line(exc: typer.TyperException) -> str:
    """Click's complaint about the command line, in one line that names the option."""
    message = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    if context is not None:
        message += f" (see '{context.command_path} --help')"
    return message


def _crash(exc: BaseException) -> None:
    """One line for a bug; the traceback (tokens scrubbed) goes to a private file for the report."""
    fd, name = tempfile.mkstemp(prefix="footprint-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as report:
        report.write(scrub_tokens("".join(traceback.format_exception(exc))))
    summary = " ".join(str(exc).split())[:200]
    _fail(
        [
            f"unexpected error ({type(exc).__name__}{': ' + summary if summary else ''}); this is a bug, "
            f"please report it with {name}"
        ],
        EXIT_CRASH,
    )


def main() -> None:
    """Console-script entry point: run the app and map every failure to a DESIGN §4 exit code."""
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="footprint", standalone_mode=False)
    except typer.TyperException as exc:  # Typer's (vendored) Click: a bad option, a missing command
        _fail([_usage_line(exc)], EXIT_USAGE)
    except typer.Abort:
        _fail(["aborted"], EXIT_INTERRUPTED)
    except ConfigError as exc:
        _fail(exc.problems, EXIT_USAGE)
    except UsageError as exc:
        _fail([exc.line], EXIT_USAGE)
    except (StoreError, StoreVersionError) as exc:
        _fail([str(exc)], EXIT_USAGE)
    except AuthError as exc:
        _fail([str(exc)], EXIT_AUTH)
    except KeyboardInterrupt:
        _fail([INTERRUPTED], EXIT_INTERRUPTED)
    except BrokenPipeError:
        exit_for_broken_pipe()
    except Exception as exc:
        _crash(exc)
    if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C inside a command into this exit code
        _fail([INTERRUPTED], EXIT_INTERRUPTED)
    raise SystemExit(code if isinstance(code, int) else 0)
