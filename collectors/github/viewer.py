"""Who a token belongs to: ``viewer { login name email }`` and the organisations it is a member of.

One GraphQL request, which is also the token check (refused: :class:`~collectors.base.AuthError`;
no answer: :class:`~collectors.github.errors.Unreachable`). ``email`` is the public profile email:
GitHub answers ``""`` when the person keeps it private, and this gives None.
"""

from __future__ import annotations

from dataclasses import dataclass

from .queries import RATE_LIMIT
from .transport import Transport

VIEWER_QUERY = (
    f"query Viewer {{ {RATE_LIMIT} viewer {{ login name email "
    "organizations(first: 100) { nodes { login } } } }"
)


@dataclass(frozen=True)
class Viewer:
    login: str
    name: str | None
    email: str | None
    orgs: tuple[str, ...]


def read_viewer(transport: Transport) -> Viewer:
    data = transport.graphql(VIEWER_QUERY, {}, "viewer")
    viewer = data.get("viewer") or {}
    orgs = ((viewer.get("organizations") or {}).get("nodes")) or []
    return Viewer(
        login=str(viewer.get("login") or ""),
        name=(viewer.get("name") or "").strip() or None,
        email=(viewer.get("email") or "").strip() or None,
        orgs=tuple(str(org["login"]) for org in orgs if org and org.get("login")),
    )
