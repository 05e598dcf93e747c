"""The text of the ``footprint.toml`` that ``footprint init`` drafts: commented, every inference said.

Lines a person should look at carry ``REVIEW``; levels are left as a commented line to fill in.
"""

from __future__ import annotations

from datetime import date

from collectors.progress import plural

from .init_draft import Draft, DraftPerson, DraftTeam
from .toml_text import comment, string, strings


def _header(draft: Draft, today: date) -> list[str]:
    reviews = draft.review_count()
    drafted = f"Drafted by `footprint init --github-org {draft.org}` on {today.isoformat()}"
    return [
        comment(f"{drafted} from {draft.api_url}."),
        "# Inferred: teams (GitHub team slugs) and the repositories each can push to, maintain or",
        "# administer; people from the team members' public profiles (a member of several teams is in",
        "# the smallest); Jira accounts by email, then by display name; Jira projects by their lead's team.",
        comment(f"To review: the {reviews} lines marked REVIEW. Levels (higher = more senior) are yours."),
        "# Members of the organisation in no team are not listed.",
        "",
    ]


def _sections(draft: Draft) -> list[str]:
    lines = [
        "[store]",
        'url = "sqlite:///footprint.db"           # beside this file; postgresql+psycopg://... to share it',
        "",
        "[github]",
        f"api_url = {string(draft.api_url)}",
    ]
    if draft.token_env != "GITHUB_TOKEN":
        lines.append(f"token_env = {string(draft.token_env)}")
    lines += [
        f"since = {string(draft.since.isoformat())}                # how far back the first sync reaches",
        "# every repository of a team (" + str(len(draft.repos)) + "), synced whole",
        f"repos = {strings(draft.repos)}",
        "",
    ]
    if draft.jira_url:
        lines += ["[jira]", f"url = {string(draft.jira_url)}"]
        if draft.jira_user_env:
            lines.append(f"user_env = {string(draft.jira_user_env)}")
        if draft.jira_token_env != "JIRA_TOKEN":
            lines.append(f"token_env = {string(draft.jira_token_env)}")
        lines.append(f"projects = {strings(draft.projects)}")
        lines += [comment(note) for note in draft.project_notes]
        lines.append("")
    return lines


def _team(team: DraftTeam) -> list[str]:
    lines = [
        "[[teams]]",
        f"name = {string(team.name)}  " + comment(f"{team.title}, {plural(team.size, 'member')}"),
    ]
    lines.append(f"repos = {strings(team.repos)}")
    if team.other_repos:
        listed = ", ".join(f"{repo} ({level.lower()})" for repo, level in sorted(team.other_repos.items()))
        lines.append(comment(f"also reads, not counted as its own: {listed}"))
    if team.jira_projects:
        lines.append(f"jira_projects = {strings(team.jira_projects)}")
    return [*lines, ""]


def _person(person: DraftPerson) -> list[str]:
    lines = [comment(note) for note in person.notes if note.startswith("REVIEW")]
    lines += ["[[people]]", f"id = {string(person.id)}"]
    if person.name:
        lines.append(f"name = {string(person.name)}")
    others = [note for note in person.notes if not note.startswith("REVIEW") and note.startswith("also in")]
    lines.append(f"team = {string(person.team)}" + (f"  {comment(others[0])}" if others else ""))
    lines.append(f"github = {strings([person.login])}")
    if person.email:
        lines.append(f"emails = {strings([person.email])}")
    if person.jira:
        how = next((note for note in person.notes if note.startswith("jira account")), "")
        lines.append(f"jira = {strings([person.jira])}" + (f"  {comment(how)}" if how else ""))
    lines.append("# level =                                # fill in: higher is more senior")
    return [*lines, ""]


def render_draft(draft: Draft, today: date) -> str:
    lines = _header(draft, today) + _sections(draft)
    for team in draft.teams:
        lines += _team(team)
    for person in draft.people:
        lines += _person(person)
    return "\n".join(lines).rstrip("\n") + "\n"
