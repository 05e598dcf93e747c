"""A small builder of events for scenario tests, shaped exactly as the normalisers make them.

People are named by login (``"ada"``); the builder writes ``github:ada`` / ``jira:ada`` itself and keeps
each item's author so targets come out as the normalisers set them. Times are hours after :data:`T0`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from collectors.config import Config, parse_config
from collectors.events import Event

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
JIRA_URL = "https://acme.atlassian.net"


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def gh(login: str | None) -> str | None:
    return f"github:{login}" if login else None


def jr(user: str | None) -> str | None:
    return f"jira:{user}" if user else None


def config(**overrides: Any) -> Config:
    """Two teams (payments owns acme/payments and PAY, web owns acme/web and WEB) and five people:
    ada (payments, 4), bob (payments, 2), cy (web, 3), dee (web, 1), finn (payments, no level)."""
    data: dict[str, Any] = {
        "teams": [
            {"name": "payments", "repos": ["acme/payments"], "jira_projects": ["PAY"]},
            {"name": "web", "repos": ["acme/web"], "jira_projects": ["WEB"]},
        ],
        "people": [
            {"id": "ada", "name": "Ada L", "team": "payments", "level": 4, "github": ["Ada"], "jira": ["ada"],
             "emails": ["ada.lovelace@acme.com"]},
            {"id": "bob", "team": "payments", "level": 2, "github": ["bob"], "jira": ["bob"]},
            {"id": "cy", "team": "web", "level": 3, "github": ["cy"], "jira": ["cy"]},
            {"id": "dee", "team": "web", "level": 1, "github": ["dee"], "jira": ["dee"]},
            {"id": "finn", "team": "payments", "github": ["finn"], "jira": ["finn"]},
        ],
    }  # fmt: skip
    data.update(overrides)
    return parse_config(data)


class World:
    """Collects events; each method adds one act and returns its event id (or the item it opened)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._authors: dict[str, str | None] = {}
        self._assignees: dict[str, str | None] = {}
        self._issues: set[str] = set()
        self._next = 1000

    def _id(self) -> int:
        self._next += 1
        return self._next

    def _add(self, event: Event) -> str:
        self.events.append(event)
        return event.event_id

    # -- GitHub ------------------------------------------------------------------------------------

    def pr(
        self,
        author: str,
        number: int,
        *,
        repo: str = "acme/payments",
        hours: float = 0,
        paths: Iterable[str] = ("src/app.py",),
        merged_at: float | None = None,
        state: str | None = None,
        draft: bool = False,
        labels: Iterable[str] = (),
    ) -> str:
        item = f"{repo}#{number}"
        self._authors[item] = gh(author)
        merged = at(merged_at).isoformat() if merged_at is not None else None
        state = state or ("MERGED" if merged else "OPEN")
        attrs = {"number": number, "title": f"PR {number}", "state": state,
                 "draft": draft, "merged_at": merged, "merged_by": None, "closed_at": merged,
                 "updated_at": None, "labels": sorted(labels), "paths": sorted(paths),
                 "additions": 10, "deletions": 2}  # fmt: skip
        self._add(self._gh("pull_request", author, None, repo, item, hours, None, attrs))
        return item

    def _gh(self, kind: str, actor: str | None, target: str | None, repo: str, item: str, hours: float,
            text: str | None, attrs: dict[str, Any]) -> Event:  # fmt: skip
        number = self._id()
        url = f"https://github.com/{item.replace('#', '/pull/')}#{kind}-{number}"
        return Event(f"github:{kind}:{number}", "github", kind, gh(actor), target, repo, item, at(hours),
                     url, text, attrs)  # fmt: skip

    def review(
        self, item: str, by: str, hours: float, state: str = "APPROVED", text: str | None = None
    ) -> str:
        repo, number = item.split("#")
        attrs = {"state": state, "pr_number": int(number)}
        return self._add(self._gh("review", by, self._authors[item], repo, item, hours, text, attrs))

    def review_comment(
        self, item: str, by: str, hours: float, text: str, thread: str = "T1", review: str | None = None
    ) -> str:
        repo, number = item.split("#")
        attrs = {"path": "src/app.py", "thread_id": thread, "in_reply_to": None, "review_id": review,
                 "pr_number": int(number)}  # fmt: skip
        return self._add(self._gh("review_comment", by, self._authors[item], repo, item, hours, text, attrs))

    def comment(self, item: str, by: str, hours: float, text: str) -> str:
        repo, number = item.split("#")
        on = "issue" if item in self._issues else "pull_request"
        attrs = {"on": on, "number": int(number)}
        return self._add(self._gh("comment", by, self._authors[item], repo, item, hours, text, attrs))

    def issue(self, author: str, number: int, *, repo: str = "acme/payments", hours: float = 0,
              title: str = "An issue", body: str = "", labels: Iterable[str] = ()) -> str:  # fmt: skip
        item = f"{repo}#{number}"
        self._issues.add(item)
        self._authors[item] = gh(author)
        attrs = {"number": number, "title": title, "state": "OPEN", "closed_at": None, "updated_at": None,
                 "labels": sorted(labels)}  # fmt: skip
        self._add(self._gh("issue", author, None, repo, item, hours, body, attrs))
        return item

    # -- Jira --------------------------------------------------------------------------------------

    def jira_issue(
        self,
        key: str,
        creator: str,
        *,
        hours: float = 0,
        assignee: str | None = None,
        type: str = "Story",
        status: str = "To Do",
        category: str = "new",
        labels: Iterable[str] = (),
        summary: str = "A story",
        body: str = "",
        flags: Iterable[tuple[float, str, bool]] = (),
    ) -> str:
        self._authors[key] = jr(creator)
        self._assignees[key] = jr(assignee)
        attrs = {"key": key, "summary": summary, "type": type, "status": status, "status_category": category,
                 "priority": "Medium", "labels": sorted(labels), "assignee": jr(assignee),
                 "reporter": jr(creator), "due": None, "parent": None, "epic": None, "resolved_at": None,
                 "updated_at": None, "flagged": False, "blocks": [],
                 "flag_changes": [{"at": at(h).isoformat(), "by": jr(by), "set": s} for h, by, s in flags],
                 "assignee_changes": []}  # fmt: skip
        return self._add(self._jira("issue", "jira_issue", creator, jr(assignee), key, hours, body, attrs))

    def _jira(self, id_kind: str, kind: str, actor: str | None, target: str | None, key: str, hours: float,
              text: str | None, attrs: dict[str, Any]) -> Event:  # fmt: skip
        number = self._id()
        return Event(f"jira:{id_kind}:{number}", "jira", kind, jr(actor), target, key.split("-")[0], key,
                     at(hours), f"{JIRA_URL}/browse/{key}?n={number}", text, attrs)  # fmt: skip

    def jira_comment(self, key: str, by: str, hours: float, text: str) -> str:
        target = self._assignees[key] or self._authors[key]
        return self._add(self._jira("comment", "jira_comment", by, target, key, hours, text, {"key": key}))

    def status(self, key: str, by: str, hours: float, frm: str, to: str) -> str:
        attrs = {"key": key, "from": frm, "to": to}
        target = self._assignees[key]
        return self._add(
            self._jira("status_change", "jira_status_change", by, target, key, hours, None, attrs)
        )

    # -- retros --------------------------------------------------------------------------------------

    def retro(self, facilitator: str, number: int, *, repo: str = "acme/payments", hours: float = 0) -> str:
        item = f"{repo}#{number}"
        self._authors[item] = gh(facilitator)
        attrs = {"number": number, "title": "Retro", "state": "OPEN", "closed_at": None, "labels": ["retro"]}
        self._add(self._gh("retro_note", facilitator, None, repo, item, hours, "", attrs))
        return item

    def retro_item(self, item: str, by: str, hours: float, text: str = "deploys are slow") -> str:
        repo = item.split("#")[0]
        attrs = {"retro": "github:retro_note:1", "from": "comment"}
        return self._add(self._gh("retro_item", by, self._authors[item], repo, item, hours, text, attrs))

    def retro_action(self, item: str, by: str, hours: float, owner: str | None, done: bool) -> str:
        repo = item.split("#")[0]
        attrs = {"retro": "github:retro_note:1", "from": "body", "owner": gh(owner), "done": done}
        return self._add(
            self._gh("retro_action", by, self._authors[item], repo, item, hours, "fix CI", attrs)
        )

    # -- output --------------------------------------------------------------------------------------

    def frame(self) -> pd.DataFrame:
        """The events as :meth:`Store.events` returns them (ordered by time then id)."""
        rows = [event.as_row() for event in self.events]
        frame = pd.DataFrame(rows)
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return frame.sort_values(["created_at", "event_id"], ignore_index=True)


def evidence_of(metrics: Any, rule: str) -> pd.DataFrame:
    """The evidence rows one rule matched: its own, and those it was merged into (one act counts once
    per behaviour: ``rules`` lists every rule of the row)."""
    matched = metrics.evidence["rules"].str.split(", ").map(lambda ids: rule in ids)
    return metrics.evidence[matched.to_numpy(dtype=bool)].reset_index(drop=True)


# Texts the classifier reliably puts in one class (checked by tests/metrics/test_builders_texts.py).
DEFECT = "This leaks the connection when the request fails."
QUESTION = "Why do we need this?"
PRAISE = "Nice work, this is really clean!"
MENTOR = "Consider a context manager here because the pool is never closed otherwise."
DESIGN = "I think a different design would be better: move this into a separate service instead of a flag."
MAINTAIN = "Rename this variable to user_id, the name is confusing."
RISK = "There is a risk of regression for existing tokens."
STATUS = "Update: deployed to staging, next steps are the migration."
PLAIN = "See you at standup tomorrow"
ANSWER = "It is needed because the token expires after an hour, so the retry must refresh it first."


def run(world: World, **overrides: Any) -> Any:
    """:func:`metrics.engine.compute` of the world's events under :func:`config` with ``overrides``."""
    from metrics.engine import compute

    return compute(world.frame(), config(**overrides))


def rows(metrics: Any, rule: str) -> list[tuple[str, str]]:
    """``(person, reason)`` of one rule's evidence, in evidence order."""
    found = evidence_of(metrics, rule)
    return list(zip(found["person"], found["reason"], strict=True))
