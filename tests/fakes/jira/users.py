"""``GET /rest/api/{2,3}/user/search`` of the Jira fake, Cloud or Data Center.

Cloud takes ``query`` and matches it against the start of the display name, of any word in it, and of
the email address, even when the user hides that address (it is then left out of the answer); the old
``username`` parameter is refused. Data Center takes ``username`` and matches the start of the username,
the display name or the email. Both page with ``startAt``/``maxResults`` (at most 1,000 on Data
Center, 100 on Cloud here), leave inactive accounts out unless ``includeInactive=true``, and Cloud also
lists app (integration) accounts, as the real one does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .data import FakeUser

if TYPE_CHECKING:
    from .routes import Request, Response
    from .server import FakeJira


def _matches(user: FakeUser, text: str, *, cloud: bool) -> bool:
    text = text.lower()
    names = [user.display_name.lower(), *user.display_name.lower().split()]
    fields = [*names, user.address.lower()] + ([] if cloud else [user.handle.lower()])
    return any(field.startswith(text) for field in fields)


def user_search(fake: FakeJira, request: Request) -> Response:
    from .routes import Response, _error

    text = request.arg("query") if fake.cloud else request.arg("username")
    if fake.cloud and request.arg("username"):
        return _error(400, "The query parameter 'username' is not supported in GDPR strict mode.")
    if not text:
        return _error(
            400,
            "The username query parameter was not provided"
            if not fake.cloud
            else "One of 'query' or 'property' parameters must be provided",
        )
    inactive = (request.arg("includeInactive") or "false").lower() == "true"
    active = (request.arg("includeActive") or "true").lower() == "true"
    found = [
        user
        for user in sorted(fake.data.users.values(), key=lambda u: (u.display_name, u.handle))
        if _matches(user, text, cloud=fake.cloud)
        and ((user.active and active) or (not user.active and inactive))
    ]
    start = max(0, request.number("startAt", 0))
    limit = max(1, min(100 if fake.cloud else 1000, request.number("maxResults", 50)))
    renderer = fake.renderer()
    return Response(200, [renderer.user(user.handle) for user in found[start : start + limit]])
