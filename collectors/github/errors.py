"""Failures the GitHub collector tells apart; each maps to one outcome for a repository or the source."""

from __future__ import annotations


class RepoFailed(Exception):
    """This repository cannot be (fully) synced; the message is one line for the user."""

    kind = "error"


class NotFound(RepoFailed):
    """GitHub says the repository or organisation does not exist, or the token cannot see it."""

    kind = "not_found"


class ScopeMissing(RepoFailed):
    """The token lacks a scope the query needs (GraphQL ``INSUFFICIENT_SCOPES``: teams need ``read:org``)."""

    kind = "forbidden"


class RateLimitGiveUp(RepoFailed):
    """Waiting for the rate limit would exceed ``github.max_rate_limit_wait_seconds``."""

    kind = "rate_limit"


class QueryTooHeavy(RepoFailed):
    """GitHub kept timing out on a query (502/504 after the transport's retries, or
    ``MAX_NODE_LIMIT_EXCEEDED``): ask for smaller pages (:mod:`.sizing`)."""

    kind = "timeout"


class Unreachable(RepoFailed):
    """The host cannot be reached (DNS, refused, TLS, timeout, reset) even after retries; the message
    names the cause. It ends the source, not only the repository."""

    kind = "unreachable"
