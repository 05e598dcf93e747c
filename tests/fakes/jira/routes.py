"""Endpoint handlers of the Jira fake: REST v2/v3 paths, Atlassian error shapes, paging rules."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .data import FLAGGED_ID, FakeIssue
from .jql import JqlError, compile_jql
from .render import ALL_FIELDS, jira_time
from .users import user_search

if TYPE_CHECKING:
    from .server import FakeJira

REMOVED_SEARCH = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
_PATH = re.compile(r"^/rest/api/(?P<version>2|3|latest)/(?P<rest>.+?)/?$")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any] | None
    authorised: bool

    def arg(self, name: str, default: str | None = None) -> str | None:
        if self.body and name in self.body:
            value = self.body[name]
            return ",".join(value) if isinstance(value, list) else str(value)
        values = self.query.get(name)
        return ",".join(values) if values else default

    def number(self, name: str, default: int) -> int:
        value = self.arg(name)
        try:
            return int(value) if value not in (None, "") else default
        except ValueError:
            return default


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None


def _error(status: int, *messages: str) -> Response:
    return Response(status, {"errorMessages": list(messages), "errors": {}})


def route(fake: FakeJira, request: Request) -> Response:
    """Answer one request the way the configured Jira deployment would."""
    match = _PATH.match(request.path)
    if not match:
        return _error(404, "Not found")
    version, rest = match.group("version"), match.group("rest")
    if version == "latest":
        version = "2"
    if (fake.cloud and version not in ("2", "3")) or (not fake.cloud and version != "2"):
        return _error(404, "Not found")
    if rest == "serverInfo":
        return Response(200, _server_info(fake))
    if not request.authorised:
        headers = {} if fake.cloud else {"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"}
        message = "You are not authenticated. Authentication required to perform this operation."
        return Response(401, {"errorMessages": [message], "errors": {}}, headers=headers)
    if rest == "myself":
        return Response(200, {**(fake.renderer().user(_me(fake)) or {}), "timeZone": fake.time_zone})
    if rest == "field":
        return Response(200, _fields())
    if rest.startswith("project/"):
        key = rest.split("/", 1)[1]
        if key.upper() not in fake.data.projects:
            return _error(404, f"No project could be found with key '{key}'.")
        project = {
            "id": str(10000 + sorted(fake.data.projects).index(key.upper())),
            "key": key.upper(),
            "name": fake.data.projects[key.upper()],
        }
        lead = fake.data.leads.get(key.upper())
        return Response(200, {**project, "lead": fake.renderer().user(lead)} if lead else project)
    if rest == "user/search":
        return user_search(fake, request)
    if rest == "search":
        return _error(410, REMOVED_SEARCH) if fake.cloud else _search(fake, request, version, paged=False)
    if rest == "search/jql":
        return _search(fake, request, version, paged=True) if fake.cloud else _error(404, "Not found")
    issue_match = re.match(r"^issue/(?P<key>[^/]+)(?P<tail>/changelog|/comment)?$", rest)
    if issue_match:
        key = issue_match.group("key")
        issue = next((i for i in fake.data.issues if key in (i.key, str(i.id))), None)
        if issue is None:
            return _error(404, "Issue does not exist or you do not have permission to see it.")
        tail = issue_match.group("tail")
        if tail == "/changelog":
            return _changelog(fake, request, issue) if fake.cloud else _error(404, "Not found")
        if tail == "/comment":
            return _comments(fake, request, issue, version)
        return _issue(fake, request, issue, version)
    return _error(404, "Not found")


def _me(fake: FakeJira) -> str:
    return sorted(fake.data.users)[0]


def _server_info(fake: FakeJira) -> dict[str, Any]:
    common = {"baseUrl": fake.url, "buildDate": "2025-01-01T00:00:00.000+0000", "serverTitle": "Jira"}
    if fake.cloud:
        return {
            **common,
            "version": "1001.0.0-SNAPSHOT",
            "versionNumbers": [1001, 0, 0],
            "deploymentType": "Cloud",
            "buildNumber": 100286,
            "scmInfo": "0",
        }
    return {
        **common,
        "version": "9.12.15",
        "versionNumbers": [9, 12, 15],
        "deploymentType": "Server",
        "buildNumber": 9120015,
        "scmInfo": "0",
    }


def _fields() -> list[dict[str, Any]]:
    def system(name: str, field_id: str, clauses: list[str]) -> dict[str, Any]:
        return {
            "id": field_id,
            "key": field_id,
            "name": name,
            "custom": False,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": clauses,
        }

    return [
        system("Summary", "summary", ["summary"]),
        system("Status", "status", ["status"]),
        system("Issue Type", "issuetype", ["issuetype", "type"]),
        system("Created", "created", ["created", "createdDate"]),
        system("Updated", "updated", ["updated", "updatedDate"]),
        system("Labels", "labels", ["labels"]),
        system("Comment", "comment", ["comment"]),
        {
            "id": "customfield_10014",
            "key": "customfield_10014",
            "name": "Epic Link",
            "custom": True,
            "clauseNames": ["cf[10014]", "Epic Link"],
            "schema": {"type": "any", "customId": 10014},
        },
        {
            "id": FLAGGED_ID,
            "key": FLAGGED_ID,
            "name": "Flagged",
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": ["cf[10021]", "Flagged"],
            "schema": {
                "type": "array",
                "items": "option",
                "custom": "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes",
                "customId": 10021,
            },
        },
    ]


def _wanted(request: Request) -> set[str]:
    names = {name.strip() for name in (request.arg("fields") or "").split(",") if name.strip()}
    if not names or names & {"*all", "*navigable"}:
        return set(ALL_FIELDS)
    return names


def _sort_key(ordering: list[tuple[str, bool]]):
    def key(issue: FakeIssue) -> tuple:
        parts = []
        for name, descending in ordering:
            value: Any = (issue.project, issue.id) if name in ("key", "issuekey") else getattr(issue, name)
            if isinstance(value, tuple):
                value = (value[0], -value[1]) if descending else value
            elif descending:
                value = -value.timestamp()
            else:
                value = value.timestamp()
            parts.append(value)
        return tuple(parts)

    return key


def _search(fake: FakeJira, request: Request, version: str, *, paged: bool) -> Response:
    jql = request.arg("jql") or ""
    try:
        predicate, ordering = compile_jql(jql, set(fake.data.projects), ZoneInfo(fake.time_zone))
    except JqlError as exc:
        return Response(400, {"errorMessages": exc.messages, "errors": {}})
    found = sorted((i for i in fake.data.issues if predicate(i)), key=_sort_key(ordering))
    limit = min(max(request.number("maxResults", 50), 0), 100 if fake.cloud else 1000)
    if paged:
        token = request.arg("nextPageToken")
        start = 0
        if token:
            try:
                start = json.loads(base64.urlsafe_b64decode(token.encode()))["o"]
            except (ValueError, KeyError, TypeError):
                return _error(400, "The provided next page token is invalid or expired.")
    else:
        start = max(request.number("startAt", 0), 0)
    page = found[start : start + limit]
    expand = {part.strip() for part in (request.arg("expand") or "").split(",")}
    renderer = fake.renderer()
    issues = [
        renderer.issue(
            issue,
            wanted=_wanted(request),
            version=version,
            changelog="changelog" in expand,
            history_limit=fake.history_limit,
            comment_limit=fake.comment_limit,
        )
        for issue in page
    ]
    if paged:
        body: dict[str, Any] = {"issues": issues, "isLast": start + limit >= len(found)}
        if not body["isLast"]:
            body["nextPageToken"] = base64.urlsafe_b64encode(
                json.dumps({"o": start + limit}).encode()
            ).decode()
        return Response(200, body)
    return Response(
        200,
        {
            "expand": "schema,names",
            "startAt": start,
            "maxResults": limit,
            "total": len(found),
            "issues": issues,
        },
    )


def _issue(fake: FakeJira, request: Request, issue: FakeIssue, version: str) -> Response:
    expand = {part.strip() for part in (request.arg("expand") or "").split(",")}
    limit = fake.history_limit if fake.cloud else None  # Data Center returns the whole changelog here
    return Response(
        200,
        fake.renderer().issue(
            issue,
            wanted=_wanted(request),
            version=version,
            changelog="changelog" in expand,
            history_limit=limit,
            comment_limit=fake.comment_limit,
        ),
    )


def _page(request: Request, total: int, cap: int = 100) -> tuple[int, int]:
    start = max(request.number("startAt", 0), 0)
    return start, min(max(request.number("maxResults", cap), 0), cap) if total else 0


def _changelog(fake: FakeJira, request: Request, issue: FakeIssue) -> Response:
    histories = sorted(issue.histories, key=lambda h: h.created)
    start, size = _page(request, len(histories))
    values = [fake.renderer().history(h) for h in histories[start : start + size]]
    return Response(
        200,
        {
            "self": f"{fake.url}{request.path}?startAt={start}&maxResults={size}",
            "maxResults": size,
            "startAt": start,
            "total": len(histories),
            "isLast": start + size >= len(histories),
            "values": values,
        },
    )


def _comments(fake: FakeJira, request: Request, issue: FakeIssue, version: str) -> Response:
    start, size = _page(request, len(issue.comments))
    renderer = fake.renderer()
    shown = [renderer.comment(issue, c, version) for c in issue.comments[start : start + size]]
    return Response(
        200, {"comments": shown, "maxResults": size, "total": len(issue.comments), "startAt": start}
    )


__all__ = ["Request", "Response", "jira_time", "route"]
