"""``JiraCollector``: per configured project, pull issues, comments and changelogs into events.

Per project, one query ``project = X AND updated >= "<watermark - overlap>" ORDER BY updated ASC, key
ASC`` is paged (see :mod:`.search`); every page is normalised and saved together with the new watermark
and the keys already stored near it, so a kill resumes at the last saved page and a re-read overlap
costs no follow-up requests. Issues matching ``retro_jql`` (asked for only when the window has issues)
become retrospective notes. An issue is stored as a whole: events it no longer yields (a deleted
comment, a retro line removed, an issue that became a retro) are deleted with the page. An issue
skipped as malformed is reported and asked for again, by key, on every later sync until it is stored.
Failures are per project, except refused credentials (AuthError).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import requests
from jira.exceptions import JIRAError

from ..base import AuthError, Collector
from ..events import Event, utc
from ..normalise.jira import MalformedPayload, issue_events
from .connection import JiraConnection, connect
from .followups import Incomplete, complete_comments, complete_histories
from .retry import RateLimitExhausted
from .search import (
    ISSUE_FIELDS,
    OVERLAP,
    ResultShifted,
    jql_quote,
    keys_matching,
    project_jql,
    search_pages,
)
from .section import JiraConfig

MAX_RESTARTS = 3


class JiraCollector(Collector[JiraConfig]):
    """The ``jira`` source (see the module docstring and :mod:`collectors.base` for the contract)."""

    source = "jira"

    def sync(self) -> None:
        section = self.section
        if section is None or not section.url:
            return
        token = self.config.require_token("jira")
        user = self.config.require_secret("jira", "user_env")  # Cloud; None for a DC access token
        self._task = self.run.progress.add_task("jira: connecting", total=None, status="")
        conn = connect(
            section.url,
            user=user,
            token=token,
            max_wait_seconds=section.max_rate_limit_wait_seconds,
            on_request=self.run.count_request,
            on_wait=self._waiting,
        )
        kind = "Cloud" if conn.deployment.cloud else f"Data Center ({conn.deployment.deployment_type})"
        self.run.progress.update(self._task, description=f"jira: {kind}", total=1, completed=1)
        for project in section.projects:
            conn.session.reset_budget()
            self._task = self.run.progress.add_task(f"jira {project}", total=None, status="")
            try:
                self._sync_project(conn, project)
            except JIRAError as exc:
                if exc.status_code == 401:
                    raise AuthError(f"{section.url} refused the credentials (HTTP 401)") from None
                message = exc.text or f"HTTP {exc.status_code}"
                kind = "not_found" if exc.status_code in (400, 404) else "error"
                self.run.problem(project, kind, f"HTTP {exc.status_code}: {message}")
            except RateLimitExhausted as exc:
                self.run.problem(project, "rate_limit", str(exc))
            except ValueError as exc:  # an unreadable body (requests' JSONDecodeError is one too)
                self.run.problem(project, "malformed", f"unreadable response: {exc}")
            except requests.RequestException as exc:
                self.run.problem(project, "unreachable", f"connection failed: {type(exc).__name__}")
            except ResultShifted:
                self.run.problem(project, "unstable", "results kept moving while paging; rerun to resume")
            self.run.progress.update(self._task, status="")

    def _waiting(self, seconds: float, reason: str) -> None:
        self.run.progress.update(self._task, status=f"{reason}, waiting {seconds:.0f} s")

    def _sync_project(self, conn: JiraConnection, project: str) -> None:
        for _ in range(MAX_RESTARTS):
            try:
                self._sync_window(conn, project)
                return
            except ResultShifted:
                continue  # resume from the watermark the last saved page recorded
        raise ResultShifted(project)

    def _start(self, project: str) -> _Window:
        state = self.run.state(project) or {}
        retry = {str(key) for key in state.get("retry") or []}
        if state.get("watermark"):
            return _Window(utc(state["watermark"]), dict(state.get("recent") or {}), retry)
        since = self.section.since if self.section else None
        return _Window(datetime.combine(since, time(), UTC) if since else None, {}, retry)

    def _sync_window(self, conn: JiraConnection, project: str) -> None:
        window = self._start(project)
        if window.retry:  # issues an earlier sync skipped as malformed, whatever their age
            asked = set(window.retry)
            keys = ", ".join(jql_quote(key) for key in sorted(asked))
            seen = self._walk(conn, project, window, since=None, only=f"key in ({keys})", again=asked)
            window.retry -= asked - seen  # deleted or moved since: nothing left to ask for
        self._walk(conn, project, window, since=window.watermark)
        if self.run.progress.tasks[self._task].total is None:
            done = self.run.progress.tasks[self._task].completed
            self.run.progress.update(self._task, total=done)

    def _walk(
        self,
        conn: JiraConnection,
        project: str,
        window: _Window,
        *,
        since: datetime | None,
        only: str | None = None,
        again: Collection[str] = (),
    ) -> set[str]:
        """Store every page of the project's issues updated since ``since`` (and matching ``only``),
        saving ``window``'s state with each; returns the keys seen. Issues in ``again`` are fetched
        even when the overlap already stored them."""
        fields = [*ISSUE_FIELDS, *([conn.flagged_field] if conn.flagged_field else [])]
        retro_jql = self.section.retro_jql if self.section else None
        wanted = " AND ".join(f"({part})" for part in (retro_jql, only) if part)
        retro = _LazyKeys(
            lambda: (
                keys_matching(conn, project_jql(project, since, conn.time_zone, wanted))
                if retro_jql
                else set()
            )
        )
        seen: set[str] = set()
        for page in search_pages(conn, project_jql(project, since, conn.time_zone, only), fields):
            if page.total is not None and only is None:
                self.run.progress.update(self._task, total=page.total)
            events: list[Event] = []
            whole: list[str] = []  # issues fetched with every comment and change: stored as exactly these
            for issue in page.issues:
                key, updated = str(issue.get("key") or "?"), (issue.get("fields") or {}).get("updated")
                seen.add(key)
                if updated and window.recent.get(key) == updated and key not in again:
                    continue  # re-read by the overlap, unchanged since it was stored
                fetched = self._issue(conn, project, issue, key in retro)
                if fetched:
                    events += fetched
                    whole.append(key)
                    window.retry.discard(key)
                elif issue.get("key"):
                    window.retry.add(key)  # reported by _issue; asked for again by the next sync
                window.saw(key, updated)
            self.run.save(events, project, window.state(), complete_items=whole)
            if only is None:
                self.run.progress.advance(self._task, len(page.issues))
        return seen

    def _issue(self, conn: JiraConnection, project: str, issue: dict[str, Any], retro: bool) -> list[Event]:
        """The events of one issue; a malformed or incomplete issue is reported and skipped."""
        key = str(issue.get("key") or "(no key)")
        try:
            if not issue.get("id") or not issue.get("key"):
                raise MalformedPayload("an issue without id or key")
            histories = complete_histories(conn, issue)
            comments = complete_comments(conn, issue)
            return issue_events(
                conn.base_url,
                issue,
                comments=comments,
                histories=histories,
                retro=retro,
                flagged_field=conn.flagged_field,
            )
        except (ValueError, Incomplete, KeyError, TypeError) as exc:  # MalformedPayload is a ValueError
            self.run.problem(project, "malformed", f"{key} skipped: {exc}")
            return []


@dataclass
class _Window:
    """A project's sync state while it is walked: the watermark, the keys stored near it (with their
    ``updated``, so an overlap re-read costs nothing) and the keys skipped as malformed (``retry``)."""

    watermark: datetime | None
    recent: dict[str, str]
    retry: set[str]

    def saw(self, key: str, updated: Any) -> None:
        stamp = _stamp(updated)
        if stamp is None:
            return
        self.recent[key] = updated
        if self.watermark is None or stamp > self.watermark:
            self.watermark = stamp

    def state(self) -> dict[str, Any]:
        if self.watermark is not None:
            horizon = self.watermark - OVERLAP - timedelta(minutes=1)
            self.recent = {k: v for k, v in self.recent.items() if utc(v) >= horizon}
        return {
            "watermark": self.watermark.isoformat() if self.watermark else None,
            "recent": self.recent,
            "retry": sorted(self.retry),
        }


class _LazyKeys:
    """A set of keys fetched on the first membership test (the retro query costs a request)."""

    def __init__(self, fetch: Callable[[], set[str]]) -> None:
        self._fetch = fetch
        self._keys: set[str] | None = None

    def __contains__(self, key: object) -> bool:
        if self._keys is None:
            self._keys = self._fetch()
        return key in self._keys


def _stamp(value: Any) -> datetime | None:
    try:
        return utc(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
