"""The HTTP retry policy of every request to GitHub: PyGithub's ``GithubRetry``, counted and made visible.

``GithubRetry`` (a urllib3 ``Retry``) already knows GitHub's limits: a 403 secondary rate limit is retried
after ``Retry-After`` (or ``secondary_rate_wait``), a 403 primary limit after ``x-ratelimit-reset``, and a
wait longer than ``max_rate_limit_wait`` raises ``RateLimitExceededExceedsMaxWait``. On top of it,
:class:`CountingRetry` adds only what it lacks:

* every HTTP attempt, retries included, is reported through ``on_attempt`` (so ``run.requests`` equals
  what the server saw);
* transient answers (429, 500, 502, 503, 504) and dropped connections are retried with exponential
  backoff and jitter from the first retry on (urllib3 retries the first one at once);
* waits go through the :class:`~collectors.github.ratelimit.RateLimitGate`: a ``Retry-After`` or a
  rate-limit wait is shown as a countdown and bounded by ``github.max_rate_limit_wait_seconds``
  (``RateLimitGiveUp``), whatever the header asks;
* with ``retry_timeouts=False`` (the first contact with a host) a timeout is not retried, so a host that
  never answers is reported after one timeout; refused and reset connections are still retried.

A 502/504 that outlasts the retries reaches the caller, which then shrinks its query (see
:mod:`.sizing`); the same query is always retried first.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any

from github import GithubRetry
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)

from .ratelimit import RateLimitGate

#: Statuses retried with backoff (GithubRetry adds 403, which it retries only for rate limits).
TRANSIENT_STATUSES = (429, 500, 502, 503, 504)
#: Tries of one request that keeps getting a transient status: 1 + this (GitHub's 502s are usually one-off).
STATUS_RETRIES = 3
#: Seconds of the first backoff, doubled on every further retry, plus up to as much again of jitter.
BACKOFF_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 20.0
#: GitHub's advice when a secondary limit names no ``Retry-After``: wait at least a minute.
SECONDARY_RATE_WAIT = 60.0

_WAIT_REASONS = {403: "secondary rate limit", 429: "too many requests (HTTP 429)"}

# PyGithub logs every retry at INFO straight to stderr; the progress display shows waits instead.
logging.getLogger("github.GithubRetry").setLevel(logging.WARNING)


class CountingRetry(GithubRetry):
    """``GithubRetry`` that counts attempts and waits through ``gate`` (see the module docstring)."""

    def __init__(
        self,
        *,
        on_attempt: Callable[[], None] | None = None,
        gate: RateLimitGate | None = None,
        retry_timeouts: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.on_attempt = on_attempt
        self.gate = gate
        self.retry_timeouts = retry_timeouts

    def new(self, **kwargs: Any) -> CountingRetry:
        retry = super().new(**kwargs)
        retry.on_attempt, retry.gate, retry.retry_timeouts = self.on_attempt, self.gate, self.retry_timeouts
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        # urllib3 asks this once for every response it receives.
        if self.on_attempt is not None:
            self.on_attempt()
        return super().is_retry(method, status_code, has_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Any:
        if response is None and self.on_attempt is not None:
            self.on_attempt()  # an attempt that got no response (refused, reset, timed out)
        timed_out = isinstance(error, ReadTimeoutError | ConnectTimeoutError) and not isinstance(
            error,
            NewConnectionError,  # urllib3 derives "refused" and DNS failures from ConnectTimeoutError
        )
        if timed_out and not self.retry_timeouts:
            raise MaxRetryError(_pool, url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def get_backoff_time(self) -> float:
        """``backoff_factor * 2**(n-1)`` plus jitter for the n-th retry, from the first one on."""
        retries = len(self.history)
        if retries == 0 or self.backoff_factor <= 0:
            return 0.0
        backoff = self.backoff_factor * 2 ** (retries - 1)
        return min(self.backoff_max, backoff + random.uniform(0, self.backoff_factor))

    def sleep(self, response: Any = None) -> None:
        gate = self.gate
        if gate is None:
            super().sleep(response)
            return
        if response is not None:
            try:
                retry_after = self.get_retry_after(response)
            except InvalidHeader:
                retry_after = None
            if retry_after is not None:
                gate.wait(retry_after, _WAIT_REASONS.get(response.status, f"HTTP {response.status}"))
                return
            if response.status == 403:
                # GithubRetry has set the backoff to the primary reset or to secondary_rate_wait.
                gate.wait(self.get_backoff_time(), "rate limit")
                return
        gate.pause(self.get_backoff_time())


def make_retry(
    on_attempt: Callable[[], None],
    gate: RateLimitGate,
    *,
    connect: int,
    read: int,
    retry_timeouts: bool = True,
    backoff: float | None = None,
) -> CountingRetry:
    """The policy of one connection: ``connect``/``read`` retries for failures without an answer."""
    return CountingRetry(
        on_attempt=on_attempt,
        gate=gate,
        retry_timeouts=retry_timeouts,
        secondary_rate_wait=SECONDARY_RATE_WAIT,
        max_rate_limit_wait=gate.max_wait,
        total=STATUS_RETRIES + connect + read + 2,
        connect=connect,
        read=read,
        other=1,  # TLS failures and the like: once more, then report
        status=STATUS_RETRIES,
        status_forcelist=list(TRANSIENT_STATUSES),
        allowed_methods=frozenset({"GET", "POST"}),  # GraphQL queries are POSTs and safe to repeat
        backoff_factor=BACKOFF_SECONDS if backoff is None else backoff,
        backoff_max=BACKOFF_MAX_SECONDS,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
