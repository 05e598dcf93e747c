"""What happens in each team's Jira project: epics, their stories, tasks and bugs, and platform's retros.

Issues are created (mostly by seniors) and handed to teammates; they move To Do -> In Progress ->
In Review -> Done. About a quarter get stuck: moved to Blocked with the impediment flag set, discussed
while blocked (often by someone of another team who knows the answer), then back to In Progress with
the flag cleared and on to Done. Some are reassigned halfway; late ones are still open at the anchor.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Final

from . import retros, texts
from .clock import END, START, later, random_start
from .github import other_team
from .jira import JiraIds, JiraIssue, JiraPayload, pick
from .org import PEOPLE, TEAMS, Person, Team, contractor_jira_user, members
from .stories import Stories, jira_stories

JIRA_RETRO_TEAMS: Final = ("platform",)
_SUMMARIES: Final = {
    "Story": (
        "As a customer I can retry a failed {noun}",
        "Show {noun} status in the UI",
        "Support {var} in the {noun}",
        "Export {noun} history",
    ),
    "Task": (
        "Upgrade {module} dependencies",
        "Add alerts for the {noun}",
        "Document the {noun} runbook",
        "Clean up {module} feature flags",
    ),
    "Bug": ("{noun} shows the wrong total", "Timeout in {fn} under load", "Duplicate {noun} after retry"),
}
_BLOCKERS: Final = (
    "Blocked: waiting for {other} to expose the {noun} endpoint on staging.",
    "Blocked on credentials for the {noun} sandbox; asked in #help-{other}.",
    "Blocked until the schema migration for {module} is reviewed.",
    "Can't continue: the {noun} contract with {other} is unclear. Who can confirm the field names?",
)
_UNBLOCKS: Final = (
    "The endpoint is live on staging now, [~accountid:{account}] you should be good to go.",
    "I've granted access to the sandbox; the credentials are in the vault under {module}.",
    "Reviewed the migration, it's fine to run. Ping me if it misbehaves.",
    "Confirmed with my team: use `{var}` as the field name, the docs were out of date: https://wiki.acme.example/eng/{module}/fields",
)


def _epics(rng: random.Random, ids: JiraIds, team: Team) -> list[JiraIssue]:
    seniors = [p for p in members(team.name) if p.level >= 3]
    epics = []
    for index in range(4):
        lead = seniors[index % len(seniors)]
        created = START + timedelta(days=index * 40 + rng.randint(0, 10), hours=10)
        summary = (
            f"{rng.choice(team.nouns).capitalize()} {rng.choice(('revamp', 'v2', 'hardening', 'migration'))}"
        )
        epic = JiraIssue(
            ids,
            team.project,
            "Epic",
            summary,
            f"h3. Goal\nShip the {summary.lower()} by the end of the quarter.",
            lead,
            created,
            priority="High",
        )
        epic.assign(lead, later(rng, created, 0.01, 0.1), None, lead)
        epic.move(lead, later(rng, created, 24, 96), "In Progress")
        if created + timedelta(days=75) < END:
            epic.move(lead, later(rng, created, 24 * 60, 24 * 75), "Done")
        epics.append(epic)
    return epics


def _description(rng: random.Random, issuetype: str, ctx: dict[str, str]) -> str:
    """Jira wiki markup, the way these issues are usually written."""
    if issuetype == "Bug":
        return (
            f"h3. Steps to reproduce\n# Open the {ctx['noun']}\n# Submit with an empty {ctx['var']}\n"
            f"h3. Expected\nA validation message.\nh3. Actual\n{texts.say(rng, 'defect', ctx)}"
        )
    return (
        f"h3. Context\nThe {ctx['noun']} in {ctx['module']} needs this before the next release.\n"
        f"h3. Acceptance criteria\n* {ctx['var']} is validated\n"
        f"* metrics are emitted from {{{{{ctx['fn']}}}}}\n* docs updated"
    )


def _work_item(rng: random.Random, ids: JiraIds, team: Team, epics: list[JiraIssue]) -> JiraIssue:
    people = members(team.name)
    issuetype = rng.choices(("Story", "Task", "Bug"), weights=(50, 30, 20))[0]
    reporter = rng.choices(people, weights=[p.level for p in people])[0]
    assignee = pick(rng, people, exclude=reporter) if rng.random() < 0.8 else reporter
    ctx = texts.context(rng, team, assignee.first, other_team(rng, team))
    created = random_start(rng, START, END - timedelta(days=2))
    open_epics = [epic for epic in epics if epic.created < created]
    epic = rng.choice(open_epics) if open_epics and rng.random() < 0.7 else None
    issue = JiraIssue(
        ids,
        team.project,
        issuetype,
        rng.choice(_SUMMARIES[issuetype]).format(**ctx),
        _description(rng, issuetype, ctx),
        reporter,
        created,
        priority=rng.choice(("Low", "Medium", "Medium", "High")),
        parent=epic,
        due=(created + timedelta(days=rng.randint(7, 30))).date().isoformat() if rng.random() < 0.3 else None,
    )
    at = later(rng, created, 0.05, 2)
    issue.assign(reporter, at, None, assignee)
    at = later(rng, at, 2, 72)
    issue.move(assignee, at, "In Progress")
    if rng.random() < 0.12:  # handed over halfway
        new = pick(rng, people, exclude=assignee)
        at = later(rng, at, 4, 48)
        issue.assign(reporter, at, assignee, new)
        issue.comment(
            reporter, f"Reassigning to {new.first}, {assignee.first} is needed on the incident.", at
        )
        assignee = new
    if rng.random() < 0.27:
        at = _blocked_spell(rng, issue, team, assignee, at, ctx)
    for _ in range(rng.randint(0, 2)):
        who = rng.choice([assignee, reporter, pick(rng, people, exclude=assignee)])
        at = later(rng, at, 2, 30)
        if who is assignee:  # status updates come from the one doing the work
            issue.comment(who, texts.say(rng, "status", ctx), at)
            continue
        # anyone else asks about the work or raises a risk, and the assignee answers
        asked, answer = (texts.ask_about_ticket if rng.random() < 0.6 else texts.raise_risk)(rng, ctx)
        issue.comment(who, asked, at)
        if rng.random() < 0.85:
            at = later(rng, at, 0.5, 8)
            issue.comment(assignee, answer, at)
    at = later(rng, at, 4, 96)
    issue.move(assignee, at, "In Review")
    issue.move(rng.choice([reporter, assignee]), later(rng, at, 2, 48), "Done")
    return issue


def _blocked_spell(
    rng: random.Random, issue: JiraIssue, team: Team, assignee: Person, at: datetime, ctx: dict[str, str]
) -> datetime:
    """In Progress -> Blocked (flagged), talk while blocked, -> In Progress (unflagged). Returns the end."""
    at = later(rng, at, 4, 48)
    issue.move(assignee, at, "Blocked", flag=True)
    reason = rng.randrange(len(_BLOCKERS))  # the answer, if one comes, matches the blocker
    issue.comment(assignee, _BLOCKERS[reason].format(**ctx), at + timedelta(minutes=2))
    helped = rng.random() < 0.8
    if helped:
        helper_pool = [p for p in PEOPLE if p is not assignee and (p.team != team.name or rng.random() < 0.4)]
        helper = rng.choice(helper_pool)
        at = later(rng, at, 3, 40)
        issue.comment(helper, _UNBLOCKS[reason].format(**ctx, account=assignee.account), at)
        at = later(rng, at, 0.5, 30)
    else:  # nobody helped; it sat there until the dependency landed on its own
        at = later(rng, at, 24 * 4, 24 * 9)
    issue.move(assignee, at, "In Progress", flag=False)
    return at


def project_payloads(
    rng: random.Random, ids: JiraIds, team: Team, stories: Stories | None = None
) -> list[JiraPayload]:
    """Every issue of ``team``'s Jira project with its comments and changelog, in key order; with
    ``stories``, the stories that leave opportunities waiting too (:mod:`.stories`)."""
    epics = _epics(rng, ids, team)
    issues = list(epics)
    for _ in range(rng.randint(55, 65)):
        issues.append(_work_item(rng, ids, team, epics))
    if team.name == "web":  # the contractor helps out on a few tickets from an unmapped account
        for issue in rng.sample(issues[len(epics) :], 4):
            when = later(rng, issue.created, 4, 48)
            issue.comment(
                contractor_jira_user(), "Pushed a fix for the styling part, see the linked PR.", when
            )
    if team.name in JIRA_RETRO_TEAMS:
        for index, when in enumerate(retros.retro_dates(rng)):
            issues.append(retros.jira_retro(rng, ids, team, when, index))
    told = jira_stories(stories, team) if stories is not None else []
    issues += told
    issues.sort(key=lambda issue: issue.created)  # stable: ties keep plan order
    for number, issue in enumerate(issues, start=1):
        issue.key = f"{team.project}-{number}"
    told_ids = {id(issue) for issue in told}  # stories draw nothing from ``rng``: the rest stays as it was
    work = [i for i in issues if i.issuetype in ("Story", "Task", "Bug") and id(i) not in told_ids]
    for index, issue in enumerate(work[:-1]):  # some work has to land before later work can start
        if rng.random() < 0.1:
            issue.links.append(rng.choice(work[index + 1 :]).key)
    return [issue.payload() for issue in issues]


def all_projects(
    rng: random.Random, ids: JiraIds, stories: Stories | None = None
) -> dict[str, list[JiraPayload]]:
    """Every team project's payloads, keyed by project key."""
    return {team.project: project_payloads(rng, ids, team, stories) for team in TEAMS}
