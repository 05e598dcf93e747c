"""Keeping to GitHub's search rate limit: 30 searches a minute, apart from every other limit.

Search has a budget of its own (``x-ratelimit-resource: search``, 30 a minute for a token on github.com;
a GitHub Enterprise Server may set another or none). :class:`SearchPacer` waits before a search when
GitHub's last answer said none is left until its reset, and in any case sends at most
:data:`SEARCHES_PER_MINUTE` in any 60 seconds, so a footprint of thousands of items walks through its
searches without being refused. Waits go through the sync's
:class:`~collectors.github.ratelimit.RateLimitGate`: shown as a countdown, bounded by
``github.max_rate_limit_wait_seconds``. A refusal that happens anyway (403 with ``x-ratelimit-remaining:
0``, or a secondary limit) is waited out by the transport's retry policy.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from .ratelimit import RateLimitGate

SEARCHES_PER_MINUTE = 30
WINDOW_SECONDS = 60.0


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    return next((str(value) for key, value in headers.items() if key.lower() == name), None)


class SearchPacer:
    """Call :meth:`before_search` before each search and :meth:`observe` with each answer's headers."""

    def __init__(self, gate: RateLimitGate, per_minute: int = SEARCHES_PER_MINUTE) -> None:
        self.gate = gate
        self.per_minute = per_minute
        self.sent: deque[float] = deque()
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self.searches = 0

    def before_search(self) -> None:
        now = self.gate.clock()
        if self.remaining == 0 and self.reset_at is not None and self.reset_at > now:
            self.gate.wait(self.reset_at - now + 1, "search rate limit")
            self.remaining = None
        while self.sent and self.gate.clock() - self.sent[0] >= WINDOW_SECONDS:
            self.sent.popleft()
        if len(self.sent) >= self.per_minute:
            left = WINDOW_SECONDS - (self.gate.clock() - self.sent[0])
            self.gate.wait(left, f"search rate limit: {self.per_minute} a minute")
            self.sent.popleft()
        self.sent.append(self.gate.clock())
        self.searches += 1

    def observe(self, headers: Mapping[str, Any] | None) -> None:
        """Read the search budget from an answer (headers of another resource are ignored)."""
        if not headers or (_header(headers, "x-ratelimit-resource") or "search") != "search":
            return
        remaining, reset = _header(headers, "x-ratelimit-remaining"), _header(headers, "x-ratelimit-reset")
        if remaining is not None and remaining.isdigit():
            self.remaining = int(remaining)
        if reset is not None and reset.isdigit():
            self.reset_at = float(reset)
