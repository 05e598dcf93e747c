"""An organisation's teams, read through GraphQL: slugs and names, members with their public profiles,
repositories with the team's permission.

One query asks :data:`TEAMS_PAGE` teams at a time, each with its first 100 members (``login``, ``name``,
public ``email``: ``""`` when private) and 100 repositories (``edges { permission node }``); a team with
more is completed by batched ``node(id:)`` follow-ups, so an org of 20 teams and 200 members costs one
request. ``members=False`` reads only each team's size (``totalCount``), and ``member=LOGIN`` also says
which teams that person is in (``teams(userLogins:)``), which is what ``footprint me`` needs. Teams need
the token's ``read:org`` scope: GitHub answers ``INSUFFICIENT_SCOPES`` and this raises
:class:`~collectors.github.errors.ScopeMissing`; an organisation GitHub does not find is
:class:`~collectors.github.errors.NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import NotFound, RepoFailed
from .queries import PAGE_INFO, RATE_LIMIT
from .transport import Transport

TEAMS_PAGE = 25
NESTED_PAGE = 100
FOLLOW_UPS_PER_QUERY = 10
#: Permissions that make a repository the team's own (it can push, maintain or administer it).
OWNING = ("WRITE", "MAINTAIN", "ADMIN")

_MEMBER_NODES = "nodes { login name email }"
_REPO_EDGES = "edges { permission node { nameWithOwner } }"


@dataclass(frozen=True)
class Member:
    login: str
    name: str | None
    email: str | None  # the public email; None when private


@dataclass
class OrgTeam:
    """One team: ``repos`` maps ``owner/name`` to the team's permission (``READ`` … ``ADMIN``)."""

    node_id: str
    slug: str
    name: str
    size: int
    members: list[Member] = field(default_factory=list)
    repos: dict[str, str] = field(default_factory=dict)

    def owned_repos(self) -> list[str]:
        return sorted(
            (name for name, permission in self.repos.items() if permission in OWNING), key=str.lower
        )


@dataclass
class OrgTeams:
    org: str
    teams: list[OrgTeam]
    member_of: list[str]  # slugs of the teams of ``member``, when one was asked for


def _teams_query(*, members: bool, mine: bool) -> str:
    member_selection = (
        f"members(first: {NESTED_PAGE}) {{ totalCount {PAGE_INFO} {_MEMBER_NODES} }}"
        if members
        else "members(first: 1) { totalCount }"
    )
    mine_part = " mine: teams(first: 100, userLogins: $mine) { nodes { slug } }" if mine else ""
    declarations = "$login: String!, $first: Int!, $after: String" + (", $mine: [String!]" if mine else "")
    return (
        f"query OrgTeams({declarations}) {{ {RATE_LIMIT} organization(login: $login) {{ "
        "teams(first: $first, after: $after, orderBy: {field: NAME, direction: ASC}) { "
        f"{PAGE_INFO} nodes {{ id slug name {member_selection} "
        f"repositories(first: {NESTED_PAGE}) {{ {PAGE_INFO} {_REPO_EDGES} }} }} }}{mine_part} }} }}"
    )


def _more_query(requests: list[str]) -> str:
    declarations, parts = [], []
    for index, connection in enumerate(requests):
        declarations += [f"$id{index}: ID!", f"$after{index}: String"]
        selection = _MEMBER_NODES if connection == "members" else _REPO_EDGES
        parts.append(
            f"f{index}: node(id: $id{index}) {{ ... on Team {{ page: {connection}(first: {NESTED_PAGE}, "
            f"after: $after{index}) {{ {PAGE_INFO} {selection} }} }} }}"
        )
    return f"query TeamPages({', '.join(declarations)}) {{ {RATE_LIMIT} {' '.join(parts)} }}"


def _add_members(team: OrgTeam, nodes: list[Any]) -> None:
    for node in nodes:
        if isinstance(node, dict) and node.get("login"):
            team.members.append(
                Member(
                    str(node["login"]), node.get("name") or None, (node.get("email") or "").strip() or None
                )
            )


def _add_repos(team: OrgTeam, edges: list[Any]) -> None:
    for edge in edges:
        name = ((edge or {}).get("node") or {}).get("nameWithOwner")
        if name:
            team.repos[str(name)] = str(edge.get("permission") or "READ")


class TeamsReader:
    """Reads the teams of organisations through ``transport``."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def read(self, org: str, *, members: bool = True, member: str | None = None) -> OrgTeams:
        teams: list[OrgTeam] = []
        member_of: list[str] = []
        pending: list[tuple[OrgTeam, str, str | None]] = []  # (team, connection, cursor)
        cursor: str | None = None
        first_page = True
        while True:
            variables: dict[str, Any] = {"login": org, "first": TEAMS_PAGE, "after": cursor}
            mine = member is not None and first_page
            if mine:
                variables["mine"] = [member]
            answer = self.transport.graphql_answer(
                _teams_query(members=members, mine=mine), variables, f"org {org} teams"
            )
            if "organization" in answer.refused:
                raise NotFound(f"organisation {org!r}: {answer.refused['organization'][1]}")
            organization = answer.data.get("organization") or {}
            if mine:
                member_of = [str(n["slug"]) for n in (organization.get("mine") or {}).get("nodes") or [] if n]
            connection = organization.get("teams") or {}
            for node in connection.get("nodes") or []:
                if not node:
                    continue
                team_members = node.get("members") or {}
                team = OrgTeam(
                    str(node["id"]), str(node["slug"]), str(node.get("name") or node["slug"]),
                    int(team_members.get("totalCount") or 0),
                )  # fmt: skip
                _add_members(team, team_members.get("nodes") or [])
                repositories = node.get("repositories") or {}
                _add_repos(team, repositories.get("edges") or [])
                for name, part in (("members", team_members), ("repositories", repositories)):
                    info = part.get("pageInfo") or {}
                    if (name == "repositories" or members) and info.get("hasNextPage"):
                        pending.append((team, name, info.get("endCursor")))
                teams.append(team)
            page_info = connection.get("pageInfo") or {}
            first_page = False
            if not page_info.get("hasNextPage"):
                break
            cursor = page_info.get("endCursor")
        self._complete(org, pending)
        return OrgTeams(org, teams, member_of)

    def _complete(self, org: str, pending: list[tuple[OrgTeam, str, str | None]]) -> None:
        while pending:
            batch, pending = pending[:FOLLOW_UPS_PER_QUERY], pending[FOLLOW_UPS_PER_QUERY:]
            variables: dict[str, Any] = {}
            for index, (team, _, after) in enumerate(batch):
                variables[f"id{index}"], variables[f"after{index}"] = team.node_id, after
            answer = self.transport.graphql_answer(
                _more_query([name for _, name, _ in batch]), variables, f"org {org} teams"
            )
            if answer.refused:
                raise RepoFailed(f"org {org} teams: a team changed while it was read; run it again")
            for index, (team, name, _) in enumerate(batch):
                page = (answer.data.get(f"f{index}") or {}).get("page") or {}
                if name == "members":
                    _add_members(team, page.get("nodes") or [])
                else:
                    _add_repos(team, page.get("edges") or [])
                info = page.get("pageInfo") or {}
                if info.get("hasNextPage"):
                    pending.append((team, name, info.get("endCursor")))
