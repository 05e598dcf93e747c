"""Completing what search truncates: changelog histories and comments of one issue.

``expand=changelog`` in search (and on a Cloud single-issue GET) carries at most the latest 100
histories with ``changelog.total`` telling the truth; the embedded ``fields.comment`` likewise says
``total``. When they fall short, Cloud pages ``/issue/{key}/changelog`` (oldest first, until the union
with the embedded ones is complete); Data Center has no such endpoint, and its single-issue GET with
``expand=changelog`` returns the whole changelog. Comments page ``/issue/{key}/comment`` through the
library's ``comments()`` from where the embedded first page ended.
"""

from __future__ import annotations

from typing import Any

from .connection import JiraConnection
from .search import PAGE_SIZE


class Incomplete(Exception):
    """The server never returned as many items as its ``total`` claims."""


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        str(item.get("id")): item for item in items if isinstance(item, dict) and item.get("id") is not None
    }


def complete_histories(conn: JiraConnection, issue: dict[str, Any]) -> list[dict[str, Any]]:
    """All changelog histories of ``issue``; requests only when the embedded changelog is truncated."""
    changelog = issue.get("changelog") or {}
    found = _by_id(changelog.get("histories") or [])
    total = int(changelog.get("total") or 0)
    if len(found) >= total:
        return list(found.values())
    key = issue["key"]
    if not conn.deployment.cloud:
        full = conn.get_json(f"issue/{key}", params={"expand": "changelog", "fields": "created"})
        found.update(_by_id(((full or {}).get("changelog") or {}).get("histories") or []))
    else:
        start = 0
        while len(found) < total:
            page = conn.get_json(f"issue/{key}/changelog", params={"startAt": start, "maxResults": PAGE_SIZE})
            values = (page or {}).get("values") or []
            found.update(_by_id(values))
            start += len(values)
            if not values or page.get("isLast", start >= int(page.get("total") or 0)):
                break
    if len(found) < total:
        raise Incomplete(f"{key}: changelog has {total} histories, the server returned {len(found)}")
    return list(found.values())


def complete_comments(conn: JiraConnection, issue: dict[str, Any]) -> list[dict[str, Any]]:
    """All comments of ``issue``, oldest first; requests only when the embedded list is truncated."""
    block = (issue.get("fields") or {}).get("comment") or {}
    embedded = block.get("comments") or []
    found = _by_id(embedded)
    total = int(block.get("total") or len(found))
    # Continue after the embedded page when it is the first page; otherwise read them all.
    start = len(embedded) if int(block.get("startAt") or 0) == 0 else 0
    while len(found) < total:
        page = conn.client.comments(issue["key"], start_at=start, max_results=PAGE_SIZE)
        found.update(_by_id([comment.raw for comment in page]))
        start += len(page)
        if not page:
            break
    if len(found) < total:
        raise Incomplete(f"{issue['key']}: {total} comments, the server returned {len(found)}")
    return sorted(found.values(), key=lambda c: (str(c.get("created") or ""), str(c.get("id"))))
