"""Run a server as a child process that stops with its parent, as service managers expect.

``footprint dashboard`` is what systemd, a container runtime or a terminal sees; the Streamlit server is
its child. A stop request to the parent (SIGTERM, SIGINT, SIGHUP) is forwarded to the child, which is
then waited for (reaped); one that does not stop within :data:`STOP_GRACE_SECONDS` is killed. The child
runs in a session of its own, so a Ctrl-C in the terminal reaches it once, through the parent, and on
Linux it is also killed if the parent itself dies without a chance to forward anything (SIGKILL).
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STOP_GRACE_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def run_supervised(command: Sequence[str], env: Mapping[str, str]) -> tuple[int, int | None]:
    """Run ``command`` until it exits; returns its exit code and the stop signal received, if any.

    The exit code is the child's (negative: killed by that signal, as in :mod:`subprocess`).
    """
    preexec: Callable[[], None] | None = _die_with_parent if sys.platform.startswith("linux") else None
    child = subprocess.Popen(list(command), env=dict(env), start_new_session=True, preexec_fn=preexec)
    requested: list[tuple[int, float]] = []  # (signal, when)

    def forward(signum: int, _frame: FrameType | None) -> None:
        requested.append((signum, time.monotonic()))
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        while True:
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if requested and time.monotonic() - requested[0][1] > STOP_GRACE_SECONDS:
                    child.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:  # an exception on our side: never leave the server behind
            child.kill()
            child.wait()
    return code, (requested[0][0] if requested else None)
