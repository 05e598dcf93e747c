"""The root fields of the fake's GraphQL API, and the objects they lead to, as GitHub serves them.

``repository``, ``organization`` (its repositories and ``teams``: members with their role, repositories
with the team's ``permission`` on the edge), ``node``/``nodes`` (at most 100 ids; an id that resolves to
nothing is ``null`` with a ``NOT_FOUND`` error at its path, the others are answered), ``viewer`` and
``user`` (profiles: ``email`` is ``""`` when private), ``search(type: ISSUE)`` (``issueCount`` counts
every match, only the first 1,000 can be paged through) and ``rateLimit``. Any field about teams needs
the ``read:org`` scope: :func:`insufficient_scopes` gives GitHub's ``INSUFFICIENT_SCOPES`` errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, GraphQLResolveInfo, visit
from graphql.language import Visitor

from .graphql_paging import paginate
from .org import FakeTeam
from .search import RESULT_CAP, IssueSearch, SearchError
from .world import World

MAX_IDS = 100
#: Fields that read teams, and the scope they need.
TEAM_FIELDS = ("teams", "team", "childTeams", "parentTeam")
SCOPE_MESSAGE = (
    "Your token has not been granted the required scopes to execute this query. The '{field}' field "
    "requires one of the following scopes: ['read:org'], but your token has only been granted the: "
    "{granted} scopes. Please modify your token's scopes at: https://github.com/settings/tokens."
)


def not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "NOT_FOUND"})


def insufficient_scopes(document: DocumentNode, scopes: set[str]) -> list[dict[str, Any]]:
    """GitHub's errors for a query that reads teams with a token lacking ``read:org``; [] if none."""
    if "read:org" in scopes:
        return []
    found: list[FieldNode] = []

    class Teams(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.name.value in TEAM_FIELDS:
                found.append(node)

    visit(document, Teams())
    granted = "[" + ", ".join(f"'{scope}'" for scope in sorted(scopes)) + "]"
    errors = []
    for node in found:
        location = node.loc.source.get_location(node.loc.start) if node.loc else None
        error: dict[str, Any] = {
            "type": "INSUFFICIENT_SCOPES",
            "message": SCOPE_MESSAGE.format(field=node.name.value, granted=granted),
        }
        if location is not None:
            error["locations"] = [{"line": location.line, "column": location.column}]
        errors.append(error)
    return errors


Resolver = Callable[..., Any]


class RootFields:
    """Builds the root value of one query over ``world`` (call under ``world.lock``)."""

    def __init__(self, world: World, rate_limit: dict[str, Any]) -> None:
        self.world = world
        self.rate_limit = rate_limit

    def root(self) -> dict[str, Any]:
        return {
            "repository": self.repository,
            "organization": self.organization,
            "node": self.node,
            "nodes": self.nodes,
            "search": self.search,
            "user": self.user,
            "viewer": lambda info: self.person(self.world.viewer),
            "rateLimit": lambda info, **_: self.rate_limit,
        }

    # -- repositories and nodes -------------------------------------------------------------------

    def repository(self, info: GraphQLResolveInfo, owner: str, name: str, **_: Any) -> dict[str, Any]:
        repo = self.world.repo(f"{owner}/{name}")
        if repo is None:
            raise not_found(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return repo.graphql()

    def node(self, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
        found = self.world.nodes.get(id)
        if found is None:
            raise not_found(f"Could not resolve to a node with the global id of '{id}'")
        if found.get("__typename") == "Team":
            return self.team(found["_team"])
        return found

    def nodes(self, info: GraphQLResolveInfo, ids: list[str]) -> list[Any]:
        if len(ids) > MAX_IDS:
            raise GraphQLError(f"You may not request more than {MAX_IDS} node IDs; you requested {len(ids)}.")
        answered: list[Any] = []
        for node_id in ids:
            try:
                answered.append(self.node(info, node_id))
            except GraphQLError as exc:
                answered.append(exc)  # null at its index, with the error at its path
        return answered

    # -- people and organisations -----------------------------------------------------------------

    def person(self, login: str) -> dict[str, Any]:
        profile = self.world.directory.profile(login).graphql()
        orgs = self.world.directory.orgs_of(login)
        profile["organizations"] = lambda info, **args: paginate(
            [self.organization(info, org) for org in orgs], args, "organizations"
        )
        return profile

    def user(self, info: GraphQLResolveInfo, login: str) -> dict[str, Any]:
        if not self.world.directory.known(login):
            raise not_found(f"Could not resolve to a User with the login of '{login}'.")
        return self.person(login)

    def organization(self, info: GraphQLResolveInfo, login: str) -> dict[str, Any]:
        names = self.world.orgs.get(login.lower())
        if names is None:
            raise not_found(f"Could not resolve to an Organization with the login of '{login}'.")
        repos = [self.world.repo(name) for name in names]
        teams = self.world.directory.teams.get(login.lower(), [])
        org = next((name.split("/")[0] for name in names), login)
        return {
            "__typename": "Organization",
            "login": org,
            "name": org.title(),
            "repositories": [repo.graphql() for repo in repos if repo is not None],
            "teams": lambda info, **args: self._teams(teams, args),
            "team": lambda info, slug: next((self.team(t) for t in teams if t.slug == slug), None),
        }

    def _teams(self, teams: list[FakeTeam], args: dict[str, Any]) -> dict[str, Any]:
        chosen = teams
        if args.get("userLogins"):
            wanted = {login.lower() for login in args["userLogins"]}
            chosen = [t for t in chosen if wanted & {login.lower() for login in t.members}]
        if args.get("rootTeamsOnly"):
            chosen = [t for t in chosen if t.parent is None]
        if args.get("query"):
            chosen = [t for t in chosen if args["query"].lower() in (t.slug + " " + t.name).lower()]
        ordered = sorted(chosen, key=lambda t: t.name.lower())
        page_args = {key: value for key, value in args.items() if key != "orderBy"}
        if (args.get("orderBy") or {}).get("direction") == "DESC":
            ordered.reverse()
        return paginate([self.team(t) for t in ordered], page_args, "teams")

    def team(self, team: FakeTeam) -> dict[str, Any]:
        directory = self.world.directory
        children = [t for t in directory.teams.get(team.org.lower(), []) if t.parent == team.slug]
        obj = {
            "__typename": "Team",
            "id": team.node_id,
            "databaseId": team.database_id,
            "slug": team.slug,
            "name": team.name,
            "combinedSlug": f"{team.org}/{team.slug}",
            "members": lambda info, **args: self._members(team, children, args),
            "repositories": lambda info, **args: self._repositories(team, args),
        }
        return obj

    def _members(self, team: FakeTeam, children: list[FakeTeam], args: dict[str, Any]) -> dict[str, Any]:
        membership = args.get("membership") or "ALL"
        roles: dict[str, str] = {}
        if membership in ("ALL", "IMMEDIATE"):
            roles.update(team.members)
        if membership in ("ALL", "CHILD_TEAM"):
            for child in children:
                for login, role in child.members.items():
                    roles.setdefault(login, role)
        if args.get("role"):
            roles = {login: role for login, role in roles.items() if role == args["role"]}
        if args.get("query"):
            roles = {login: role for login, role in roles.items() if args["query"].lower() in login.lower()}
        people = [self.world.directory.profile(login).graphql() for login in sorted(roles, key=str.lower)]
        page_args = {key: value for key, value in args.items() if key in ("first", "last", "after", "before")}
        connection = paginate(people, page_args, "members")
        for edge in connection["edges"]:
            edge["role"] = roles[edge["node"]["login"]]
        return connection

    def _repositories(self, team: FakeTeam, args: dict[str, Any]) -> dict[str, Any]:
        repos = [(self.world.repo(name), permission) for name, permission in team.repos.items()]
        found = [(repo, permission) for repo, permission in repos if repo is not None]
        found.sort(key=lambda pair: pair[0].full_name.lower())
        page_args = {key: value for key, value in args.items() if key in ("first", "last", "after", "before")}
        connection = paginate([repo.graphql() for repo, _ in found], page_args, "repositories")
        permissions = {repo.node_id: permission for repo, permission in found}
        for edge in connection["edges"]:
            edge["permission"] = permissions[edge["node"]["id"]]
        return connection

    # -- search -----------------------------------------------------------------------------------

    def search(self, info: GraphQLResolveInfo, query: str, type: str, **args: Any) -> dict[str, Any]:
        if type != "ISSUE":
            raise GraphQLError(f"the fake GitHub searches only issues, not {type}")
        try:
            found = IssueSearch(self.world).run(query)
        except SearchError as exc:
            raise GraphQLError(exc.message, extensions={"type": "UNPROCESSABLE"}) from None
        connection = paginate(found[:RESULT_CAP], args, "search")
        connection["issueCount"] = len(found)
        connection["codeCount"] = connection["repositoryCount"] = connection["userCount"] = 0
        return connection
