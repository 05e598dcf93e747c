"""The fake GitHub's people and organisations: user profiles, org teams, members, team repositories.

As on github.com: a profile's ``email`` is the *public* email, ``null`` in REST and ``""`` in GraphQL
(``String!``) when the user keeps it private; ``name`` may be null. A team has a ``slug`` and a ``name``,
members (``MEMBER`` or ``MAINTAINER``) and repositories, each with the permission the team has on it
(``READ``, ``TRIAGE``, ``WRITE``, ``MAINTAIN``, ``ADMIN``). Reading teams needs the token's ``read:org``
scope (:attr:`OrgDirectory.scopes`); without it GraphQL answers ``INSUFFICIENT_SCOPES`` (HTTP 200,
``data: null``) and REST 403, as GitHub does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .world import World

PERMISSIONS = ("READ", "TRIAGE", "WRITE", "MAINTAIN", "ADMIN")
#: REST's ``permissions`` object of a repository for each GraphQL permission.
REST_PERMISSIONS: dict[str, dict[str, bool]] = {
    level: {
        "pull": True,
        "triage": index >= 1,
        "push": index >= 2,
        "maintain": index >= 3,
        "admin": index >= 4,
    }
    for index, level in enumerate(PERMISSIONS)
}
REST_ROLE = {"READ": "pull", "TRIAGE": "triage", "WRITE": "push", "MAINTAIN": "maintain", "ADMIN": "admin"}


@dataclass
class FakeProfile:
    login: str
    database_id: int
    node_id: str
    name: str | None = None
    email: str | None = None  # public email; None: private
    company: str | None = None

    def graphql(self) -> dict[str, Any]:
        return {
            "__typename": "User",
            "id": self.node_id,
            "databaseId": self.database_id,
            "login": self.login,
            "name": self.name,
            "email": self.email or "",  # GraphQL's User.email is String!: empty when private
            "company": self.company,
            "url": f"https://github.com/{self.login}",
        }

    def rest(self, base: str) -> dict[str, Any]:
        return {
            "login": self.login,
            "id": self.database_id,
            "node_id": self.node_id,
            "type": "User",
            "site_admin": False,
            "name": self.name,
            "email": self.email,  # REST: null when private
            "company": self.company,
            "html_url": f"https://github.com/{self.login}",
            "url": f"{base}/users/{self.login}",
        }

    def simple(self, base: str) -> dict[str, Any]:
        """The short user object of lists (team members, search items)."""
        return {
            "login": self.login,
            "id": self.database_id,
            "node_id": self.node_id,
            "type": "User",
            "site_admin": False,
            "html_url": f"https://github.com/{self.login}",
            "url": f"{base}/users/{self.login}",
        }


@dataclass
class FakeTeam:
    org: str
    slug: str
    name: str
    database_id: int
    node_id: str
    members: dict[str, str] = field(default_factory=dict)  # login -> MEMBER | MAINTAINER
    repos: dict[str, str] = field(default_factory=dict)  # full name -> permission
    parent: str | None = None  # slug of the parent team

    def rest(self, base: str) -> dict[str, Any]:
        return {
            "id": self.database_id,
            "node_id": self.node_id,
            "name": self.name,
            "slug": self.slug,
            "description": "",
            "privacy": "closed",
            "notification_setting": "notifications_enabled",
            "permission": "pull",
            "parent": None,
            "url": f"{base}/organizations/1/team/{self.database_id}",
            "html_url": f"https://github.com/orgs/{self.org}/teams/{self.slug}",
            "members_url": f"{base}/organizations/1/team/{self.database_id}/members{{/member}}",
            "repositories_url": f"{base}/organizations/1/team/{self.database_id}/repos",
        }


class OrgDirectory:
    """Profiles and teams of a :class:`~tests.fakes.github.world.World` (``world.directory``)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.profiles: dict[str, FakeProfile] = {}
        self.teams: dict[str, list[FakeTeam]] = {}  # org (lower case) -> teams
        self.memberships: dict[str, list[str]] = {}  # login (lower case) -> orgs, in order joined
        self.scopes: set[str] = {"repo", "read:org"}

    # -- building ---------------------------------------------------------------------------------

    def profile(self, login: str, *, name: str | None = None, email: str | None = None) -> FakeProfile:
        """The profile of ``login``, made on first use; ``name``/``email`` set it (email: public)."""
        with self.world.lock:
            found = self.profiles.get(login.lower())
            if found is None:
                database_id, node_id = self.world.new_ids("U")
                found = self.profiles[login.lower()] = FakeProfile(login, database_id, node_id)
            if name is not None:
                found.name = name
            if email is not None:
                found.email = email or None
            return found

    def add_team(
        self,
        org: str,
        slug: str,
        *,
        name: str | None = None,
        members: list[str] | None = None,
        maintainers: list[str] | None = None,
        repos: dict[str, str] | None = None,
        parent: str | None = None,
    ) -> FakeTeam:
        """A team of ``org`` (which must hold repositories); ``repos`` maps full names to permissions."""
        with self.world.lock:
            for permission in (repos or {}).values():
                if permission not in PERMISSIONS:
                    raise ValueError(f"unknown permission {permission!r}")
            database_id, node_id = self.world.new_ids("T")
            team = FakeTeam(org, slug, name or slug.replace("-", " ").title(), database_id, node_id)
            team.repos = dict(repos or {})
            team.parent = parent
            for login in members or []:
                team.members[login] = "MEMBER"
            for login in maintainers or []:
                team.members[login] = "MAINTAINER"
            for login in team.members:
                self.profile(login)
                joined = self.memberships.setdefault(login.lower(), [])
                if org not in joined:
                    joined.append(org)
            self.teams.setdefault(org.lower(), []).append(team)
            self.world.register({"__typename": "Team", "id": node_id, "_team": team})
            self.world.orgs.setdefault(org.lower(), [])
            return team

    # -- reading ----------------------------------------------------------------------------------

    def can_read_org(self) -> bool:
        return "read:org" in self.scopes

    def team(self, org: str, slug: str) -> FakeTeam | None:
        return next((t for t in self.teams.get(org.lower(), []) if t.slug == slug), None)

    def orgs_of(self, login: str) -> list[str]:
        return list(self.memberships.get(login.lower(), []))

    def known(self, login: str) -> bool:
        """Whether ``login`` is a user GitHub knows: a profile, or anyone who acted in the world."""
        if login.lower() in self.profiles or login.lower() == self.world.viewer.lower():
            return True
        return login.lower() in self.world.actor_logins()
