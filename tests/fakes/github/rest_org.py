"""REST routes of the fake GitHub for people and organisations, in GitHub's shapes.

``GET /user`` and ``/users/{login}`` (profiles: ``email`` null when private), ``/orgs/{org}/teams``,
``/orgs/{org}/teams/{slug}``, ``…/members`` (``?role=``) and ``…/repos`` (each repository with the team's
``permissions`` and ``role_name``), paged with ``per_page``/``page`` and ``Link`` headers. Team routes
need the ``read:org`` scope: without it they answer 403, naming the scope in
``X-Accepted-OAuth-Scopes``; every answer carries the token's scopes in ``X-OAuth-Scopes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from .org import REST_PERMISSIONS, REST_ROLE

if TYPE_CHECKING:
    from .server import _Handler

NO_SCOPE = "Resource not accessible by personal access token"


def _paged(handler: _Handler, base: str, path: str, items: list[dict[str, Any]]) -> None:
    query = parse_qs(urlsplit(handler.path).query)
    per_page = max(1, min(100, int((query.get("per_page") or ["30"])[0])))
    page = max(1, int((query.get("page") or ["1"])[0]))
    chunk = items[(page - 1) * per_page : page * per_page]
    last = max(1, -(-len(items) // per_page))
    url = f"{base}{path}?per_page={per_page}&page="
    links = []
    if page < last:
        links += [f'<{url}{page + 1}>; rel="next"', f'<{url}{last}>; rel="last"']
    if page > 1:
        links += [f'<{url}{page - 1}>; rel="prev"', f'<{url}1>; rel="first"']
    handler._send(200, chunk, {"Link": ", ".join(links)} if links else {})


def scope_headers(handler: _Handler) -> dict[str, str]:
    return {"X-OAuth-Scopes": ", ".join(sorted(handler.fake.world.directory.scopes))}


def answer_org(handler: _Handler, parts: list[str], base: str) -> bool:
    """Answer a people or organisation route; False when ``parts`` is none of them."""
    world = handler.fake.world
    directory = world.directory
    if parts == ["user"]:
        handler._send(200, directory.profile(world.viewer).rest(base), scope_headers(handler))
        return True
    if len(parts) == 2 and parts[0] == "users":
        if not directory.known(parts[1]):
            handler._error(404, "Not Found")
        else:
            handler._send(200, directory.profile(parts[1]).rest(base))
        return True
    if len(parts) >= 4 and parts[0] == "organizations" and parts[2] == "team":
        # where a team's own ``url`` points, as on github.com: /organizations/{org id}/team/{team id}
        team = next(
            (t for teams in directory.teams.values() for t in teams if str(t.database_id) == parts[3]), None
        )
        if team is None:
            handler._error(404, "Not Found")
            return True
        parts = ["orgs", team.org, "teams", team.slug, *parts[4:]]
    if len(parts) < 3 or parts[0] != "orgs" or parts[2] != "teams":
        return False
    org = parts[1]
    if org.lower() not in world.orgs:
        handler._error(404, "Not Found")
        return True
    if not directory.can_read_org():
        headers = {
            **scope_headers(handler),
            "X-Accepted-OAuth-Scopes": "admin:org, read:org, repo, write:org",
        }
        handler._error(403, NO_SCOPE, headers)
        return True
    teams = directory.teams.get(org.lower(), [])
    if len(parts) == 3:
        _paged(handler, base, f"/orgs/{org}/teams", [team.rest(base) for team in teams])
        return True
    team = directory.team(org, parts[3])
    if team is None:
        handler._error(404, "Not Found")
        return True
    if len(parts) == 4:
        handler._send(
            200, {**team.rest(base), "members_count": len(team.members), "repos_count": len(team.repos)}
        )
    elif parts[4:] == ["members"]:
        role = (parse_qs(urlsplit(handler.path).query).get("role") or ["all"])[0].upper()
        logins = [login for login, kind in team.members.items() if role in ("ALL", kind)]
        users = [directory.profile(login).simple(base) for login in logins]
        _paged(handler, base, f"/orgs/{org}/teams/{team.slug}/members", users)
    elif parts[4:] == ["repos"]:
        repos = []
        for name, permission in team.repos.items():
            repo = world.repo(name)
            if repo is not None:
                repos.append(
                    {
                        **repo.rest(base),
                        "permissions": REST_PERMISSIONS[permission],
                        "role_name": REST_ROLE[permission],
                    }
                )
        _paged(handler, base, f"/orgs/{org}/teams/{team.slug}/repos", repos)
    else:
        handler._error(404, "Not Found")
    return True
