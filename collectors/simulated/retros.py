"""Fortnightly retrospectives: GitHub issues labelled ``retro`` and Jira issues labelled ``retro``.

Bodies are written the way teams write them: headed lists of points and task-list action items with an
owner mention (``- [ ] @login ...`` on GitHub; ``# [ ] [~accountid:...] ...`` and ``(/) ...`` in Jira
wiki markup). Older retros have most actions ticked off; recent ones are still open.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, Final

from . import github as gh
from .clock import END, START, later
from .jira import JiraIds, JiraIssue
from .org import Person, Team, members

WENT_WELL: Final = (
    "Reviews were fast this sprint",
    "Pairing on the {noun} paid off",
    "The incident write-up was clear and blameless",
    "We shipped the {noun} without a rollback",
    "Onboarding docs helped the new joiner a lot",
    "Fewer flaky tests since the CI cache change",
)
TO_IMPROVE: Final = (
    "Standups ran long",
    "Too many PRs waited over a day for a first review",
    "The {noun} deploy needed manual steps again",
    "We found out about the {other} API change too late",
    "Tickets were not broken down enough",
    "Alert noise at night on the {noun}",
)
ACTIONS: Final = (
    "automate the {noun} release",
    "write a runbook for the {noun}",
    "set up a review rotation",
    "invite {other} to our planning",
    "add a dashboard for {noun} errors",
    "timebox standup to 15 minutes",
    "split the {noun} epic into smaller tickets",
)


def _fill(rng: random.Random, template: str, team: Team) -> str:
    return template.format(noun=rng.choice(team.nouns), other=gh.other_team(rng, team))


def _points(rng: random.Random, pool: tuple[str, ...], team: Team, count: int) -> list[str]:
    return [_fill(rng, template, team) for template in rng.sample(pool, count)]


def _actions(rng: random.Random, team: Team, when: datetime) -> list[tuple[Person, str, bool]]:
    """(owner, action, done): the older the retro, the likelier its actions are done by now."""
    age_days = (END - when).days
    chance = 0.8 if age_days > 35 else (0.4 if age_days > 14 else 0.1)
    owners = rng.sample(members(team.name), rng.randint(1, 3))
    return [(owner, _fill(rng, rng.choice(ACTIONS), team), rng.random() < chance) for owner in owners]


def retro_dates(rng: random.Random) -> list[datetime]:
    """Every other Thursday afternoon in the window."""
    day = START + timedelta(days=(3 - START.weekday()) % 7 + 7 * rng.randint(0, 1))
    dates = []
    while day < END:
        dates.append(day.replace(hour=15, minute=rng.randint(0, 20)))
        day += timedelta(days=14)
    return dates


def _facilitator(team: Team, index: int) -> Person:
    """The role rotates, seniors first, so juniors facilitate too."""
    people = sorted(members(team.name), key=lambda p: (-p.level, p.id))
    return people[index % len(people)]


def github_retro(
    rng: random.Random, ids: gh.Ids, team: Team, number: int, when: datetime, index: int
) -> dict[str, Any]:
    """A retro issue on GitHub with points and actions in the body and in comments."""
    facilitator = _facilitator(team, index)
    actions = _actions(rng, team, when)
    body = "\n".join(
        [
            "## What went well",
            *(f"- {p}" for p in _points(rng, WENT_WELL, team, 2)),
            "",
            "## What to improve",
            *(f"- {p}" for p in _points(rng, TO_IMPROVE, team, 2)),
            "",
            "## Actions",
            *(f"- [{'x' if done else ' '}] @{o.login} {a}" for o, a, done in actions),
        ]
    )
    replies: list[tuple[gh.Actor, str, datetime]] = []
    for who in rng.sample([p for p in members(team.name) if p is not facilitator], rng.randint(2, 3)):
        at = later(rng, when, 0.1, 20)
        if rng.random() < 0.5:
            text = _fill(rng, rng.choice(TO_IMPROVE + WENT_WELL), team)
        else:
            lines = [f"- {p}" for p in _points(rng, TO_IMPROVE, team, rng.randint(1, 2))]
            if rng.random() < 0.4:
                lines.append(f"- [ ] @{who.login} {_fill(rng, rng.choice(ACTIONS), team)}")
            text = "\n".join(lines)
        replies.append((who, text, at))
    return gh.issue(
        rng,
        ids,
        team,
        number,
        author=facilitator,
        created=when,
        title=f"Retro {when:%Y-%m-%d}",
        body=body,
        labels=["retro"],
        replies=replies,
        closed_at=later(rng, when, 48, 120),
    )


def jira_retro(rng: random.Random, ids: JiraIds, team: Team, when: datetime, index: int) -> JiraIssue:
    """A retro as a Jira task labelled ``retro``: wiki-markup points and actions, points in comments."""
    facilitator = _facilitator(team, index)
    actions = _actions(rng, team, when)
    action_lines = [
        f"(/) [~accountid:{o.account}] {a}" if done else f"# [ ] [~accountid:{o.account}] {a}"
        for o, a, done in actions
    ]
    description = "\n".join(
        [
            "h3. What went well",
            *(f"* {p}" for p in _points(rng, WENT_WELL, team, 2)),
            "h3. What to improve",
            *(f"* {p}" for p in _points(rng, TO_IMPROVE, team, 2)),
            "h3. Actions",
            *action_lines,
        ]
    )
    retro = JiraIssue(
        ids,
        team.project,
        "Task",
        f"Sprint retro {when:%Y-%m-%d}",
        description,
        facilitator,
        when,
        priority="Low",
        labels=["retro"],
    )
    for who in rng.sample([p for p in members(team.name) if p is not facilitator], rng.randint(2, 3)):
        at = later(rng, when, 0.1, 20)
        if rng.random() < 0.5:
            retro.comment(who, _fill(rng, rng.choice(TO_IMPROVE + WENT_WELL), team), at)
        else:
            points = _points(rng, TO_IMPROVE, team, rng.randint(1, 2))
            retro.comment(who, "\n".join(f"* {p}" for p in points), at)
    retro.move(facilitator, later(rng, when, 1, 3), "Done")
    return retro
