"""A requests session for the ``jira`` library that survives rate limits, 503s and connection resets.

The library's own :class:`~jira.resilientsession.ResilientSession` retries three times and then gives
up, sleeping up to twice what ``Retry-After`` asks. This subclass turns that off (``max_retries=0``) and
retries itself: it waits exactly what ``Retry-After`` says (or backs off exponentially without one),
until the waits of the current scope add up to more than the allowed budget, then raises
:class:`RateLimitExhausted` (or, after ``MAX_STATUS_RETRIES`` refusals in a row of one request, the
server's own error). Every request actually sent is reported through ``on_request``, so retries
are counted too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from jira.exceptions import JIRAError
from jira.resilientsession import ResilientSession

RETRY_STATUSES = (429, 503)
MAX_CONNECTION_RETRIES = 5  # 0.5 + 1 + 2 + 4 + 8 s: about 15 s before a host counts as down
# A server that keeps answering 429/503 with ``Retry-After: 0`` would never use up the wait budget;
# after this many refusals in a row the request fails instead of hammering the server.
MAX_STATUS_RETRIES = 10
BACKOFF_START_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 30.0


class RateLimitExhausted(Exception):
    """Waiting longer would exceed ``jira.max_rate_limit_wait_seconds``."""


def retry_after_seconds(response: requests.Response | None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), or None if absent or unreadable."""
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max((parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


class RetryingSession(ResilientSession):
    """See the module docstring. ``on_wait(seconds, reason)`` is told before every wait."""

    def __init__(
        self,
        *,
        max_wait_seconds: float,
        on_request: Callable[[], None] = lambda: None,
        on_wait: Callable[[float, str], None] = lambda seconds, reason: None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60.0,
    ) -> None:
        super().__init__(timeout=timeout, max_retries=0)
        self.max_wait_seconds = max_wait_seconds
        self.on_request, self.on_wait, self.sleep = on_request, on_wait, sleep
        self.waited = 0.0

    def reset_budget(self) -> None:
        """Start a new scope: its waits are counted from zero."""
        self.waited = 0.0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.on_request()
        return super().send(request, **kwargs)

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        attempt = 0
        resets = 0
        refusals = 0
        while True:
            try:
                return super().request(method, url, *args, **kwargs)
            except JIRAError as exc:
                refusals += 1
                if exc.status_code not in RETRY_STATUSES or refusals > MAX_STATUS_RETRIES:
                    raise
                delay = retry_after_seconds(exc.response)
                reason = f"HTTP {exc.status_code}"
                if delay is None:
                    delay = min(BACKOFF_START_SECONDS * 2**attempt, BACKOFF_CAP_SECONDS)
            except (requests.ConnectionError, requests.Timeout) as exc:
                resets += 1
                if resets > MAX_CONNECTION_RETRIES:
                    raise
                delay = min(BACKOFF_START_SECONDS * 2**attempt, BACKOFF_CAP_SECONDS)
                reason = f"connection problem ({type(exc).__name__})"
            if self.waited + delay > self.max_wait_seconds:
                raise RateLimitExhausted(
                    f"{reason}: waiting {delay:.0f} s more would exceed "
                    f"jira.max_rate_limit_wait_seconds = {self.max_wait_seconds:.0f}"
                )
            self.on_wait(delay, reason)
            self.sleep(delay)
            self.waited += delay
            attempt += 1
