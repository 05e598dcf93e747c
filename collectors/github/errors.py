"""Failures the GitHub collector tells apart; each maps to one outcome for a repository or the source."""

from __future__ import annotations


class RepoFailed(Exception):
    """This repository cannot be (fully) synced; the message is one line for the user."""

    kind = "error"


class NotFound(RepoFailed):
    """GitHub says the repository or organisation does not exist, or the token cannot see it."""

    kind = "not_found"


class RateLimitGiveUp(RepoFailed):
    """Waiting for the rate limit would exceed ``github.max_rate_limit_wait_seconds``."""

    kind = "rate_limit"


class QueryTooHeavy(RepoFailed):
    """GitHub timed out on a query (502/504): ask for smaller pages."""

    kind = "timeout"


class Unreachable(RepoFailed):
    """The host did not answer (connection refused, reset, timeout) even after retries."""

    kind = "unreachable"
