"""What happens in each team's GitHub repository over the six months: everyday work and the stories.

Everyday work: every person opens pull requests at a pace that fits their level, reviewed mostly by
teammates (seniors review more), sometimes by another team; issues are reported and answered; the
CI bot comments within minutes. Deliberate stories, present whatever the seed:

* juniors' pull requests that waited well over a day until a senior of another team reviewed them;
* ADRs under ``docs/adr/`` and RFCs under ``rfcs/`` by seniors, discussed across teams;
* tooling changes (``.github/workflows/``, ``Makefile``), more of them from platform;
* Dependabot bumps, a deleted account's pull requests, a contractor and an old alias login that are
  not in ``[[people]]``;
* fortnightly retros (payments and web on GitHub; platform keeps its retros in Jira).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from . import github as gh
from . import retros, texts
from .clock import END, START, later, random_start
from .org import ALIAS_LOGIN, CONTRACTOR_LOGIN, DEPENDABOT, PEOPLE, TEAMS, Person, Team, members
from .stories import Stories, github_stories

GITHUB_RETRO_TEAMS = ("payments", "web")
#: Pull requests per week by level: juniors ship small and often, the most senior review more than they write.
_PACE = {1: 1.5, 2: 1.5, 3: 1.3, 4: 1.0, 5: 0.6}
_WEEKS = (END - START).days / 7
_PACKAGES = (
    ("requests", "2.32.3", "2.32.4"),
    ("sqlalchemy", "2.0.40", "2.0.41"),
    ("pydantic", "2.11.4", "2.11.7"),
    ("react", "19.1.0", "19.1.1"),
    ("vite", "6.3.4", "6.3.5"),
    ("boto3", "1.38.2", "1.38.9"),
)

Make = Callable[[int], dict[str, Any]]


def _outsiders(team: Team, min_level: int = 1) -> list[Person]:
    return [p for p in PEOPLE if p.team != team.name and p.level >= min_level]


def _reviewers(rng: random.Random, team: Team, author: gh.Actor, *, tooling: bool = False) -> list[Person]:
    mates = [p for p in members(team.name) if p is not author]
    chosen = [rng.choices(mates, weights=[1 + 0.6 * p.level for p in mates])[0]]
    # Platform owns the CI and build tooling, so it is asked to review other teams' tooling changes.
    pool = [p for p in _outsiders(team, 3) if not tooling or p.team == "platform"]
    if pool and rng.random() < (0.4 if tooling else 0.1):
        chosen = [rng.choice(pool)]
    if rng.random() < 0.35:
        second = [p for p in mates if p not in chosen]
        chosen.append(rng.choice(second))
    return chosen


def _chatter(rng: random.Random, team: Team, author: gh.Actor) -> list[tuple[gh.Actor, str]]:
    mates = [p for p in members(team.name) if p is not author]
    seniors = [p for p in mates if p.level >= 4] or mates
    options: list[tuple[float, gh.Actor, str]] = [
        (0.25, rng.choice(mates), "question"),
        (0.25, author, "status"),
        (0.10, rng.choice(seniors), "risk"),
        (0.10, rng.choice(mates), "praise"),
        (0.08, rng.choice(_outsiders(team, 3)), "design"),
        (0.05 if team.name == "web" else 0.0, ALIAS_LOGIN, "question"),
    ]
    return [(who, text_class) for chance, who, text_class in options if rng.random() < chance]


def _pr(rng: random.Random, ids: gh.Ids, team: Team, plan: gh.PullRequestPlan) -> tuple[datetime, Make]:
    return plan.created, lambda number: gh.pull_request(rng, ids, team, number, plan)


def _everyday_prs(rng: random.Random, ids: gh.Ids, team: Team) -> list[tuple[datetime, Make]]:
    plans = []
    tooling_share = 0.15 if team.name == "platform" else 0.05
    for author in members(team.name):
        for _ in range(round(_PACE[author.level] * _WEEKS * rng.uniform(0.8, 1.2))):
            roll = rng.random()
            flavour = (
                "tooling"
                if roll < tooling_share
                else "bugfix"
                if roll < 0.3
                else "refactor"
                if roll < 0.45
                else "feature"
            )
            long_wait = rng.random() < 0.08
            reviewers = _reviewers(rng, team, author, tooling=flavour == "tooling")
            if long_wait:  # somebody senior finally picks it up
                reviewers[0] = rng.choice([p for p in PEOPLE if p.level >= 4 and p is not author])
            plan = gh.PullRequestPlan(
                author=author,
                flavour=flavour,
                created=random_start(rng),
                reviewers=reviewers,
                first_wait_hours=(26, 70) if long_wait else (0.3, 9),
                rounds=rng.choices((1, 2, 3), weights=(55, 35, 10))[0],
                closed_unmerged=rng.random() < 0.05,
                draft=rng.random() < 0.02,
                chatter=_chatter(rng, team, author),
            )
            plans.append(_pr(rng, ids, team, plan))
    return plans


def _stories(rng: random.Random, ids: gh.Ids, team: Team) -> list[tuple[datetime, Make]]:
    plans = []
    juniors = [p for p in members(team.name) if p.level <= 2]
    for _ in range(3):  # waited more than a day, unblocked by a senior of another team
        author = rng.choice(juniors)
        plan = gh.PullRequestPlan(
            author=author,
            flavour="feature",
            created=random_start(rng),
            first_wait_hours=(30, 60),
            reviewers=[
                rng.choice(_outsiders(team, 4)),
                rng.choice([p for p in members(team.name) if p.level >= 3]),
            ],
            chatter=[(author, "status")],
        )
        plans.append(_pr(rng, ids, team, plan))
    seniors = [p for p in members(team.name) if p.level >= 3]
    for index, flavour in enumerate(("adr", "adr", "rfc", "adr")):
        author = seniors[index % len(seniors)]
        title = rng.choice(texts.DESIGN_TITLES).format(
            noun=rng.choice(team.nouns), module=rng.choice(team.modules)
        )
        slug = "-".join(title.lower().split()[:5])
        reviewers = [
            rng.choice([p for p in members(team.name) if p is not author]),
            rng.choice(_outsiders(team, 3)),
        ]
        plan = gh.PullRequestPlan(
            author=author,
            flavour=flavour,
            created=random_start(rng),
            reviewers=reviewers,
            rounds=2,
            first_wait_hours=(2, 20),
            title_vars={"n": index + 1, "title": title, "slug": slug},
            chatter=[(reviewers[1], "design"), (rng.choice(_outsiders(team, 2)), "question")],
        )
        plans.append(_pr(rng, ids, team, plan))
    bump = START + timedelta(days=rng.randint(0, 6), hours=6)
    while bump < END:  # Dependabot on Monday mornings, every other week
        package, old, new = rng.choice(_PACKAGES)
        plan = gh.PullRequestPlan(
            author=DEPENDABOT,
            flavour="deps",
            created=bump,
            first_wait_hours=(1, 30),
            reviewers=[rng.choice(members(team.name))],
            title_vars={"package": package, "old": old, "new": new},
        )
        plans.append(_pr(rng, ids, team, plan))
        bump += timedelta(days=14)
    strays: list[gh.Actor] = {"payments": [None] * 3, "web": [CONTRACTOR_LOGIN] * 6}.get(team.name, [])
    for stray in strays:  # a deleted account early on; a contractor nobody added to [[people]]
        created = random_start(rng, START, START + timedelta(days=45) if stray is None else END)
        plan = gh.PullRequestPlan(
            author=stray,
            flavour=rng.choice(("feature", "bugfix")),
            created=created,
            reviewers=_reviewers(rng, team, stray),
            chatter=_chatter(rng, team, stray),
        )
        plans.append(_pr(rng, ids, team, plan))
    return plans


_ISSUE_KINDS = {
    "bug": (
        ["bug"],
        "defect",
        ("{noun} fails when {var} is empty", "Crash in {fn}", "Wrong totals on the {noun}"),
    ),
    "question": (["question"], "question", ("How do I run the {noun} locally?", "Who owns {fn}?")),
    "enhancement": (["enhancement"], "design", ("Support bulk {noun}", "Make {var} configurable")),
    "design": (
        ["design", "architecture"],
        "design",
        ("Rethink the {noun} boundaries", "Proposal: {noun} v2"),
    ),
    "risk": (["risk"], "risk", ("{noun} certificate expires next month", "Load on the {noun} keeps growing")),
}


def _issue(rng: random.Random, ids: gh.Ids, team: Team, created: datetime) -> Make:
    kind = rng.choices(list(_ISSUE_KINDS), weights=(35, 20, 20, 12, 13))[0]
    labels, text_class, titles = _ISSUE_KINDS[kind]
    senior_kinds = ("design", "risk")
    pool = [p for p in PEOPLE if p.level >= 3] if kind in senior_kinds else list(PEOPLE)
    author: gh.Actor = rng.choice(pool)
    if team.name == "web" and rng.random() < 0.06:
        author = CONTRACTOR_LOGIN
    ctx = texts.context(rng, team, gh.first_name(author), gh.other_team(rng, team))
    owners = [p for p in members(team.name) if p is not author]
    long_wait = rng.random() < 0.18
    responder = rng.choice([p for p in owners if p.level >= 3] if long_wait else owners)
    if kind == "question":  # the answer answers what the issue asks
        title, body, first_reply = texts.issue_question(rng, ctx, responder.first)
        thanks = "explain"
    else:
        title, body = rng.choice(titles).format(**ctx), texts.say(rng, text_class, ctx)
        if kind == "design":  # a design proposal is discussed, not triaged
            first_reply, thanks = texts.say(rng, "design", ctx | {"name": gh.first_name(author)}), "design"
        else:
            first_reply, thanks = texts.triage(rng, kind, ctx), "triage"
    replies: list[tuple[gh.Actor, str, datetime]] = []
    if rng.random() < 0.9:
        first = later(rng, created, *((27, 70) if long_wait else (0.3, 8)))
        replies.append((responder, first_reply, first))
        replies.append((author, texts.reply(rng, thanks, ctx), later(rng, first, 0.5, 12)))
        if rng.random() < 0.3:  # a maintainer follows up: a question for the reporter, a risk, a design point
            who = rng.choice([*owners, ALIAS_LOGIN] if team.name == "web" else owners)
            at = later(rng, first, 1, 30)
            follow = rng.choice(("risk", "question", "design"))
            if follow == "question":
                question, answer = texts.follow_up(rng, ctx)
                replies.append((who, question, at))
                if rng.random() < 0.5:  # the rest stay unanswered
                    replies.append((author, answer, later(rng, at, 0.5, 20)))
            else:
                replies.append((who, texts.say(rng, follow, ctx), at))
    closed = later(rng, created, 24, 400) if replies and rng.random() < 0.7 else None
    return lambda number: gh.issue(
        rng,
        ids,
        team,
        number,
        author=author,
        created=created,
        title=title,
        body=body,
        labels=labels,
        replies=replies,
        closed_at=closed,
    )


def repo_payloads(
    rng: random.Random, ids: gh.Ids, team: Team, stories: Stories | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(pull request nodes, issue nodes) of ``team``'s repository, numbered in order of creation; with
    ``stories``, the stories that leave opportunities waiting too (:mod:`.stories`)."""
    planned: list[tuple[datetime, str, Make]] = [(t, "pr", make) for t, make in _everyday_prs(rng, ids, team)]
    planned += [(t, "pr", make) for t, make in _stories(rng, ids, team)]
    if stories is not None:
        planned += github_stories(stories, team)
    for _ in range(rng.randint(30, 40)):
        created = random_start(rng)
        planned.append((created, "issue", _issue(rng, ids, team, created)))
    if team.name in GITHUB_RETRO_TEAMS:
        for index, when in enumerate(retros.retro_dates(rng)):
            planned.append((when, "issue", _retro_maker(rng, ids, team, when, index)))
    planned.sort(key=lambda entry: entry[0])  # stable: ties keep plan order
    prs, issues = [], []
    for number, (_, kind, make) in enumerate(planned, start=1):
        (prs if kind == "pr" else issues).append(make(number))
    return prs, issues


def _retro_maker(rng: random.Random, ids: gh.Ids, team: Team, when: datetime, index: int) -> Make:
    return lambda number: retros.github_retro(rng, ids, team, number, when, index)


def all_repos(
    rng: random.Random, ids: gh.Ids, stories: Stories | None = None
) -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Every team repository's payloads, keyed by ``owner/name``."""
    return {team.repo: repo_payloads(rng, ids, team, stories) for team in TEAMS}
