"""GitHub GraphQL payloads for the demo: pull requests with their reviews and threads, issues, retros.

Nodes carry the field names the GraphQL API returns (``fullDatabaseId``, ``submittedAt``, ``reviewThreads``,
``replyTo``, ``pullRequestReview``, ...) and are turned into events by
:mod:`collectors.normalise.github`, exactly like a real sync. Acts dated at or after the demo anchor
have not happened yet and are dropped, which leaves late pull requests open.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import texts
from .clock import END, gh_time, later, soon
from .org import ACTIONS_BOT, CI_BOT, TEAMS, Person, Team, gh_user

#: Someone who acts on GitHub: a configured person, a raw login (unmapped), a GraphQL author object (a
#: bot), or None (a deleted account).
Actor = Person | str | dict[str, Any] | None


def first_name(actor: Actor) -> str:
    if isinstance(actor, Person):
        return actor.first
    if isinstance(actor, dict):
        return "there"
    return "Zed" if actor and actor.startswith("zed") else ("Lena" if actor else "there")


def level(actor: Actor) -> int:
    return actor.level if isinstance(actor, Person) else 2


def user(actor: Actor) -> dict[str, Any] | None:
    """The GraphQL ``author``; None is how the API reports a deleted account."""
    if actor is None:
        return None
    return actor if isinstance(actor, dict) else gh_user(actor)


def other_team(rng: random.Random, team: Team) -> str:
    return rng.choice([t.name for t in TEAMS if t.name != team.name])


class Ids:
    """Deterministic id allocation, one sequence per kind of node like GitHub's, in the ranges github.com
    hands out in 2026 (all beyond 2^31, as ``fullDatabaseId`` strings carry them); ``offset`` moves every
    sequence, so a second allocator never collides with the first."""

    def __init__(self, offset: int = 0) -> None:
        self._seq = {
            kind: itertools.count(start + offset)
            for kind, start in (
                ("pr", 3_105_000_000),
                ("review", 3_560_000_000),
                ("rc", 2_870_000_000),
                ("comment", 4_010_000_000),
                ("issue", 4_520_000_000),
                ("thread", 1),
            )
        }

    def next(self, kind: str) -> int:
        return next(self._seq[kind])


@dataclass
class PullRequestPlan:
    """What happens to one pull request; :func:`pull_request` turns it into a GraphQL node."""

    author: Actor
    flavour: str  # feature | bugfix | refactor | tooling | adr | rfc | deps
    created: datetime
    reviewers: list[Person]
    first_wait_hours: tuple[float, float] = (0.5, 8.0)
    rounds: int = 1
    closed_unmerged: bool = False
    draft: bool = False
    title_vars: dict[str, Any] = field(default_factory=dict)
    chatter: list[tuple[Actor, str]] = field(default_factory=list)  # (who, text class) conversation


class PullRequestBuilder:
    """Builds one PR node; every act is appended with its time, late acts are dropped at the end."""

    def __init__(self, rng: random.Random, ids: Ids, team: Team, number: int, plan: PullRequestPlan) -> None:
        self.rng, self.ids, self.team, self.number, self.plan = rng, ids, team, number, plan
        self.url = f"https://github.com/{team.repo}/pull/{number}"
        self.reviews: list[dict[str, Any]] = []
        self.threads: list[dict[str, Any]] = []
        self.comments: list[dict[str, Any]] = []
        self.paths = self._paths()
        # What the pull request is about (its title's module, noun, function and variable), drawn from
        # a stream of its own: the demo's other random choices stay as they were.
        self.words = random.Random(f"{team.repo}#{number}:{plan.created.isoformat()}")
        self.topic = texts.context(self.words, team, "", "")

    # -- pieces --------------------------------------------------------------------------------

    def _ctx(self, addressee: Actor) -> dict[str, str]:
        """Words for one comment to ``addressee``: the pull request's module and noun, and mostly its
        function and variable too (sometimes another one the diff touches)."""
        fresh = texts.context(self.rng, self.team, first_name(addressee), other_team(self.rng, self.team))
        kept = ("module", "noun") if self.words.random() < 0.3 else ("module", "noun", "fn", "var")
        return fresh | {key: self.topic[key] for key in kept}

    def _paths(self) -> list[str]:
        rng, plan, team = self.rng, self.plan, self.team
        slug = plan.title_vars.get("slug", "decision")
        ext = "tsx" if team.name == "web" else "py"
        if plan.flavour == "adr":
            return [f"docs/adr/{plan.title_vars.get('n', 1):04d}-{slug}.md", "docs/adr/README.md"]
        if plan.flavour == "rfc":
            return [f"rfcs/{plan.title_vars.get('n', 1):04d}-{slug}.md"]
        if plan.flavour == "tooling":
            pool = [
                ".github/workflows/ci.yml",
                "Makefile",
                "scripts/release.sh",
                ".pre-commit-config.yaml",
                "CONTRIBUTING.md",
                ".github/workflows/deploy.yml",
            ]
            return sorted(rng.sample(pool, rng.randint(1, 3)))
        if plan.flavour == "deps":
            return ["package-lock.json", "package.json"] if ext == "tsx" else ["requirements.txt"]
        modules = rng.sample(team.modules, rng.randint(1, 2))
        files = {f"src/{m}/{rng.choice(texts.FUNCS).split('_')[-1]}.{ext}" for m in modules}
        files |= {f"tests/{m}/test_{m}.py" for m in modules if rng.random() < 0.7}
        return sorted(files)

    def _comment(self, actor: Actor, body: str, at: datetime, kind: str = "comment") -> dict[str, Any]:
        database_id = self.ids.next("rc" if kind == "rc" else "comment")
        anchor = f"discussion_r{database_id}" if kind == "rc" else f"issuecomment-{database_id}"
        return {
            "fullDatabaseId": str(database_id),
            "author": user(actor),
            "body": body,
            "createdAt": gh_time(at),
            "url": f"{self.url}#{anchor}",
        }

    def _review(self, actor: Actor, state: str, body: str, at: datetime) -> dict[str, Any]:
        database_id = self.ids.next("review")
        review = {
            "fullDatabaseId": str(database_id),
            "author": user(actor),
            "state": state,
            "body": body,
            "submittedAt": gh_time(at),
            "url": f"{self.url}#pullrequestreview-{database_id}",
        }
        self.reviews.append(review)
        return review

    def _classes(self, reviewer: Person, state: str, count: int) -> list[str]:
        mentoring = reviewer.level - level(self.plan.author) >= 2
        weights = (
            {
                "suggestion": 3,
                "explain": 3,
                "praise": 2,
                "maintainability": 2,
                "defect": 1,
                "design": 1,
                "question": 1,
            }
            if mentoring
            else {
                "defect": 3,
                "maintainability": 3,
                "design": 2,
                "question": 2,
                "suggestion": 1,
                "praise": 1,
                "risk": 0.5,
            }
        )
        classes = self.rng.choices(list(weights), weights=list(weights.values()), k=count)
        if state == "CHANGES_REQUESTED" and not {"defect", "maintainability"} & set(classes):
            classes[0] = "defect"
        return classes

    def _review_round(self, reviewer: Person, at: datetime, state: str) -> datetime:
        """One submitted review with its inline threads and the author's replies; returns the last act."""
        rng, author = self.rng, self.plan.author
        count = 0 if state == "APPROVED" and rng.random() < 0.6 else rng.randint(1, 4)
        classes = self._classes(reviewer, state, count)
        review = self._review(reviewer, state, texts.review_body(rng, state, self._ctx(author)), at)
        # The author answers all threads in one go (one review), and so does the reviewer's follow-up.
        reply_at = later(rng, at, 0.3, 6)
        follow_at = later(rng, reply_at, 0.2, 4)
        batches: dict[str, dict[str, Any]] = {}
        last = at
        for text_class in classes:
            path = rng.choice(self.paths)
            ctx = self._ctx(author)
            said, answer = self._exchange(text_class, ctx, reviewer)
            first = self._comment(reviewer, said, at, "rc")
            first |= {
                "path": path,
                "replyTo": None,
                "pullRequestReview": {"fullDatabaseId": review["fullDatabaseId"]},
            }
            thread = {
                "id": f"PRRT_kwDOdemo{self.ids.next('thread'):07d}",
                "path": path,
                "comments": {"nodes": [first]},
            }
            self.threads.append(thread)
            if text_class == "praise" and rng.random() < 0.7:
                continue
            self._reply(thread, author, answer, reply_at, batches, "author")
            last = max(last, reply_at)
            if text_class in ("design", "defect") and rng.random() < 0.35:  # the reviewer closes it
                self._reply(
                    thread, reviewer, texts.reply(rng, "closing", ctx), follow_at, batches, "reviewer"
                )
                last = max(last, follow_at)
        return last

    def _exchange(self, text_class: str, ctx: dict[str, str], by: Actor) -> tuple[str, str]:
        """A comment of ``text_class`` by ``by`` to the author, and the author's reply that fits it."""
        if text_class == "question":
            return texts.ask(self.rng, ctx, first_name(self.plan.author))
        if text_class == "risk":
            return texts.raise_risk(self.rng, ctx)
        said = texts.say(self.rng, text_class, ctx)
        if text_class not in texts.REPLIES:  # a status update: nobody needs to answer it
            return said, ""
        return said, texts.reply(self.rng, text_class, ctx | {"name": first_name(by)})

    def _reply(
        self,
        thread: dict[str, Any],
        actor: Actor,
        body: str,
        at: datetime,
        batches: dict[str, dict[str, Any]],
        batch: str,
    ) -> None:
        """A reply in a thread. On GitHub replies belong to a review too: an empty COMMENTED one, shared
        by all replies ``actor`` submits together (``batch``)."""
        nodes = thread["comments"]["nodes"]
        if batch not in batches:
            batches[batch] = self._review(actor, "COMMENTED", "", at)
        review = batches[batch]
        reply = self._comment(actor, body, at, "rc")
        reply |= {
            "path": thread["path"],
            "replyTo": {"fullDatabaseId": nodes[-1]["fullDatabaseId"]},
            "pullRequestReview": {"fullDatabaseId": review["fullDatabaseId"]},
        }
        nodes.append(reply)

    # -- the story -----------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        """Bots within minutes, review rounds from the first response on, conversation, then the merge."""
        rng, plan = self.rng, self.plan
        created = plan.created
        if plan.flavour != "adr" and rng.random() < 0.85:
            body = rng.choice(
                ("✅ build #{n} passed in {m} min", "❌ build #{n} failed: 1 flaky test, re-run")
            )
            self.comments.append(
                self._comment(
                    CI_BOT,
                    body.format(n=rng.randint(4000, 9999), m=rng.randint(3, 14)),
                    soon(rng, created, 1, 4),
                )
            )
        if plan.flavour in ("tooling", "deps"):
            checks = (
                "actionlint: no problems found"
                if plan.flavour == "tooling"
                else "Dependency review: no vulnerable packages"
            )
            self.comments.append(self._comment(ACTIONS_BOT, checks, soon(rng, created, 2, 6)))
        at = later(rng, created, *plan.first_wait_hours)
        first_response = last = at
        for index, reviewer in enumerate(plan.reviewers):
            rounds = plan.rounds if index == 0 else 1
            for round_no in range(rounds):
                final = round_no == rounds - 1
                if final:
                    state = "APPROVED" if index == 0 or rng.random() < 0.6 else "COMMENTED"
                else:
                    state = rng.choice(("CHANGES_REQUESTED", "COMMENTED"))
                last = max(last, self._review_round(reviewer, at, state))
                at = later(rng, last, 0.5, 10)
        for who, text_class in plan.chatter:
            # Conversation starts once someone has responded, so a planned long wait stays long.
            when = later(rng, first_response, 0.5, 30)
            said, answer = self._exchange(text_class, self._ctx(plan.author), who)
            self.comments.append(self._comment(who, said, when))
            # the author answers questions and risks, and often takes up a design point
            answers = text_class in ("question", "risk") or (text_class == "design" and rng.random() < 0.4)
            if answers and who is not plan.author:
                self.comments.append(self._comment(plan.author, answer, later(rng, when, 0.2, 5)))
        done_at = later(rng, last, 0.2, 6)
        return self._node(done_at)

    def _node(self, done_at: datetime) -> dict[str, Any]:
        plan, rng = self.plan, self.rng
        reviews = [r for r in self.reviews if r["submittedAt"] < gh_time(END)]
        for thread in self.threads:
            thread["comments"]["nodes"] = [
                c for c in thread["comments"]["nodes"] if c["createdAt"] < gh_time(END)
            ]
        threads = [t for t in self.threads if t["comments"]["nodes"]]
        comments = sorted(
            (c for c in self.comments if c["createdAt"] < gh_time(END)), key=lambda c: c["createdAt"]
        )
        finished = done_at < END and not plan.draft
        merged = finished and not plan.closed_unmerged
        approvers = [r["author"] for r in reviews if r["state"] == "APPROVED"]
        merger = approvers[-1] if approvers and plan.flavour == "deps" else user(plan.author)
        stamps = [r["submittedAt"] for r in reviews] + [c["createdAt"] for c in comments]
        title, body = self._title_body()
        return {
            "fullDatabaseId": str(self.ids.next("pr")),
            "number": self.number,
            "title": title,
            "body": body,
            "url": self.url,
            "createdAt": gh_time(plan.created),
            "updatedAt": max([gh_time(plan.created), *stamps, *([gh_time(done_at)] if finished else [])]),
            "mergedAt": gh_time(done_at) if merged else None,
            "closedAt": gh_time(done_at) if finished else None,
            "state": "MERGED" if merged else ("CLOSED" if finished else "OPEN"),
            "isDraft": plan.draft,
            "author": user(plan.author),
            "mergedBy": merger if merged else None,
            "additions": rng.randint(3, 420),
            "deletions": rng.randint(0, 180),
            "labels": {"nodes": [{"name": name} for name in self._labels()]},
            "files": {"nodes": [{"path": path} for path in self.paths]},
            "reviews": {"nodes": reviews},
            "reviewThreads": {"nodes": threads},
            "comments": {"nodes": comments},
        }

    def _labels(self) -> list[str]:
        return {
            "adr": ["adr", "architecture"],
            "rfc": ["rfc"],
            "tooling": ["tooling"],
            "deps": ["dependencies"],
            "bugfix": ["bug"],
        }.get(self.plan.flavour, [])

    def _title_body(self) -> tuple[str, str]:
        rng, plan = self.rng, self.plan
        ctx = self._ctx(plan.author) | {"n": 1, "title": "", "package": "", "old": "", "new": ""}
        ctx |= {key: self.topic[key] for key in ("module", "noun", "fn", "var")}
        ctx |= plan.title_vars
        title = rng.choice(texts.PR_TITLES[plan.flavour]).format(**ctx)
        if plan.flavour in ("adr", "rfc"):
            body = (
                f"## Context\nThe {ctx['noun']} has outgrown its current shape.\n\n## Decision\n"
                f"{ctx['title']}.\n\n## Consequences\nEasier to test; one more moving part to run."
            )
        elif plan.flavour == "deps":
            body = f"Bumps {ctx['package']} from {ctx['old']} to {ctx['new']}.\n\nRelease notes inside."
        else:
            body = f"{title}.\n\nCloses {ctx['ticket']}.\n\n- [x] tests\n- [ ] docs"
        return title, body


def pull_request(
    rng: random.Random, ids: Ids, team: Team, number: int, plan: PullRequestPlan
) -> dict[str, Any]:
    """The GraphQL ``PullRequest`` node of ``plan``, numbered ``number`` in ``team``'s repository."""
    return PullRequestBuilder(rng, ids, team, number, plan).build()


def issue(
    rng: random.Random,
    ids: Ids,
    team: Team,
    number: int,
    *,
    author: Actor,
    created: datetime,
    title: str,
    body: str,
    labels: list[str],
    replies: list[tuple[Actor, str, datetime]],
    closed_at: datetime | None = None,
) -> dict[str, Any]:
    """A GraphQL ``Issue`` node with conversation ``replies`` given as (who, body, when)."""
    url = f"https://github.com/{team.repo}/issues/{number}"
    comments = []
    for who, text, when in sorted(replies, key=lambda r: r[2]):
        if when >= END:
            continue
        database_id = ids.next("comment")
        comments.append(
            {
                "fullDatabaseId": str(database_id),
                "author": user(who),
                "body": text,
                "createdAt": gh_time(when),
                "url": f"{url}#issuecomment-{database_id}",
            }
        )
    closed = closed_at is not None and closed_at < END
    stamps = [c["createdAt"] for c in comments] + ([gh_time(closed_at)] if closed and closed_at else [])
    return {
        "fullDatabaseId": str(ids.next("issue")),
        "number": number,
        "title": title,
        "body": body,
        "url": url,
        "createdAt": gh_time(created),
        "updatedAt": max([gh_time(created), *stamps]),
        "closedAt": gh_time(closed_at) if closed and closed_at else None,
        "state": "CLOSED" if closed else "OPEN",
        "author": user(author),
        "labels": {"nodes": [{"name": name} for name in labels]},
        "comments": {"nodes": comments},
    }
