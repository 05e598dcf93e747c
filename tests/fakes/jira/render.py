"""Rendering the fake's model as Jira REST JSON, per mode (Cloud or Data Center) and API version."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .data import CATEGORY, FLAGGED_ID, FakeComment, FakeHistory, FakeIssue, FakeUser, JiraData

_MENTION = re.compile(r"\[~@(?P<handle>[\w-]+)\]")
#: Fields returned for ``*all`` / ``*navigable`` (the ones the real API carries that we model).
ALL_FIELDS = (
    "summary", "description", "issuetype", "status", "creator", "reporter", "assignee", "labels",
    "duedate", "parent", "created", "updated", "resolutiondate", "priority", "issuelinks", "comment",
    FLAGGED_ID,
)  # fmt: skip


def jira_time(value: datetime) -> str:
    """Jira's timestamp form: ``2025-01-06T09:00:00.000+0000``."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+0000"


def adf(text: str) -> dict[str, Any]:
    """A v3 Atlassian Document Format document, one paragraph per line."""
    paragraphs = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
        for line in text.split("\n")
    ]
    return {"type": "doc", "version": 1, "content": paragraphs}


class Renderer:
    """Renders users, issues, comments and histories for one mode and base URL."""

    def __init__(self, data: JiraData, base: str, cloud: bool) -> None:
        self.data, self.base, self.cloud = data, base, cloud

    def user(self, handle: str | None) -> dict[str, Any] | None:
        if handle is None:
            return None
        user: FakeUser = self.data.users[handle]
        common = {"displayName": user.display_name, "active": user.active, "timeZone": "Etc/UTC"}
        if self.cloud:
            shown = {"emailAddress": user.address} if user.email_visible else {}
            return {
                "self": f"{self.base}/rest/api/2/user?accountId={user.account_id}",
                "accountId": user.account_id,
                "accountType": user.account_type,
                **shown,
                **common,
            }
        return {
            "self": f"{self.base}/rest/api/2/user?username={user.handle}",
            "name": user.handle,
            "key": user.handle,
            "emailAddress": user.address,
            **common,
        }

    def user_id(self, handle: str | None) -> str | None:
        if handle is None:
            return None
        return self.data.users[handle].account_id if self.cloud else handle

    def text(self, body: str, version: str) -> Any:
        def mention(match: re.Match[str]) -> str:
            handle = match.group("handle")
            return f"[~accountid:{self.user_id(handle)}]" if self.cloud else f"[~{handle}]"

        plain = _MENTION.sub(mention, body)
        return adf(plain) if version == "3" else plain

    def comment(self, issue: FakeIssue, comment: FakeComment, version: str) -> dict[str, Any]:
        author = self.user(comment.author)
        return {
            "self": f"{self.base}/rest/api/{version}/issue/{issue.id}/comment/{comment.id}",
            "id": str(comment.id),
            "author": author,
            "body": self.text(comment.body, version),
            "updateAuthor": author,
            "created": jira_time(comment.created),
            "updated": jira_time(comment.created),
            "jsdPublic": True,
        }

    def history(self, history: FakeHistory) -> dict[str, Any]:
        items = []
        for item in history.items:
            if "from_user" in item:  # assignee changes carry the mode's user id
                items.append(
                    {
                        "field": "assignee",
                        "fieldtype": "jira",
                        "from": self.user_id(item["from_user"]),
                        "fromString": self._name(item["from_user"]),
                        "to": self.user_id(item["to_user"]),
                        "toString": self._name(item["to_user"]),
                    }
                )
            else:
                items.append(dict(item))
        return {
            "id": str(history.id),
            "author": self.user(history.author),
            "created": jira_time(history.created),
            "items": items,
        }

    def _name(self, handle: str | None) -> str | None:
        return self.data.users[handle].display_name if handle else None

    def _status(self, name: str) -> dict[str, Any]:
        category = CATEGORY[name]
        return {
            "name": name,
            "id": str(list(CATEGORY).index(name) + 1),
            "statusCategory": {"key": category, "name": category.title()},
        }

    def fields(self, issue: FakeIssue, wanted: set[str], version: str, comment_limit: int) -> dict[str, Any]:
        parent = self.data.issue(issue.parent) if issue.parent else None
        links = [
            {
                "id": f"{issue.id}{n}",
                "type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                "outwardIssue": {"key": key},
            }
            for n, key in enumerate(issue.blocks)
        ]
        shown = issue.comments[:comment_limit]
        values: dict[str, Any] = {
            "summary": issue.summary,
            "description": self.text(issue.description, version) if issue.description else None,
            "issuetype": {"name": issue.issuetype, "subtask": False},
            "status": self._status(issue.status),
            "creator": self.user(issue.creator),
            "reporter": self.user(issue.reporter),
            "assignee": self.user(issue.assignee),
            "labels": list(issue.labels),
            "duedate": issue.duedate,
            "parent": (
                {"id": str(parent.id), "key": parent.key, "fields": {"issuetype": {"name": parent.issuetype}}}
                if parent
                else None
            ),
            "created": jira_time(issue.created),
            "updated": jira_time(issue.updated),
            "resolutiondate": jira_time(issue.resolutiondate) if issue.resolutiondate else None,
            "priority": {"name": issue.priority},
            "issuelinks": links,
            "comment": {
                "comments": [self.comment(issue, c, version) for c in shown],
                "self": f"{self.base}/rest/api/{version}/issue/{issue.id}/comment",
                "maxResults": len(shown),
                "total": len(issue.comments),
                "startAt": 0,
            },
            FLAGGED_ID: [{"value": "Impediment", "id": "10019"}] if issue.flagged else None,
        }
        if issue.parent is None:
            values.pop("parent")
        chosen = {name: value for name, value in values.items() if name in wanted}
        chosen.update({k: v for k, v in issue.raw_overrides.items() if k in wanted})
        return chosen

    def issue(
        self,
        issue: FakeIssue,
        *,
        wanted: set[str],
        version: str,
        changelog: bool,
        history_limit: int | None,
        comment_limit: int,
    ) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
            "id": str(issue.id),
            "self": f"{self.base}/rest/api/{version}/issue/{issue.id}",
            "key": issue.key,
            "fields": self.fields(issue, wanted, version, comment_limit),
        }
        if changelog:
            histories = sorted(issue.histories, key=lambda h: h.created)
            shown = histories[-history_limit:] if history_limit is not None else histories
            raw["changelog"] = {
                "startAt": 0,
                "maxResults": len(shown),
                "total": len(histories),
                "histories": [self.history(h) for h in shown],
            }
        for name in ("id", "key"):
            if name in issue.raw_overrides:
                raw[name] = issue.raw_overrides[name]
        return raw
