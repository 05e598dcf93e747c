"""HTTP to GitHub through PyGithub: auth, base URL (github.com or GHES), retries, request counting.

PyGithub's requester carries every request, REST and GraphQL (``POST {graphql_url}``), with the token
from the environment. Its urllib3 retry (:class:`CountingRetry`) retries connection errors, resets and
500/503 with backoff, and counts every attempt, retries included. GraphQL POSTs are read-only, so
PyGithub's write spacing (``seconds_between_writes``, 1 s by default) is turned off. What is left for
this module: 502/504 become :class:`QueryTooHeavy` (the caller shrinks its page), rate limits are waited
out through the :class:`RateLimitGate`, refused credentials become :class:`AuthError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from github import Auth, Github, GithubException
from github.GithubException import BadCredentialsException, RateLimitExceededException
from urllib3.util.retry import Retry

from ..base import AuthError
from .errors import NotFound, QueryTooHeavy, RepoFailed, Unreachable
from .ratelimit import RateLimitGate

USER_AGENT = "leadership-footprint"
TIMEOUT_SECONDS = 60
#: How often one request is re-sent after a rate-limit wait before the repository is given up.
MAX_RATE_LIMIT_ROUNDS = 5


class CountingRetry(Retry):
    """urllib3's Retry that reports every HTTP attempt: each response received and each failed try."""

    def __init__(self, *args: Any, on_attempt: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_attempt = on_attempt

    def new(self, **kwargs: Any) -> CountingRetry:
        retry = super().new(**kwargs)
        retry.on_attempt = self.on_attempt
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
    ) -> Retry:
        if response is None and self.on_attempt is not None:
            self.on_attempt()  # an attempt that got no response (refused, reset, timed out)
        return super().increment(method, url, response, error, _pool, _stacktrace)


def make_retry(on_attempt: Callable[[], None], backoff: float = 0.5) -> CountingRetry:
    return CountingRetry(
        total=8,
        connect=4,
        read=4,
        status=4,
        backoff_factor=backoff,
        backoff_max=30,
        status_forcelist=(500, 503),
        allowed_methods=frozenset({"GET", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        on_attempt=on_attempt,
    )


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    return str(data.get("message") or exc.message or f"HTTP {exc.status}")


class Transport:
    """One authenticated connection to a GitHub API (``api_url``), counting requests into ``count``."""

    def __init__(
        self,
        api_url: str,
        token: str,
        gate: RateLimitGate,
        count: Callable[[], None],
        *,
        backoff: float = 0.5,
    ) -> None:
        self.api_url = api_url
        self.gate = gate
        self.github = Github(
            base_url=api_url,
            auth=Auth.Token(token),
            retry=make_retry(count, backoff),
            timeout=TIMEOUT_SECONDS,
            user_agent=USER_AGENT,
            per_page=100,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
        )
        self.requester = self.github.requester

    def close(self) -> None:
        self.github.close()

    def call(self, fn: Callable[[], Any], what: str) -> Any:
        """Run one PyGithub call, waiting out rate limits and mapping failures to this package's errors."""
        for _ in range(MAX_RATE_LIMIT_ROUNDS):
            self.gate.before_request()
            try:
                return fn()
            except BadCredentialsException as exc:
                raise AuthError(f"the token was refused by {self.api_url} ({_message(exc)})") from None
            except RateLimitExceededException as exc:
                if "secondary" in _message(exc).lower() or "retry-after" in {
                    k.lower() for k in exc.headers or {}
                }:
                    self.gate.wait_retry_after(exc.headers, "secondary rate limit")
                else:
                    self.gate.wait_for_reset(exc.headers)
            except GithubException as exc:
                if exc.status == 429:
                    self.gate.wait_retry_after(exc.headers, "too many requests (429)")
                elif exc.status in (502, 504):
                    raise QueryTooHeavy(f"{what}: GitHub timed out (HTTP {exc.status})") from None
                elif exc.status == 401:
                    raise AuthError(f"the token was refused by {self.api_url} ({_message(exc)})") from None
                elif exc.status == 404:
                    raise NotFound(f"{what}: not found, or the token cannot see it") from None
                else:
                    raise RepoFailed(f"{what}: HTTP {exc.status} {_message(exc)}") from None
            except requests.exceptions.RequestException as exc:
                raise Unreachable(f"cannot reach {self.api_url} ({type(exc).__name__})") from None
        raise RepoFailed(f"{what}: still rate limited after {MAX_RATE_LIMIT_ROUNDS} waits")

    def rate_limit(self) -> int:
        """``GET /rate_limit`` (free on GitHub): checks the token; returns the GraphQL points left."""
        overview = self.call(self.github.get_rate_limit, "rate limit")
        remaining = overview.resources.graphql.remaining
        self.gate.remaining = remaining
        return int(remaining)

    def graphql(self, query: str, variables: dict[str, Any], what: str) -> dict[str, Any]:
        """POST a query; the ``data`` object. GraphQL ``RATE_LIMITED`` is waited out, ``NOT_FOUND`` on the
        repository raises :class:`NotFound`, any other error :class:`RepoFailed` with GitHub's message."""
        body = {"query": query, "variables": variables}
        for _ in range(MAX_RATE_LIMIT_ROUNDS):
            headers, payload = self.call(
                lambda: self.requester.requestJsonAndCheck("POST", self.requester.graphql_url, input=body),
                what,
            )
            self.gate.observe_headers(headers)
            errors = payload.get("errors") or []
            if any(error.get("type") == "RATE_LIMITED" for error in errors):
                self.gate.wait_for_reset(headers)
                continue
            data = payload.get("data") or {}
            self.gate.observe_graphql(data.get("rateLimit"))
            if errors:
                messages = "; ".join(str(error.get("message", "")).strip() for error in errors)
                if all(error.get("type") == "NOT_FOUND" for error in errors):
                    raise NotFound(f"{what}: {messages}")
                if any(error.get("type") == "MAX_NODE_LIMIT_EXCEEDED" for error in errors):
                    raise QueryTooHeavy(f"{what}: {messages}")
                raise RepoFailed(f"{what}: GraphQL error: {messages}")
            return data
        raise RepoFailed(f"{what}: still rate limited after {MAX_RATE_LIMIT_ROUNDS} waits")

    def org_repos(self, org: str) -> list[str]:
        """``owner/name`` of every repository of ``org`` (REST, Link-paginated, 100 a page)."""

        def listing() -> list[str]:
            return [repo.full_name for repo in self.github.get_organization(org).get_repos(type="all")]

        return self.call(listing, f"org {org}")
