"""The `footprint` command line (DESIGN §4, a stable interface).

Each command lives in its own module under :mod:`dashboard.commands` and registers itself with
``register(app)``; a run imports only the module of the command it runs (:func:`build_app`), since
those imports (pandas, SQLAlchemy, Altair) are most of its start-up time.

No traceback reaches a user (see :func:`main`): every expected failure is one line on stderr,
``footprint: ...``, naming the key or option at fault, and the exit code says what kind of failure it
was (:data:`EXIT_USAGE` for usage and configuration, :data:`EXIT_AUTH` for refused credentials; a
source failing is ``1``, decided by the sync). Anything unexpected is a bug: one line, exit
:data:`EXIT_CRASH`, and the traceback in a file the line names.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence

import typer

from collectors.config import ConfigError
from collectors.tokens import scrub_tokens
from dashboard.errors import UsageError
from dashboard.exit_codes import EXIT_AUTH, EXIT_CRASH, EXIT_INTERRUPTED, EXIT_USAGE, exit_for_broken_pipe

#: Each command and the module that defines it (``register(app: typer.Typer) -> None``), in help order.
COMMANDS: dict[str, str] = {
    "demo": "dashboard.commands.demo",
    "dashboard": "dashboard.commands.serve",
    "sync": "dashboard.commands.sync",
    "compute": "dashboard.commands.compute",
    "classify": "dashboard.commands.classify",
    "snapshot": "dashboard.commands.snapshot",
    "packet": "dashboard.commands.packet",
    "me": "dashboard.commands.me",
    "init": "dashboard.commands.init",
}

#: Ctrl-C before a command started; one inside a command is that command's to report (Typer turns it
#: into exit 130; `footprint sync` says what it saved).
INTERRUPTED = "interrupted; everything committed so far is kept, rerun to resume"


def build_app(command: str | None = None) -> typer.Typer:
    """The `footprint` app with every command, or with ``command`` alone (all a run of it needs)."""
    app = typer.Typer(
        name="footprint",
        help="Leadership Footprint: evidence of the tech-lead behaviours people already practise.",
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: "[[people]]" is text, not markup; flags carry no type label
    )

    @app.callback()
    def footprint() -> None:  # a group even with one command registered: `footprint CMD ...`
        pass

    modules = COMMANDS.values() if command is None else [COMMANDS[command]]
    for module in dict.fromkeys(modules):
        importlib.import_module(module).register(app)
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole app, for tests and tools that inspect the command line
        return build_app()
    raise AttributeError(name)


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


def _known_failure(exc: Exception) -> tuple[list[str], int] | None:
    """The lines and exit code of an expected failure raised from the store or a collector."""
    # Only a module that is loaded can have raised its exception: a bad config never loads them.
    store, base = sys.modules.get("collectors.store"), sys.modules.get("collectors.base")
    if store is not None and isinstance(exc, store.StoreError | store.StoreVersionError):
        return [str(exc)], EXIT_USAGE
    if base is not None and isinstance(exc, base.AuthError):
        return [str(exc)], EXIT_AUTH
    return None


def main(args: Sequence[str] | None = None) -> None:
    """Console-script entry point: run the app and map every failure to a DESIGN §4 exit code."""
    args = list(sys.argv[1:] if args is None else args)
    requested = args[0] if args and args[0] in COMMANDS else None  # else: help, or a mistyped name
    command = typer.main.get_command(build_app(requested))
    try:
        code = command.main(args, prog_name="footprint", standalone_mode=False)
    except typer.TyperException as exc:  # Typer's (vendored) Click: a bad option, a missing command
        _fail([_usage_line(exc)], EXIT_USAGE)
    except typer.Abort:
        _fail(["aborted"], EXIT_INTERRUPTED)
    except ConfigError as exc:
        _fail(exc.problems, EXIT_USAGE)
    except UsageError as exc:
        _fail([exc.line], EXIT_USAGE)
    except KeyboardInterrupt:
        _fail([INTERRUPTED], EXIT_INTERRUPTED)
    except BrokenPipeError:
        exit_for_broken_pipe()
    except Exception as exc:
        known = _known_failure(exc)
        if known is None:
            _crash(exc)
        else:
            _fail(*known)
    raise SystemExit(code if isinstance(code, int) else 0)
