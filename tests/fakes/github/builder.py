"""A seeded builder of repositories of any size for the fake GitHub.

The same arguments always give the same world (ids, times, texts), so two fakes built alike serve
identical data: what the kill-and-resume and benchmark runs compare against.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .world import FakeRepo, World, bot, user

PEOPLE = ("ada", "grace", "linus", "barbara", "ken", "margaret", "dennis", "frances", "edsger", "radia")
PATHS = ("src/app.py", "src/db.py", "docs/adr/0007-queues.md", ".github/workflows/ci.yml", "README.md")
REVIEW_STATES = ("APPROVED", "CHANGES_REQUESTED", "COMMENTED")
SAYINGS = (
    "Could we rename this for readability?",
    "This will leak the connection on error; close it in a finally block.",
    "Why not use the existing queue here?",
    "Nice, this is much clearer now!",
    "What happens when the list is empty?",
    "Consider an ADR for this design choice.",
)


@dataclass
class RepoSpec:
    """What one generated repository holds; ``heavy`` maps a PR index to its comment/review counts."""

    pulls: int = 20
    issues: int = 5
    reviews: int = 3
    review_comments: int = 4
    comments: int = 4
    heavy: dict[int, tuple[int, int]] = field(default_factory=dict)  # index -> (comments, reviews)
    bots: bool = True
    ghosts: bool = True
    retro: bool = True


def _actor(rng: random.Random, *, avoid: str | None = None) -> dict:
    login = rng.choice([p for p in PEOPLE if p != avoid])
    return user(login)


def build_repo(world: World, full_name: str, spec: RepoSpec, *, seed: int = 7) -> FakeRepo:
    """Fill ``full_name`` with ``spec``'s pull requests, reviews, threads, comments and issues."""
    rng = random.Random(f"{seed}:{full_name}")
    repo = world.add_repo(full_name)
    for index in range(spec.pulls):
        ghost = spec.ghosts and index % 97 == 5
        is_bot = spec.bots and index % 23 == 3
        author = None if ghost else (bot("dependabot") if is_bot else _actor(rng))
        login = (author or {}).get("login")
        paths = rng.sample(PATHS, rng.randint(1, 3))
        pull = world.add_pull(
            repo,
            author,
            title=f"Change {index}",
            body=f"Implements part {index}.",
            paths=paths,
            labels=["deps"] if is_bot else [],
        )
        n_comments, n_reviews = spec.heavy.get(index, (spec.comments, spec.reviews))
        reviews = []
        for _ in range(n_reviews):
            reviewer = _actor(rng, avoid=login)
            reviews.append(world.review(pull, reviewer, rng.choice(REVIEW_STATES), rng.choice(SAYINGS)))
        thread = None
        for position in range(spec.review_comments):
            # Every other inline comment replies in the open thread, so threads have depth.
            opener = position % 2 == 0
            comment_author = _actor(rng) if not (spec.ghosts and index % 31 == 7) else None
            review = reviews[position % len(reviews)] if reviews else None
            made = world.review_comment(
                pull,
                comment_author,
                rng.choice(SAYINGS),
                path=rng.choice(paths),
                thread=None if opener else thread,
                review=review,
            )
            thread = next(t for t in pull["reviewThreads"] if made in t["comments"])
        for _ in range(n_comments):
            commenter = bot("github-actions") if spec.bots and rng.random() < 0.05 else _actor(rng)
            world.comment(pull, commenter, rng.choice(SAYINGS))
        if rng.random() < 0.7:
            world.merge(pull, _actor(rng))
        elif rng.random() < 0.3:
            world.close(pull)
    for index in range(spec.issues):
        issue = world.add_issue(
            repo, _actor(rng), title=f"Problem {index}", body="Steps to reproduce: ...", labels=["bug"]
        )
        for _ in range(rng.randint(0, 3)):
            world.comment(issue, _actor(rng), rng.choice(SAYINGS))
    if spec.retro:
        retro = world.add_issue(
            repo,
            user("grace"),
            title="Sprint 12 retro",
            body="What went well:\n- faster reviews\n\nActions:\n- [ ] @ada automate the release notes\n"
            "- [x] @linus fix the flaky test",
            labels=["retro"],
        )
        world.comment(retro, user("ken"), "The deploy freeze surprised us.")
    return repo


def build_world(
    specs: dict[str, RepoSpec], *, seed: int = 7, token: str = "test-token", ids: str = "github.com"
) -> World:
    """A world with one repository per ``specs`` entry, built in key order; ``ids``: ``github.com`` or
    ``ghes`` (see :class:`World`)."""
    world = World(token, ids=ids)
    for full_name in sorted(specs):
        build_repo(world, full_name, specs[full_name], seed=seed)
    return world
