"""HTTP to GitHub through PyGithub: auth, base URL (github.com or GHES), retries, counting, errors.

PyGithub's requester carries every request (``POST {graphql_url}``) with the token from the environment;
its retry policy is :class:`~collectors.github.retry.CountingRetry` (PyGithub's ``GithubRetry``, counted).
GraphQL POSTs are read-only, so PyGithub's write spacing is turned off. Until the host has answered
once, requests use a short timeout that is not retried, so a host that cannot be reached is reported
within about ten seconds, naming the cause; after that, slow answers and dropped connections are
retried more patiently. What is left for this module:

* refused credentials become :class:`AuthError`; a 502/504 that outlasted the retries becomes
  :class:`QueryTooHeavy` (the caller shrinks its query); any other status :class:`RepoFailed` saying
  what it was (``HTTP 500 Internal Server Error``); no answer :class:`Unreachable` with its cause;
* a GraphQL answer is used only when every error in it is understood: ``RATE_LIMITED`` (HTTP 200) is
  waited out and the query sent again, ``MAX_NODE_LIMIT_EXCEEDED`` shrinks it, ``NOT_FOUND`` or
  ``FORBIDDEN`` on a top-level field is returned to the caller by alias (one missing repository of a
  batch), and so is ``NOT_FOUND`` on one entry of a list (``nodes.3``: an id of ``nodes(ids:)`` that
  resolves to nothing); ``INSUFFICIENT_SCOPES`` is :class:`ScopeMissing`; anything else fails the query
  with GitHub's own message, never half-used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import requests
from github import Auth, Github, GithubException
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededExceedsMaxWait,
    RateLimitExceededException,
)
from github.Requester import Requester

from ..base import AuthError
from .errors import NotFound, QueryTooHeavy, RateLimitGiveUp, RepoFailed, ScopeMissing, Unreachable
from .ratelimit import RateLimitGate
from .retry import STATUS_RETRIES, make_retry
from .unreachable import cause

USER_AGENT = "leadership-footprint"
#: Timeout of the first request (not retried when it expires): GitHub answers the survey in about a second.
FIRST_TIMEOUT_SECONDS = 10
#: Timeout once the host has answered: GitHub itself gives up on a query after about 10 s (with a 502).
TIMEOUT_SECONDS = 30
#: How often one request is sent again after a GraphQL ``RATE_LIMITED`` wait before the scope gives up.
MAX_RATE_LIMIT_ROUNDS = 5
#: Error types answered for one aliased top-level field that leave the rest of the answer usable.
PER_ALIAS_ERRORS = ("NOT_FOUND", "FORBIDDEN")


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    return str(data.get("message") or exc.message or "")


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _error_text(error: dict[str, Any]) -> str:
    message = str(error.get("message") or "unknown error").strip()
    path = error.get("path")
    return f"{message} (at {'.'.join(str(p) for p in path)})" if path else message


def _null_entry(data: dict[str, Any], path: list[Any]) -> bool:
    """Whether ``path`` is ``[field, index]`` of a top-level list whose entry there is null."""
    if len(path) != 2 or not isinstance(path[1], int):
        return False
    entries = data.get(str(path[0]))
    return isinstance(entries, list) and 0 <= path[1] < len(entries) and entries[path[1]] is None


@dataclass
class GraphQLAnswer:
    """``data`` of an answer whose errors were all understood; ``refused`` maps each top-level alias
    that GitHub answered with ``NOT_FOUND``/``FORBIDDEN`` (and each ``field.index`` of a list entry
    answered ``NOT_FOUND``) to ``(type, message)``."""

    data: dict[str, Any]
    refused: dict[str, tuple[str, str]] = field(default_factory=dict)


class Transport:
    """One authenticated connection to a GitHub API (``api_url``), counting requests into ``count``."""

    def __init__(
        self,
        api_url: str,
        token: str,
        gate: RateLimitGate,
        count: Callable[[], None],
        *,
        backoff: float | None = None,
    ) -> None:
        self.api_url = api_url
        self.gate = gate

        def connect(timeout: int, retries: int, retry_timeouts: bool) -> Github:
            retry = make_retry(
                count, gate, connect=retries, read=retries, retry_timeouts=retry_timeouts, backoff=backoff
            )
            return Github(
                base_url=api_url,
                auth=Auth.Token(token),
                retry=retry,
                timeout=timeout,
                user_agent=USER_AGENT,
                per_page=100,
                seconds_between_requests=None,
                seconds_between_writes=None,
                lazy=True,
            )

        self._first = connect(FIRST_TIMEOUT_SECONDS, retries=1, retry_timeouts=False)
        self._github = connect(TIMEOUT_SECONDS, retries=3, retry_timeouts=True)
        self._answered = False

    def close(self) -> None:
        self._first.close()
        self._github.close()

    def call(self, fn: Callable[[Github], Any], what: str) -> Any:
        """Run one PyGithub call, mapping failures to this package's errors (module docstring)."""
        for _ in range(MAX_RATE_LIMIT_ROUNDS):
            self.gate.before_request()
            try:
                result = fn(self._github if self._answered else self._first)
            except BadCredentialsException as exc:
                raise AuthError(f"the token was refused by {self.api_url} ({_message(exc)})") from None
            except RateLimitExceededExceedsMaxWait as exc:
                kind = "secondary" if Requester.isSecondaryRateLimitError(_message(exc)) else "primary"
                raise RateLimitGiveUp(
                    f"{kind} rate limit: GitHub asks to wait {exc.wait:.0f}s, more than "
                    f"github.max_rate_limit_wait_seconds = {self.gate.max_wait:.0f}"
                ) from None
            except RateLimitExceededException:
                self._answered = True
                continue  # still limited after the retry's waits: wait again, a bounded number of times
            except GithubException as exc:
                self._answered = True
                self._raise_for_status(exc, what)
            except requests.exceptions.RequestException as exc:
                why = cause(exc, self.api_url, TIMEOUT_SECONDS if self._answered else FIRST_TIMEOUT_SECONDS)
                raise Unreachable(f"cannot reach {self.api_url} ({why})") from None
            else:
                self._answered = True
                return result
        raise RateLimitGiveUp(f"{what}: still rate limited after {MAX_RATE_LIMIT_ROUNDS} waits")

    def _raise_for_status(self, exc: GithubException, what: str) -> None:
        status, message = exc.status, _message(exc)
        detail = f" ({message})" if message and message not in _status_text(status) else ""
        if status == 401:
            raise AuthError(f"the token was refused by {self.api_url} ({message or 'HTTP 401'})") from None
        if status in (502, 504):
            raise QueryTooHeavy(
                f"{what}: GitHub timed out ({_status_text(status)}) {STATUS_RETRIES + 1} times in a row"
            ) from None
        if status == 404:
            raise NotFound(f"{what}: not found, or the token cannot see it") from None
        if status == 429:
            raise RateLimitGiveUp(f"{what}: still {_status_text(status)} after every wait") from None
        tries = f" {STATUS_RETRIES + 1} times in a row" if status >= 500 else ""
        raise RepoFailed(f"{what}: GitHub answered {_status_text(status)}{detail}{tries}") from None

    def graphql(self, query: str, variables: dict[str, Any], what: str) -> dict[str, Any]:
        """POST a query; its ``data``. Every GraphQL error fails it (``NOT_FOUND`` as :class:`NotFound`)."""
        answer = self.graphql_answer(query, variables, what)
        if answer.refused:
            kind, message = next(iter(answer.refused.values()))
            raise (NotFound if kind == "NOT_FOUND" else RepoFailed)(f"{what}: {message}")
        return answer.data

    def graphql_answer(self, query: str, variables: dict[str, Any], what: str) -> GraphQLAnswer:
        """POST a query; see the module docstring for which errors leave the answer usable."""
        body = {"query": query, "variables": variables}
        for _ in range(MAX_RATE_LIMIT_ROUNDS):
            headers, payload = self.call(
                lambda github: github.requester.requestJsonAndCheck(
                    "POST", github.requester.graphql_url, input=body
                ),
                what,
            )
            self.gate.observe_headers(headers)
            payload = payload if isinstance(payload, dict) else {}
            errors = [error for error in payload.get("errors") or [] if isinstance(error, dict)]
            if any(error.get("type") == "RATE_LIMITED" for error in errors):
                self.gate.wait_for_reset(headers)
                continue
            data = payload.get("data") or {}
            self.gate.observe_graphql(data.get("rateLimit"))
            return self._understood(data, errors, what)
        raise RateLimitGiveUp(f"{what}: still rate limited after {MAX_RATE_LIMIT_ROUNDS} waits")

    @staticmethod
    def _understood(data: dict[str, Any], errors: list[dict[str, Any]], what: str) -> GraphQLAnswer:
        if any(error.get("type") == "MAX_NODE_LIMIT_EXCEEDED" for error in errors):
            raise QueryTooHeavy(f"{what}: {'; '.join(_error_text(e) for e in errors)}")
        if any(error.get("type") == "INSUFFICIENT_SCOPES" for error in errors):
            first = next(e for e in errors if e.get("type") == "INSUFFICIENT_SCOPES")
            raise ScopeMissing(f"{what}: {str(first.get('message') or 'insufficient scopes').strip()}")
        refused: dict[str, tuple[str, str]] = {}
        others = []
        for error in errors:
            path = error.get("path") or []
            kind, message = str(error.get("type")), str(error.get("message") or "").strip()
            if kind in PER_ALIAS_ERRORS and len(path) == 1 and data.get(path[0]) is None:
                refused[str(path[0])] = (kind, message)
            elif kind == "NOT_FOUND" and _null_entry(data, path):
                refused[f"{path[0]}.{path[1]}"] = (kind, message)
            else:
                others.append(error)
        if others:
            shown = "; ".join(_error_text(error) for error in others[:3])
            more = f" (and {len(others) - 3} more)" if len(others) > 3 else ""
            raise RepoFailed(f"{what}: GitHub answered with errors: {shown}{more}")
        return GraphQLAnswer(data, refused)
