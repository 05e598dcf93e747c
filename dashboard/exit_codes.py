"""The exit codes of `footprint` (DESIGN §4), and the way out when stdout's reader has gone."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

EXIT_USAGE, EXIT_AUTH = 2, 3  # 0 success and 1 a failed source: see collectors.sync.exit_code
#: A bug (an exception nobody expected), or a server that stopped on its own: sysexits' EX_SOFTWARE,
#: distinct from a failing source's 1.
EXIT_CRASH = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE: `footprint classify | head` is no error


def exit_for_broken_pipe() -> NoReturn:
    """Leave quietly after stdout's reader went away; stdout now points at /dev/null so that the
    interpreter's last flush does not fail a second time."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(EXIT_BROKEN_PIPE)
