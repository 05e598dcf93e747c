"""The fake GitHub's data: repositories of pull requests and issues, shaped like GraphQL objects.

Every object is a dict keyed by GitHub's GraphQL field names with a ``__typename``; a connection field
(``reviews``, ``comments``, ...) holds a plain list that the executor pages through.

Ids are what github.com hands out today and stable for a given build: one sequence per type, each in its
own range (:data:`GITHUB_COM_IDS`, calibrated on public REST payloads of 2025: pull request 2261445415,
issue 3326107606, comment links like ``#issuecomment-3301970697``), rising by uneven steps as on a shared
table. ``databaseId`` holds the int, which GraphQL's 32-bit ``Int`` cannot carry beyond 2^31 - 1 (the
executor answers such a field with ``null`` and an error, as GitHub does); ``fullDatabaseId`` holds the
same number as the JSON string GitHub serialises ``BigInt`` to. Review comment ids start just below
2^31, so one pull request can mix comments whose ``databaseId`` still works with ones whose does not.
``ids="ghes"`` gives the small per-type sequences of a young GitHub Enterprise Server instead.
"""

from __future__ import annotations

import base64
import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .org import OrgDirectory

GITHUB_WEB = "https://github.com"
INT32_MAX = 2**31 - 1

#: First id of each type on github.com (prefix of its node id -> first ``databaseId``).
GITHUB_COM_IDS: dict[str, int] = {
    "R": 905_112_344,  # repositories are still below 2^31
    "PR": 2_261_445_415,
    "I": 2_770_118_031,
    "IC": 2_570_301_877,
    "PRR": 2_530_962_213,
    "PRRC": INT32_MAX - 90_000,  # review comments cross 2^31 inside a generated world
    "PRRT": 1_400_000_000,  # threads have no database id in GraphQL; only their node id uses it
    "U": 151_000_000,  # user accounts
    "T": 12_400_000,  # org teams
}
#: A young GitHub Enterprise Server: every table counts from 1.
GHES_IDS: dict[str, int] = dict.fromkeys(GITHUB_COM_IDS, 1)


def iso(moment: datetime) -> str:
    """GitHub's DateTime form: UTC, seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def user(login: str) -> dict[str, Any]:
    return {"__typename": "User", "login": login}


def bot(name: str) -> dict[str, Any]:
    """GraphQL names a bot without the ``[bot]`` suffix REST gives it."""
    return {"__typename": "Bot", "login": name}


@dataclass
class FakeRepo:
    owner: str
    name: str
    database_id: int
    node_id: str
    pulls: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def graphql(self, *_: Any, **__: Any) -> dict[str, Any]:
        """The GraphQL object; also the resolver of an item's ``repository`` field."""
        return {
            "__typename": "Repository",
            "id": self.node_id,
            "databaseId": self.database_id,
            "name": self.name,
            "nameWithOwner": self.full_name,
            "isArchived": False,
            "pullRequests": self.pulls,
            "issues": self.issues,
        }

    def rest(self, base: str) -> dict[str, Any]:
        """The REST representation (``GET /repos/{o}/{r}`` and list items)."""
        return {
            "id": self.database_id,
            "node_id": self.node_id,
            "name": self.name,
            "full_name": self.full_name,
            "private": False,
            "archived": False,
            "owner": {"login": self.owner, "type": "Organization"},
            "html_url": f"{GITHUB_WEB}/{self.full_name}",
            "url": f"{base}/repos/{self.full_name}",
        }


class World:
    """Everything the fake serves. Mutate only through its methods (they hold :attr:`lock`)."""

    def __init__(
        self, token: str = "test-token", *, start: datetime | None = None, ids: str = "github.com"
    ) -> None:
        self.token = token
        self.viewer = "octocat"
        self.repos: dict[str, FakeRepo] = {}
        self.orgs: dict[str, list[str]] = {}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.lock = threading.RLock()
        bases = GITHUB_COM_IDS if ids == "github.com" else GHES_IDS
        self._ids = {prefix: itertools.count() for prefix in bases}
        self._next_id = dict(bases)
        self.clock = start or datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
        self.directory = OrgDirectory(self)  # profiles, teams, the token's scopes

    # -- ids and time -----------------------------------------------------------------------------

    def new_ids(self, prefix: str) -> tuple[int, str]:
        """The next ``(databaseId, node id)`` of a type; steps of 1 to ~1,500, as other repositories'
        objects take the numbers in between (deterministic, so worlds built alike are identical)."""
        database_id = self._next_id[prefix]
        self._next_id[prefix] += 1 + (next(self._ids[prefix]) * 2_654_435_761) % 1_499
        raw = f"0:{prefix}{database_id}".encode()
        return database_id, f"{prefix}_kw{base64.urlsafe_b64encode(raw).decode().rstrip('=')}"

    def tick(self, minutes: float = 7) -> str:
        """Advance the world's clock and return the new time; every act happens at a distinct time."""
        self.clock += timedelta(minutes=minutes)
        return iso(self.clock)

    def register(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.nodes[obj["id"]] = obj
        return obj

    # -- repositories -----------------------------------------------------------------------------

    def add_repo(self, full_name: str, *, org: bool = True) -> FakeRepo:
        with self.lock:
            owner, name = full_name.split("/")
            database_id, node_id = self.new_ids("R")
            repo = FakeRepo(owner, name, database_id, node_id)
            self.repos[full_name.lower()] = repo
            if org:
                self.orgs.setdefault(owner.lower(), []).append(full_name)
            return repo

    def repo(self, full_name: str) -> FakeRepo | None:
        return self.repos.get(full_name.lower())

    def items(self) -> list[dict[str, Any]]:
        """Every pull request and issue, repository by repository."""
        return [item for repo in self.repos.values() for item in (*repo.pulls, *repo.issues)]

    def actor_logins(self) -> set[str]:
        """Lower-case logins of everyone who authored, reviewed, commented or was assigned."""
        found: set[str] = set()
        for item in self.items():
            people = [item.get("author"), *(c.get("author") for c in item["comments"])]
            people += [r.get("author") for r in item.get("reviews", [])]
            people += [c.get("author") for t in item.get("reviewThreads", []) for c in t["comments"]]
            people += item.get("assignees", [])
            found |= {p["login"].lower() for p in people if p and p.get("__typename") == "User"}
        return found

    # -- items ------------------------------------------------------------------------------------

    def _url(self, repo: FakeRepo, kind: str, number: int, anchor: str = "") -> str:
        return f"{GITHUB_WEB}/{repo.full_name}/{kind}/{number}{anchor}"

    def add_pull(
        self,
        repo: FakeRepo,
        author: dict[str, Any] | None,
        *,
        title: str = "A change",
        body: str = "",
        paths: list[str] | None = None,
        labels: list[str] | None = None,
    ) -> dict[str, Any]:
        with self.lock:
            database_id, node_id = self.new_ids("PR")
            number = len(repo.pulls) + len(repo.issues) + 1
            created = self.tick()
            pull = self.register(
                {
                    "__typename": "PullRequest",
                    "id": node_id,
                    "databaseId": database_id,
                    "fullDatabaseId": str(database_id),
                    "number": number,
                    "title": title,
                    "body": body,
                    "url": self._url(repo, "pull", number),
                    "createdAt": created,
                    "updatedAt": created,
                    "closedAt": None,
                    "mergedAt": None,
                    "state": "OPEN",
                    "isDraft": False,
                    "additions": 10 * len(paths or ["x"]),
                    "deletions": 3,
                    "author": author,
                    "mergedBy": None,
                    "labels": [{"__typename": "Label", "name": name} for name in labels or []],
                    "files": [{"__typename": "PullRequestChangedFile", "path": p} for p in paths or []],
                    "reviews": [],
                    "reviewThreads": [],
                    "comments": [],
                    "repository": repo.graphql,
                    "_repo": repo.full_name,
                }
            )
            repo.pulls.append(pull)
            return pull

    def add_issue(
        self,
        repo: FakeRepo,
        author: dict[str, Any] | None,
        *,
        title: str = "A problem",
        body: str = "",
        labels: list[str] | None = None,
    ) -> dict[str, Any]:
        with self.lock:
            database_id, node_id = self.new_ids("I")
            number = len(repo.pulls) + len(repo.issues) + 1
            created = self.tick()
            issue = self.register(
                {
                    "__typename": "Issue",
                    "id": node_id,
                    "databaseId": database_id,
                    "fullDatabaseId": str(database_id),
                    "number": number,
                    "title": title,
                    "body": body,
                    "url": self._url(repo, "issues", number),
                    "createdAt": created,
                    "updatedAt": created,
                    "closedAt": None,
                    "state": "OPEN",
                    "author": author,
                    "labels": [{"__typename": "Label", "name": name} for name in labels or []],
                    "comments": [],
                    "repository": repo.graphql,
                    "_repo": repo.full_name,
                }
            )
            repo.issues.append(issue)
            return issue

    def delete_comment(self, item: dict[str, Any], comment: dict[str, Any]) -> None:
        """Delete a conversation comment, as its author may; the item's ``updatedAt`` moves."""
        with self.lock:
            item["comments"].remove(comment)
            self.nodes.pop(comment["id"], None)
            item["updatedAt"] = self.tick(1)

    def add_label(self, item: dict[str, Any], name: str) -> None:
        """Label a pull request or an issue; its ``updatedAt`` moves."""
        with self.lock:
            item["labels"].append({"__typename": "Label", "name": name})
            item["updatedAt"] = self.tick(1)

    def comment(self, item: dict[str, Any], author: dict[str, Any] | None, body: str) -> dict[str, Any]:
        """A conversation comment on a pull request or an issue; the item's ``updatedAt`` moves."""
        with self.lock:
            database_id, node_id = self.new_ids("IC")
            created = self.tick(1)
            comment = self.register(
                {
                    "__typename": "IssueComment",
                    "id": node_id,
                    "databaseId": database_id,
                    "fullDatabaseId": str(database_id),
                    "author": author,
                    "body": body,
                    "createdAt": created,
                    "updatedAt": created,
                    "url": f"{item['url']}#issuecomment-{database_id}",
                }
            )
            item["comments"].append(comment)
            item["updatedAt"] = created
            return comment

    def review(
        self, pull: dict[str, Any], author: dict[str, Any] | None, state: str, body: str = ""
    ) -> dict[str, Any]:
        with self.lock:
            database_id, node_id = self.new_ids("PRR")
            created = self.tick(1)
            review = self.register(
                {
                    "__typename": "PullRequestReview",
                    "id": node_id,
                    "databaseId": database_id,
                    "fullDatabaseId": str(database_id),
                    "author": author,
                    "state": state,
                    "body": body,
                    "createdAt": created,
                    "submittedAt": None if state == "PENDING" else created,
                    "url": f"{pull['url']}#pullrequestreview-{database_id}",
                }
            )
            pull["reviews"].append(review)
            pull["updatedAt"] = created
            return review

    def review_comment(
        self,
        pull: dict[str, Any],
        author: dict[str, Any] | None,
        body: str,
        *,
        path: str = "src/app.py",
        thread: dict[str, Any] | None = None,
        review: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An inline comment; without ``thread`` it opens a new thread, with it it replies to the last one."""
        with self.lock:
            if thread is None:
                _, thread_id = self.new_ids("PRRT")
                thread = self.register(
                    {
                        "__typename": "PullRequestReviewThread",
                        "id": thread_id,
                        "isResolved": False,
                        "path": path,
                        "comments": [],
                    }
                )
                pull["reviewThreads"].append(thread)
            database_id, node_id = self.new_ids("PRRC")
            created = self.tick(1)
            previous = thread["comments"][-1] if thread["comments"] else None
            comment = self.register(
                {
                    "__typename": "PullRequestReviewComment",
                    "id": node_id,
                    "databaseId": database_id,
                    "fullDatabaseId": str(database_id),
                    "author": author,
                    "body": body,
                    "createdAt": created,
                    "updatedAt": created,
                    "path": thread["path"],
                    "url": f"{pull['url']}#discussion_r{database_id}",
                    "replyTo": None if previous is None else previous,
                    "pullRequestReview": review,
                }
            )
            thread["comments"].append(comment)
            pull["updatedAt"] = created
            return comment

    def assign(self, item: dict[str, Any], login: str) -> None:
        """Assign ``login`` to a pull request or an issue; its ``updatedAt`` moves."""
        with self.lock:
            item.setdefault("assignees", []).append({"__typename": "User", "login": login})
            item["updatedAt"] = self.tick(1)

    def merge(self, pull: dict[str, Any], by: dict[str, Any] | None) -> None:
        with self.lock:
            when = self.tick(1)
            pull.update(state="MERGED", mergedAt=when, closedAt=when, mergedBy=by, updatedAt=when)

    def close(self, item: dict[str, Any]) -> None:
        with self.lock:
            when = self.tick(1)
            item.update(state="CLOSED", closedAt=when, updatedAt=when)
