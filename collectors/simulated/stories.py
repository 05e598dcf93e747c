"""Stories near the demo's end that leave chances waiting, so *My footprint* has opportunities to show.

Everyday work already leaves some: questions nobody answered, feedback a reviewer keeps giving by
hand, issues of one label piling up. These add what chance alone may not, whatever the seed:

* a junior's pull request in payments that nobody has reviewed for two days (next to it, a draft
  that waited longer, which does not count);
* flaky CI: issues labelled ``flaky-ci`` in web, three in seven weeks, that no retro mentions;
* a payments ticket blocked for a week, moved on to On Hold, that nobody but its assignee has
  commented on (next to it, a web ticket blocked only yesterday, which does not count yet).

They draw from a random stream and id sequences of their own (:class:`Stories`), so the rest of the
demo is the same with or without them, but for the numbers and keys of the items opened after them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import github as gh
from . import texts
from .clock import END, office
from .jira import JiraIds, JiraIssue
from .org import Person, Team, members

Make = Callable[[int], dict[str, Any]]
_FLAKY_TITLES = (
    "CI: {fn} test times out on the runners",
    "Flaky: {noun} integration test fails one run in five",
    "CI red again: {module} suite fails without a change",
)

_FLAKY_BODIES = (
    "Seen again on main today: `test_{fn}` timed out after 60 s on the runner and passes locally.",
    "Failed twice this week on main without a change in {module}: the {noun} fixture is not reset "
    "between tests, so the order matters.",
    "Red on main again: `{fn}` reads the wall clock, so the test fails when the runner is slow.",
)

#: Story ids start this far into each id sequence, beyond anything the rest of the demo allocates.
ID_OFFSET = 9_000


@dataclass
class Stories:
    """The random stream and the GitHub and Jira id allocators the stories draw from."""

    rng: random.Random
    gh_ids: gh.Ids = field(default_factory=lambda: gh.Ids(ID_OFFSET * 10_000))
    jira_ids: JiraIds = field(default_factory=lambda: JiraIds(ID_OFFSET))

    @classmethod
    def for_seed(cls, seed: int) -> Stories:
        return cls(random.Random(f"footprint-demo:{seed}:stories"))


def _before_end(rng: random.Random, hours: float) -> datetime:
    """A working-hours moment about ``hours`` before the end (never after it)."""
    moment = office(rng, END - timedelta(hours=hours))
    return moment if moment < END else END - timedelta(hours=hours)


def _junior(team: Team) -> Person:
    return min(members(team.name), key=lambda p: (p.level, p.id))


def github_stories(stories: Stories, team: Team) -> list[tuple[datetime, str, Make]]:
    """(creation time, ``pr`` or ``issue``, maker) of the story items of ``team``'s repository."""
    rng, ids = stories.rng, stories.gh_ids
    planned: list[tuple[datetime, str, Make]] = []
    if team.name == "payments":
        author = _junior(team)
        for draft, hours in ((False, 50), (True, 120)):
            plan = gh.PullRequestPlan(
                author=author,
                flavour="feature",
                created=END - timedelta(hours=hours),
                reviewers=[max(members(team.name), key=lambda p: p.level)],
                first_wait_hours=(hours + 24, hours + 48),  # the review would come after the end
                draft=draft,
            )
            planned.append((plan.created, "pr", _pr_maker(rng, ids, team, plan)))
    if team.name == "web":
        reporters = sorted(members(team.name), key=lambda p: p.id)
        for index, days_before in enumerate((48, 26, 9)):
            created = _before_end(rng, days_before * 24)
            reporter = reporters[index % len(reporters)]
            planned.append((created, "issue", _flaky_maker(rng, ids, team, created, reporter)))
    return planned


def _pr_maker(rng: random.Random, ids: gh.Ids, team: Team, plan: gh.PullRequestPlan) -> Make:
    return lambda number: gh.pull_request(rng, ids, team, number, plan)


def _flaky_maker(rng: random.Random, ids: gh.Ids, team: Team, created: datetime, author: Person) -> Make:
    ctx = texts.context(rng, team, "team", gh.other_team(rng, team))
    title = rng.choice(_FLAKY_TITLES).format(**ctx)
    body = rng.choice(_FLAKY_BODIES).format(**ctx)
    return lambda number: gh.issue(
        rng, ids, team, number, author=author, created=created, title=title, body=body,
        labels=["flaky-ci", "bug"], replies=[],
    )  # fmt: skip


def jira_stories(stories: Stories, team: Team) -> list[JiraIssue]:
    """The story tickets of ``team``'s Jira project (keys are given with the others)."""
    rng, ids = stories.rng, stories.jira_ids
    people = sorted(members(team.name), key=lambda p: p.id)
    stuck: list[JiraIssue] = []
    if team.name == "payments":  # blocked a week ago, moved on to On Hold: one stay, nobody talking
        assignee = people[1]
        ctx = texts.context(rng, team, assignee.first, "platform")
        issue = _ticket(ids, team, f"Settle the {ctx['noun']} refunds with the bank", people[0], 20 * 24)
        issue.assign(people[0], issue.created + timedelta(minutes=5), None, assignee)
        issue.move(assignee, issue.created + timedelta(days=3), "In Progress")
        blocked = _before_end(rng, 7 * 24)
        issue.move(assignee, blocked, "Blocked", flag=True)
        issue.comment(
            assignee, f"Blocked: waiting for the bank to confirm the {ctx['noun']} file format.", blocked
        )
        issue.move(assignee, blocked + timedelta(days=3), "On Hold")
        stuck.append(issue)
    if team.name == "web":  # blocked only yesterday: too fresh to be stuck
        assignee = people[0]
        issue = _ticket(ids, team, "Upgrade the design tokens package", people[1], 6 * 24)
        issue.assign(people[1], issue.created + timedelta(minutes=5), None, assignee)
        issue.move(assignee, issue.created + timedelta(days=1), "In Progress")
        issue.move(assignee, END - timedelta(hours=20), "Blocked", flag=True)
        stuck.append(issue)
    return stuck


def _ticket(ids: JiraIds, team: Team, summary: str, reporter: Person, hours_before: float) -> JiraIssue:
    created = END - timedelta(hours=hours_before)
    description = "h3. Context\nNeeded before the next release."
    return JiraIssue(ids, team.project, "Task", summary, description, reporter, created, priority="High")
