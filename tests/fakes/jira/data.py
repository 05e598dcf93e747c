"""Seeded Jira content for the fake: users, projects, issues with comments and changelogs.

The model is mode-neutral: users are referenced by a short handle and rendered by the server as Cloud
(``accountId``) or Data Center (``name``/``key``) users. Timestamps are aware UTC datetimes; the server
renders them the way Jira does (``2025-03-04T10:15:00.000+0000``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

FLAGGED_ID = "customfield_10021"
EPOCH = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
STATUSES = [
    ("To Do", "new"),
    ("In Progress", "indeterminate"),
    ("Blocked", "indeterminate"),
    ("In Review", "indeterminate"),
    ("Done", "done"),
]
CATEGORY = dict(STATUSES)


@dataclass
class FakeUser:
    """A Jira account. Cloud shows ``emailAddress`` only when the user's privacy settings allow it
    (``email_visible``); Data Center always does. ``account_type`` ``app`` is an integration's account."""

    handle: str
    account_id: str
    display_name: str
    email: str | None = None  # None: f"{handle}@example.com"
    email_visible: bool = False
    active: bool = True
    account_type: str = "atlassian"

    @property
    def address(self) -> str:
        return self.email or f"{self.handle}@example.com"


@dataclass
class FakeHistory:
    id: int
    author: str | None
    created: datetime
    items: list[dict[str, Any]]


@dataclass
class FakeComment:
    id: int
    author: str | None
    body: str
    created: datetime


@dataclass
class FakeIssue:
    id: int
    key: str
    project: str
    summary: str
    issuetype: str
    status: str
    creator: str | None
    reporter: str | None
    assignee: str | None
    created: datetime
    updated: datetime
    description: str = ""
    labels: list[str] = field(default_factory=list)
    priority: str = "Medium"
    duedate: str | None = None
    parent: str | None = None
    resolutiondate: datetime | None = None
    flagged: bool = False
    blocks: list[str] = field(default_factory=list)
    comments: list[FakeComment] = field(default_factory=list)
    histories: list[FakeHistory] = field(default_factory=list)
    #: mentions are written ``[~@handle]`` in bodies; the server renders them per mode.
    #: test hook: fields replaced verbatim in the rendered payload (e.g. {"creator": None})
    raw_overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class JiraData:
    """Everything the fake serves. Mutate it between syncs to simulate activity."""

    users: dict[str, FakeUser] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)  # key -> name
    leads: dict[str, str] = field(default_factory=dict)  # project key -> user handle
    issues: list[FakeIssue] = field(default_factory=list)
    _next_id: int = 10000

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def issue(self, key: str) -> FakeIssue | None:
        return next((issue for issue in self.issues if issue.key == key), None)

    def add_comment(self, issue: FakeIssue, author: str, body: str, at: datetime) -> FakeComment:
        comment = FakeComment(self.next_id(), author, body, at)
        issue.comments.append(comment)
        issue.updated = max(issue.updated, at)
        return comment

    def change_status(self, issue: FakeIssue, author: str, to: str, at: datetime) -> FakeHistory:
        item = {
            "field": "status",
            "fieldtype": "jira",
            "from": str(STATUSES.index((issue.status, CATEGORY[issue.status])) + 1),
            "fromString": issue.status,
            "to": str(STATUSES.index((to, CATEGORY[to])) + 1),
            "toString": to,
        }
        history = FakeHistory(self.next_id(), author, at, [item])
        issue.histories.append(history)
        issue.status = to
        if CATEGORY[to] == "done":
            issue.resolutiondate = at
        issue.updated = max(issue.updated, at)
        return history

    def set_flag(self, issue: FakeIssue, author: str, flagged: bool, at: datetime) -> None:
        item = {
            "field": "Flagged",
            "fieldtype": "custom",
            "fieldId": FLAGGED_ID,
            "from": None if flagged else "[10019]",
            "fromString": None if flagged else "Impediment",
            "to": "[10019]" if flagged else None,
            "toString": "Impediment" if flagged else None,
        }
        issue.histories.append(FakeHistory(self.next_id(), author, at, [item]))
        issue.flagged = flagged
        issue.updated = max(issue.updated, at)

    def assign(self, issue: FakeIssue, author: str, to: str | None, at: datetime) -> None:
        """An assignee change; ``from``/``to`` hold the mode's user id, filled in by the server."""
        item = {"field": "assignee", "fieldtype": "jira", "from_user": issue.assignee, "to_user": to}
        issue.histories.append(FakeHistory(self.next_id(), author, at, [item]))
        issue.assignee = to
        issue.updated = max(issue.updated, at)


def _user(index: int) -> FakeUser:
    handle = f"user{index:02d}"
    return FakeUser(handle, f"557058:{index:08x}-f00d-4c{index:02x}", f"User {index:02d}")


def build_dataset(
    *,
    seed: int = 1,
    projects: tuple[str, ...] = ("PAY", "WEB"),
    issues: int = 40,
    comments: int = 200,
    status_changes: int = 150,
    heavy_issues: int = 1,
    heavy_size: int = 130,
    retro_issues: int = 2,
    users: int = 8,
) -> JiraData:
    """A deterministic dataset for ``seed``.

    ``issues`` issues spread over ``projects`` (the first is an epic per project, others may be its
    children), ``comments`` comments and ``status_changes`` status changes spread over them (some
    through Blocked, some flagged and unflagged), plus ``heavy_issues`` issues each with ``heavy_size``
    (> 100) comments and status changes, and ``retro_issues`` retrospectives labelled ``retro`` whose
    bodies hold points and action items. Heavy and retro issues count within ``issues``.
    """
    rng = random.Random(seed)
    data = JiraData()
    for index in range(1, users + 1):
        user = _user(index)
        data.users[user.handle] = user
    handles = sorted(data.users)
    for key in projects:
        data.projects[key] = f"Project {key}"
    clock = EPOCH
    per_project = {key: 0 for key in projects}
    epics: dict[str, str] = {}
    for n in range(issues):
        project = projects[n % len(projects)]
        per_project[project] += 1
        clock += timedelta(minutes=rng.randint(3, 50))
        reporter = rng.choice(handles)
        is_epic = project not in epics
        issue = FakeIssue(
            id=data.next_id(),
            key=f"{project}-{per_project[project]}",
            project=project,
            summary=f"Work item {n} of {project}",
            issuetype="Epic" if is_epic else rng.choice(["Story", "Task", "Bug"]),
            status="To Do",
            creator=reporter,
            reporter=reporter,
            assignee=rng.choice([*handles, None]),
            created=clock,
            updated=clock,
            description=f"Please look at item {n}.",
            labels=sorted(rng.sample(["backend", "frontend", "design", "risk"], rng.randint(0, 2))),
            priority=rng.choice(["Low", "Medium", "High"]),
            duedate=(clock + timedelta(days=14)).date().isoformat() if n % 3 == 0 else None,
        )
        if is_epic:
            epics[project] = issue.key
        elif n % 2 == 0:
            issue.parent = epics[project]
        data.issues.append(issue)
    plain = [issue for issue in data.issues if issue.issuetype != "Epic"]
    retros = plain[-retro_issues:] if retro_issues else []
    heavy = plain[:heavy_issues]
    for number, retro in enumerate(retros):
        owner, other = handles[number % len(handles)], handles[-1]
        retro.labels = sorted({*retro.labels, "retro"})
        retro.summary = f"Sprint {number + 1} retrospective"
        retro.description = "\n".join(
            [
                "What went well:",
                "* releases were smooth",
                "* pairing on the payment flow",
                f"- [ ] [~@{owner}] automate the release notes",
                f"- [x] [~@{other}] fix the flaky test",
                "(/) rotate the on-call schedule",
            ]
        )
    if len(data.issues) > 1:
        data.issues[1].blocks = [data.issues[-1].key]

    def when(issue: FakeIssue) -> datetime:
        return max(issue.updated, issue.created) + timedelta(minutes=rng.randint(1, 30))

    for issue in heavy:
        for k in range(heavy_size):
            data.add_comment(issue, rng.choice(handles), f"Heavy discussion point {k}", when(issue))
            data.change_status(
                issue, rng.choice(handles), "Blocked" if k % 2 == 0 else "In Progress", when(issue)
            )
    path = ["In Progress", "Blocked", "In Progress", "In Review", "Done"]
    for _ in range(max(status_changes - heavy_size * len(heavy), 0)):
        issue = rng.choice(plain)
        step = path[(path.index(issue.status) + 1) if issue.status in path[:-1] else 0]
        if issue.status == "Done":
            step = "In Progress"
        data.change_status(issue, rng.choice(handles), step, when(issue))
        if step == "Blocked" and rng.random() < 0.5:
            data.set_flag(issue, rng.choice(handles), True, when(issue))
        elif issue.flagged:
            data.set_flag(issue, rng.choice(handles), False, when(issue))
        if rng.random() < 0.1:
            data.assign(issue, rng.choice(handles), rng.choice(handles), when(issue))
    texts = ["Is this blocked on the API?", "I can pair on this tomorrow.", "Risk: the migration may lock."]
    for _ in range(max(comments - heavy_size * len(heavy), 0)):
        issue = rng.choice(data.issues)
        data.add_comment(issue, rng.choice(handles), rng.choice(texts), when(issue))
    return data
