"""What ``footprint init`` infers from an organisation: teams, people and, optionally, Jira accounts.

Rules (the file says them too, next to what they produced):

* one team per GitHub team, named by its slug; it owns the repositories it can push to, maintain or
  administer; ``[github] repos`` is the union of every team's repositories;
* one person per team member: id = login lower-cased, name and email from the public profile; a member of
  several teams belongs to the smallest (fewest members; ties by slug), the others are listed beside it;
  an email that two people show publicly is kept for the first only;
* with Jira: each person's account by email, then by display name (:class:`~collectors.jira.users.JiraUsers`);
  an account matched for two people is kept for the first; a project goes to a team when its lead is a
  person of exactly one team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from collectors.github.org_teams import Member, OrgTeams
from collectors.jira.users import JiraAccount, JiraMatch


@dataclass
class DraftTeam:
    name: str  # the slug
    title: str
    size: int
    repos: list[str]  # owned: push, maintain or admin
    other_repos: dict[str, str]  # read or triage access, for the comment
    jira_projects: list[str] = field(default_factory=list)


@dataclass
class DraftPerson:
    id: str
    login: str
    name: str | None
    email: str | None
    team: str
    other_teams: list[str]
    jira: str | None = None
    notes: list[str] = field(default_factory=list)  # comments beside the entry; "REVIEW" ones first


@dataclass
class Draft:
    org: str
    api_url: str
    token_env: str
    since: date
    teams: list[DraftTeam]
    people: list[DraftPerson]
    repos: list[str]
    jira_url: str | None = None
    jira_user_env: str | None = None
    jira_token_env: str = "JIRA_TOKEN"
    projects: list[str] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)

    def review_count(self) -> int:
        """Lines marked REVIEW: people's notes and project assignments."""
        people = sum(1 for person in self.people for note in person.notes if note.startswith("REVIEW"))
        return people + sum(1 for note in self.project_notes if note.startswith("REVIEW"))


def draft_from_teams(found: OrgTeams, *, api_url: str, token_env: str, since: date) -> Draft:
    teams = [
        DraftTeam(
            name=team.slug,
            title=team.name,
            size=len(team.members) or team.size,
            repos=team.owned_repos(),
            other_repos={repo: level for repo, level in team.repos.items() if repo not in team.owned_repos()},
        )
        for team in found.teams
    ]
    size = {team.name: team.size for team in teams}
    memberships: dict[str, list[str]] = {}
    profiles: dict[str, Member] = {}
    for team in found.teams:
        for member in team.members:
            memberships.setdefault(member.login.lower(), []).append(team.slug)
            profiles.setdefault(member.login.lower(), member)
    people = []
    emails: dict[str, str] = {}
    for key in sorted(profiles):
        member = profiles[key]
        slugs = sorted(set(memberships[key]), key=lambda slug: (size[slug], slug))
        person = DraftPerson(key, member.login, member.name, member.email, slugs[0], slugs[1:])
        if person.other_teams:
            person.notes.append(f"also in {', '.join(person.other_teams)}: the smallest team was chosen")
        if member.email and member.email.lower() in emails:
            person.notes.append(
                f"REVIEW email {member.email} is also {emails[member.email.lower()]}'s; left out"
            )
            person.email = None
        elif member.email:
            emails[member.email.lower()] = person.id
        people.append(person)
    repos = sorted({repo for team in found.teams for repo in team.repos}, key=str.lower)
    return Draft(found.org, api_url, token_env, since, teams, people, repos)


def match_jira(draft: Draft, match: Callable[[str | None, str | None], JiraMatch]) -> None:
    """Give each person their Jira account, or a note saying why not."""
    owner: dict[str, str] = {}
    for person in draft.people:
        found = match(person.email, person.name)
        if found.account is not None and found.account.id in owner:
            person.notes.append(
                f"REVIEW jira: {found.account.describe()} was matched to {owner[found.account.id]} already"
            )
        elif found.account is not None:
            person.jira = found.account.id
            owner[found.account.id] = person.id
            person.notes.append(f"jira account matched by {found.how}")
        elif found.candidates:
            listed = "; ".join(account.describe() for account in found.candidates)
            person.notes.append(
                f"REVIEW jira: several accounts could be theirs, add one as jira = [...]: {listed}"
            )
        else:
            what = "email or name" if person.email and person.name else ("name" if person.name else "email")
            if not person.email and not person.name:
                person.notes.append("REVIEW jira: no public email or name to search Jira with")
            else:
                person.notes.append(f"REVIEW jira: no account found by {what}")


def assign_projects(draft: Draft, leads: dict[str, JiraAccount | None]) -> None:
    """A project goes to the team of its lead when the lead is a person of exactly one team."""
    by_account = {person.jira: person for person in draft.people if person.jira}
    teams = {team.name: team for team in draft.teams}
    for key in draft.projects:
        lead = leads.get(key)
        person = by_account.get(lead.id) if lead is not None else None
        if lead is None:
            draft.project_notes.append(f"REVIEW {key}: no lead; add it to a team's jira_projects")
        elif person is None:
            draft.project_notes.append(f"REVIEW {key}: its lead {lead.describe()} is none of the people")
        elif person.other_teams:
            names = ", ".join([person.team, *person.other_teams])
            draft.project_notes.append(f"REVIEW {key}: its lead {person.id} is in several teams ({names})")
        else:
            teams[person.team].jira_projects.append(key)
            draft.project_notes.append(f"{key}: to {person.team}, the team of its lead {person.id}")
