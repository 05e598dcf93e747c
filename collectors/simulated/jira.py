"""Jira REST v2 payloads for the demo: issues with their comments and changelog histories.

An issue is returned as ``(issue, comments, histories)``, the three things
:func:`collectors.normalise.jira.issue_events` takes, shaped as Jira Cloud returns them: users by
``accountId``, wiki-markup bodies, ``status``/``Flagged``/``assignee`` changelog items. Acts at or after
the demo anchor have not happened yet; the issue's current fields reflect the last act before it.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .clock import END, jira_time
from .org import JIRA_URL, Person, jira_account_user, jira_user

FLAGGED_FIELD = "customfield_10021"
STATUSES: dict[str, tuple[str, str]] = {
    "To Do": ("10000", "new"),
    "In Progress": ("3", "indeterminate"),
    "In Review": ("10001", "indeterminate"),
    "Blocked": ("10002", "indeterminate"),
    "On Hold": ("10005", "indeterminate"),
    "Done": ("10003", "done"),
}
_TYPE_IDS = {"Epic": "10000", "Story": "10001", "Task": "10002", "Bug": "10004"}

#: A Jira payload as the normaliser takes it.
JiraPayload = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]


class JiraIds:
    """Deterministic ids: issues, comments and changelog histories each have their own sequence;
    ``offset`` moves every sequence, so a second allocator never collides with the first."""

    def __init__(self, offset: int = 0) -> None:
        self._issue = itertools.count(10_100 + offset)
        self._comment = itertools.count(40_000 + offset)
        self._history = itertools.count(70_000 + offset)

    def issue(self) -> str:
        return str(next(self._issue))

    def comment(self) -> str:
        return str(next(self._comment))

    def history(self) -> str:
        return str(next(self._history))


@dataclass
class JiraIssue:
    """An issue being written: append acts in time order with the methods below, then :meth:`payload`.

    The key is given last (:attr:`key`), once every issue of the project exists, so keys follow creation
    order as they do in Jira.
    """

    ids: JiraIds
    project: str
    issuetype: str
    summary: str
    description: str
    reporter: Person | dict[str, Any]
    created: datetime
    priority: str = "Medium"
    labels: list[str] = field(default_factory=list)
    parent: JiraIssue | None = None  # an epic
    due: str | None = None
    links: list[str] = field(default_factory=list)  # keys of issues this one blocks
    comments: list[dict[str, Any]] = field(default_factory=list)
    histories: list[dict[str, Any]] = field(default_factory=list)
    key: str = ""

    def _user(self, who: Person | dict[str, Any] | None) -> dict[str, Any] | None:
        return who if isinstance(who, dict) else jira_user(who)

    def comment(self, who: Person | dict[str, Any], body: str, at: datetime) -> None:
        self.comments.append(
            {
                "id": self.ids.comment(),
                "author": self._user(who),
                "updateAuthor": self._user(who),
                "body": body,
                "created": jira_time(at),
                "updated": jira_time(at),
                "jsdPublic": True,
            }
        )

    def _history(self, who: Person, at: datetime, items: list[dict[str, Any]]) -> None:
        self.histories.append(
            {"id": self.ids.history(), "author": jira_user(who), "created": jira_time(at), "items": items}
        )

    def move(self, who: Person, at: datetime, to: str, *, flag: bool | None = None) -> None:
        """A status transition; ``flag`` True/False also sets/clears the impediment flag in the same edit."""
        moves = [item for h in self.histories for item in h["items"] if item["field"] == "status"]
        before = moves[-1]["toString"] if moves else "To Do"
        items = [
            {
                "field": "status",
                "fieldtype": "jira",
                "fieldId": "status",
                "from": STATUSES[before][0],
                "fromString": before,
                "to": STATUSES[to][0],
                "toString": to,
            }
        ]
        if flag is not None:
            items.append(
                {
                    "field": "Flagged",
                    "fieldtype": "custom",
                    "fieldId": FLAGGED_FIELD,
                    "from": None,
                    "fromString": None if flag else "Impediment",
                    "to": None,
                    "toString": "Impediment" if flag else None,
                }
            )
        self._history(who, at, items)

    def assign(self, who: Person, at: datetime, old: Person | None, new: Person) -> None:
        self._history(
            who,
            at,
            [
                {
                    "field": "assignee",
                    "fieldtype": "jira",
                    "fieldId": "assignee",
                    "from": old.account if old else None,
                    "fromString": old.name if old else None,
                    "to": new.account,
                    "toString": new.name,
                }
            ],
        )

    # -- reading the history back --------------------------------------------------------------

    def _items(self, field_name: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (h["created"], item)
            for h in self.histories
            for item in h["items"]
            if item["field"] == field_name and h["created"] < jira_time(END)
        ]

    def status_at(self, moment: datetime) -> str:
        changes = [item for at, item in self._items("status") if at < jira_time(moment)]
        return changes[-1]["toString"] if changes else "To Do"

    def payload(self) -> JiraPayload:
        """``(issue, comments, histories)`` with everything dated at or after the anchor left out."""
        cutoff = jira_time(END)
        comments = [
            {"self": f"{JIRA_URL}/rest/api/2/issue/{self.key}/comment/{c['id']}", **c}
            for c in sorted(self.comments, key=lambda c: c["created"])
            if c["created"] < cutoff
        ]
        histories = sorted((h for h in self.histories if h["created"] < cutoff), key=lambda h: h["created"])
        status = self.status_at(END)
        assignments = self._items("assignee")
        flags = self._items("Flagged")
        stamps = [c["created"] for c in comments] + [h["created"] for h in histories]
        done_at = next(
            (at for at, item in reversed(self._items("status")) if item["toString"] == "Done"), None
        )
        assignee = None
        if assignments:
            account = assignments[-1][1]["to"]
            assignee = jira_account_user(account, assignments[-1][1]["toString"])
        flagged = bool(flags) and flags[-1][1]["toString"] is not None
        status_id, category = STATUSES[status]
        fields = {
            "summary": self.summary,
            "description": self.description,
            "issuetype": {"id": _TYPE_IDS[self.issuetype], "name": self.issuetype, "subtask": False},
            "status": {"id": status_id, "name": status, "statusCategory": {"key": category}},
            "priority": {"name": self.priority},
            "labels": list(self.labels),
            "creator": self._user(self.reporter),
            "reporter": self._user(self.reporter),
            "assignee": assignee,
            "created": jira_time(self.created),
            "updated": max([jira_time(self.created), *stamps]),
            "resolutiondate": done_at if status == "Done" else None,
            "resolution": {"name": "Done"} if status == "Done" else None,
            "duedate": self.due,
            "issuelinks": [
                {
                    "id": str(index),
                    "type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                    "outwardIssue": {"key": key},
                }
                for index, key in enumerate(self.links)
            ],
            FLAGGED_FIELD: [{"value": "Impediment", "id": "10019"}] if flagged else None,
            "comment": {"comments": comments, "maxResults": len(comments), "total": len(comments)},
        }
        if self.parent:
            fields["parent"] = epic_parent(self.parent.key, self.parent.summary)
        issue = {
            "id": self.ids.issue(),
            "key": self.key,
            "self": f"{JIRA_URL}/rest/api/2/issue/{self.key}",
            "fields": fields,
        }
        return issue, comments, histories


def epic_parent(key: str, summary: str) -> dict[str, Any]:
    """The ``parent`` field of an issue under the epic ``key`` (team-managed and modern Cloud form)."""
    return {
        "key": key,
        "fields": {"summary": summary, "issuetype": {"id": _TYPE_IDS["Epic"], "name": "Epic"}},
    }


def pick(rng: random.Random, people: list[Person], *, exclude: Person | None = None) -> Person:
    return rng.choice([p for p in people if p is not exclude])
