"""Issue search: incremental JQL and paging, enhanced search on Cloud, ``startAt`` on Data Center.

Cloud removed ``/search`` (410 Gone); its ``/search/jql`` pages with ``nextPageToken`` and has no total.
Data Center pages with ``startAt``; because an issue updated mid-sync jumps to the end of an
``ORDER BY updated`` result and shifts every later position back by one, each Data Center page after the
first starts one position early and must begin with the previous page's last issue. If it does not,
:class:`ResultShifted` tells the caller to query again from its saved watermark.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .connection import JiraConnection

PAGE_SIZE = 100
#: JQL dates have minute precision and search indexes lag slightly: re-read this much before the watermark.
OVERLAP = timedelta(minutes=5)
ISSUE_FIELDS = (
    "summary", "description", "issuetype", "status", "creator", "reporter", "assignee", "labels",
    "duedate", "parent", "created", "updated", "resolutiondate", "priority", "issuelinks", "comment",
)  # fmt: skip


class ResultShifted(Exception):
    """Issues moved between Data Center pages; restart from the watermark."""


def jql_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def since_clause(since: datetime | None, time_zone: ZoneInfo) -> str:
    """`` AND updated >= "yyyy/MM/dd HH:mm"`` in the searching user's time zone (how Jira reads it)."""
    if since is None:
        return ""
    local = (since - OVERLAP).astimezone(time_zone)
    return f' AND updated >= "{local:%Y/%m/%d %H:%M}"'


def project_jql(project: str, since: datetime | None, time_zone: ZoneInfo, extra: str | None = None) -> str:
    """The project's query: ``project = X [AND updated >= ...] [AND (extra)]``, oldest update first."""
    jql = f"project = {jql_quote(project)}{since_clause(since, time_zone)}"
    if extra:
        jql += f" AND ({extra})"
    return jql + " ORDER BY updated ASC, key ASC"


@dataclass
class SearchPage:
    issues: list[dict[str, Any]]
    total: int | None  # Data Center only


def search_pages(
    conn: JiraConnection, jql: str, fields: list[str], *, expand: str | None = "changelog"
) -> Iterator[SearchPage]:
    """Every page of ``jql``'s results, as raw REST v2 issue dicts."""
    if conn.deployment.cloud:
        token: str | None = None
        while True:
            body = conn.client.enhanced_search_issues(
                jql, nextPageToken=token, maxResults=PAGE_SIZE, fields=list(fields), expand=expand,
                json_result=True,
            )  # fmt: skip
            yield SearchPage(_issues(body), None)
            token = body.get("nextPageToken")
            if body.get("isLast", True) or not token:
                return
    start, previous_last = 0, None
    while True:
        body = conn.client.search_issues(
            jql, startAt=start, maxResults=PAGE_SIZE, fields=list(fields), expand=expand, json_result=True
        )
        issues, total = _issues(body), int(body.get("total") or 0)
        if previous_last is not None:
            if not issues or issues[0].get("key") != previous_last:
                raise ResultShifted(jql)
            issues = issues[1:]
        yield SearchPage(issues, total)
        fetched = start + len(issues) + (1 if previous_last is not None else 0)
        if not issues or fetched >= total:
            return
        start, previous_last = fetched - 1, issues[-1].get("key")


def _issues(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("issues"), list):
        raise ValueError("search answered without an issues list")
    return [issue for issue in body["issues"] if isinstance(issue, dict)]


def keys_matching(conn: JiraConnection, jql: str) -> set[str]:
    """Keys of every issue matching ``jql`` (fetched without fields or changelog)."""
    keys: set[str] = set()
    for page in search_pages(conn, jql, ["key"], expand=None):
        keys.update(str(issue["key"]) for issue in page.issues if issue.get("key"))
    return keys
