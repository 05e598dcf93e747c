"""The rate-limit budget and every wait of a sync: shown as a countdown, bounded, injectable in tests.

The budget comes from GraphQL's ``rateLimit { cost remaining resetAt }`` (asked in every query, so no
``/rate_limit`` call is needed) and the ``x-ratelimit-*`` headers; when what is left cannot pay for another
query like the last one, :meth:`RateLimitGate.before_request` waits for the reset. GraphQL's
``RATE_LIMITED`` error (HTTP 200, which PyGithub does not see as a limit) is waited out here too; 403
secondary limits, 429 and ``Retry-After`` are retried by :mod:`.retry`, which waits through
:meth:`RateLimitGate.wait`. A wait longer than ``max_wait`` seconds raises
:class:`~collectors.github.errors.RateLimitGiveUp`, so one repository is reported and the rest go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from .errors import RateLimitGiveUp

#: Wait when a primary limit names neither ``Retry-After`` nor a reset time.
DEFAULT_WAIT = 60.0


def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


class RateLimitGate:
    """Tracks the remaining budget and performs (visible) waits.

    ``on_status`` receives a short text while waiting (for the progress bar); ``sleep`` and ``clock``
    are injectable so tests need not wait for real.
    """

    def __init__(
        self,
        max_wait: float,
        *,
        on_status: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_wait = max_wait
        self.on_status = on_status or (lambda _text: None)
        self.sleep = sleep
        self.clock = clock
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self.last_cost = 1
        self.waited = 0.0

    # -- observing --------------------------------------------------------------------------------

    def observe_headers(self, headers: Mapping[str, Any] | None) -> None:
        remaining, reset = _header(headers, "x-ratelimit-remaining"), _header(headers, "x-ratelimit-reset")
        if remaining is not None and remaining.isdigit():
            self.remaining = int(remaining)
        if reset is not None and reset.isdigit():
            self.reset_at = float(reset)

    def observe_graphql(self, rate_limit: Mapping[str, Any] | None) -> None:
        """Read GraphQL's ``rateLimit { cost remaining resetAt }``."""
        if not rate_limit:
            return
        if isinstance(rate_limit.get("remaining"), int):
            self.remaining = rate_limit["remaining"]
        if isinstance(rate_limit.get("cost"), int):
            self.last_cost = max(1, rate_limit["cost"])
        if rate_limit.get("resetAt"):
            reset = datetime.fromisoformat(str(rate_limit["resetAt"]).replace("Z", "+00:00"))
            self.reset_at = reset.astimezone(UTC).timestamp()

    # -- waiting ----------------------------------------------------------------------------------

    def before_request(self) -> None:
        """Wait for the reset when the budget left cannot pay for another query like the last one."""
        if self.remaining is not None and self.remaining < self.last_cost and self.reset_at is not None:
            self.wait(self.reset_at - self.clock() + 1, "primary rate limit")
            self.remaining = None

    def wait_for_reset(self, headers: Mapping[str, Any] | None) -> None:
        """A primary limit was hit: wait until ``x-ratelimit-reset`` (or the last known reset)."""
        self.observe_headers(headers)
        retry_after = _header(headers, "retry-after")
        if retry_after is not None and retry_after.isdigit():
            seconds = float(retry_after)
        elif self.reset_at is not None:
            seconds = self.reset_at - self.clock() + 1
        else:
            seconds = DEFAULT_WAIT
        self.wait(seconds, "primary rate limit")
        self.remaining = None

    def pause(self, seconds: float) -> None:
        """A short backoff between retries of a transient failure: not shown, not bounded."""
        if seconds > 0:
            self.sleep(seconds)

    def wait(self, seconds: float, reason: str) -> None:
        """Sleep ``seconds`` while showing a countdown, or give up if that exceeds ``max_wait``."""
        seconds = max(0.0, seconds)
        if seconds > self.max_wait:
            raise RateLimitGiveUp(
                f"{reason}: GitHub asks to wait {seconds:.0f}s, more than "
                f"github.max_rate_limit_wait_seconds = {self.max_wait:.0f}"
            )
        deadline = self.clock() + seconds
        while (left := deadline - self.clock()) > 0:
            self.on_status(f"[yellow]waiting {left:.0f}s ({reason})[/yellow]")
            self.sleep(min(1.0, left))
        self.waited += seconds
