"""``GET /search/issues`` of the fake GitHub, with the search API's own limits.

As on github.com: ``total_count`` counts every match, ``incomplete_results`` says when the search timed
out and some matches are missing (:attr:`SearchLimits.incomplete` makes the next N searches do that),
items are issues in REST form (a pull request carries a ``pull_request`` object and its PR ``node_id``),
``per_page`` is at most 100 and only the first 1,000 results can be read (a page beyond answers 422).
Searches have their own rate limit, 30 a minute (``x-ratelimit-resource: search``; past it, 403 with the
primary-limit message and ``x-ratelimit-remaining: 0`` until the reset), apart from the core limit.
"""

from __future__ import annotations

import math
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .search import RESULT_CAP, IssueSearch, SearchError

if TYPE_CHECKING:
    from .server import _Handler

DOCS = "https://docs.github.com/rest/search/search#search-issues-and-pull-requests"
BEYOND_CAP = "Only the first 1000 search results are available"


class SearchLimits:
    """The search rate limit (``limit`` searches per ``window`` seconds) and planned incomplete answers."""

    def __init__(self, limit: int = 30, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self.used = 0
        self.reset = time.time() + window
        self.refused = 0  # searches answered 403 because the limit was spent
        self.incomplete = 0  # the next N searches answer incomplete_results: true
        self._lock = threading.Lock()

    def _roll(self) -> None:
        now = time.time()
        if now >= self.reset:
            self.used, self.reset = 0, now + self.window

    def take(self) -> bool:
        """Count one search; False when the limit is spent until the reset."""
        with self._lock:
            self._roll()
            if self.used >= self.limit:
                self.refused += 1
                return False
            self.used += 1
            return True

    def take_incomplete(self) -> bool:
        with self._lock:
            if self.incomplete > 0:
                self.incomplete -= 1
                return True
            return False

    @property
    def remaining(self) -> int:
        with self._lock:
            self._roll()
            return max(0, self.limit - self.used)

    def headers(self, resource: str = "search") -> dict[str, str]:
        remaining = self.remaining
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": str(math.ceil(self.reset)),
            "x-ratelimit-used": str(self.limit - remaining),
            "x-ratelimit-resource": resource,
        }


def _state(item: dict[str, Any]) -> str:
    return "open" if item["state"] == "OPEN" else "closed"


def _rest_user(actor: dict[str, Any] | None, base: str) -> dict[str, Any] | None:
    if not actor:
        return None
    login = str(actor["login"])
    is_bot = actor.get("__typename") == "Bot"
    login = f"{login}[bot]" if is_bot and not login.endswith("[bot]") else login
    return {"login": login, "type": "Bot" if is_bot else "User", "url": f"{base}/users/{login}"}


def rest_item(item: dict[str, Any], base: str) -> dict[str, Any]:
    """An issue or pull request as ``/search/issues`` lists it."""
    repo, number = item["_repo"], item["number"]
    api = f"{base}/repos/{repo}/issues/{number}"
    found: dict[str, Any] = {
        "url": api,
        "repository_url": f"{base}/repos/{repo}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": item["url"],
        # the issue side of a pull request has an id of its own; its node_id is the pull request's
        "id": item["databaseId"] + (517_000_000 if item["__typename"] == "PullRequest" else 0),
        "node_id": item["id"],
        "number": number,
        "title": item["title"],
        "user": _rest_user(item.get("author"), base),
        "labels": [{"name": label["name"], "color": "ededed", "default": False} for label in item["labels"]],
        "state": _state(item),
        "locked": False,
        "assignee": _rest_user((item.get("assignees") or [None])[0], base),
        "assignees": [_rest_user(a, base) for a in item.get("assignees", [])],
        "milestone": None,
        "comments": len(item["comments"]),
        "created_at": item["createdAt"],
        "updated_at": item["updatedAt"],
        "closed_at": item.get("closedAt"),
        "author_association": "MEMBER",
        "body": item.get("body"),
        "score": 1.0,
    }
    if item["__typename"] == "PullRequest":
        found["draft"] = bool(item.get("isDraft"))
        found["pull_request"] = {
            "url": f"{base}/repos/{repo}/pulls/{number}",
            "html_url": item["url"],
            "diff_url": f"{item['url']}.diff",
            "patch_url": f"{item['url']}.patch",
            "merged_at": item.get("mergedAt"),
        }
    return found


def answer_search(handler: _Handler, base: str) -> None:
    """Answer ``GET /search/issues`` (the handler has checked the token)."""
    fake = handler.fake
    limits = fake.search_limits
    if not limits.take():
        handler._error(403, "API rate limit exceeded for user ID 1.", resource="search")
        return
    query = parse_qs(urlsplit(handler.path).query)
    q = (query.get("q") or [""])[0]
    try:
        per_page = int((query.get("per_page") or ["30"])[0])
        page = int((query.get("page") or ["1"])[0])
    except ValueError:
        handler._error(422, "Validation Failed", resource="search")
        return
    per_page = max(1, min(100, per_page))
    if not q.strip():
        handler._error(422, "Validation Failed", resource="search")
        return
    if page < 1 or (page - 1) * per_page >= RESULT_CAP:
        handler._error(422, BEYOND_CAP, resource="search")
        return
    sort = (query.get("sort") or [None])[0]
    order = (query.get("order") or ["desc"])[0]
    try:
        found = IssueSearch(fake.world).run(q, sort=sort, order=order)
    except SearchError as exc:
        body = {
            "message": "Validation Failed",
            "errors": [{"message": exc.message, "resource": "Search", "field": "q", "code": "invalid"}],
            "documentation_url": DOCS,
            "status": "422",
        }
        handler._send(422, body, resource="search")
        return
    readable = found[:RESULT_CAP]
    chunk = readable[(page - 1) * per_page : page * per_page]
    incomplete = limits.take_incomplete()
    if incomplete:  # a search that timed out: some matches of the page are missing
        chunk = [item for index, item in enumerate(chunk) if index % 3 != 1]
    last = max(1, math.ceil(len(readable) / per_page))
    links = []
    params = {"q": q, "per_page": per_page, **({"sort": sort} if sort else {}), "order": order}
    url = f"{base}/search/issues?"
    if page < last:
        links += [f'<{url}{urlencode({**params, "page": page + 1})}>; rel="next"']
        links += [f'<{url}{urlencode({**params, "page": last})}>; rel="last"']
    if page > 1:
        links += [f'<{url}{urlencode({**params, "page": page - 1})}>; rel="prev"']
        links += [f'<{url}{urlencode({**params, "page": 1})}>; rel="first"']
    body = {
        "total_count": len(found),
        "incomplete_results": incomplete,
        "items": [rest_item(item, base) for item in chunk],
    }
    handler._send(200, body, {"Link": ", ".join(links)} if links else {}, resource="search")
