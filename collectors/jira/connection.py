"""An authenticated ``jira.JIRA`` client on a :class:`RetryingSession`, with what the sync needs to know.

:func:`connect` makes three requests: ``serverInfo`` (deployment), ``myself`` (credentials and the user's
time zone, which JQL dates are read in) and ``field`` (the id of the Flagged custom field, also priming
the library's field cache so it never fetches the list again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from jira import JIRA
from jira.exceptions import JIRAError

from ..base import AuthError, SourceError
from .deployment import Deployment, detect_deployment
from .retry import RateLimitExhausted, RetryingSession

FLAGGED_NAME = "Flagged"


@dataclass
class JiraConnection:
    client: JIRA
    session: RetryingSession
    deployment: Deployment
    time_zone: ZoneInfo
    flagged_field: str | None
    base_url: str

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET ``/rest/api/2/<path>`` through the client (for endpoints the library has no method for)."""
        return self.client._get_json(path, params=params)


def _refused(exc: JIRAError, url: str) -> AuthError:
    return AuthError(f"{url} refused the credentials (HTTP {exc.status_code}); check the user and token")


def connect(
    url: str,
    *,
    user: str | None,
    token: str,
    max_wait_seconds: float,
    on_request: Callable[[], None],
    on_wait: Callable[[float, str], None],
) -> JiraConnection:
    """Open and check a connection. AuthError for refused credentials, SourceError if unusable."""
    auth: dict[str, Any] = {"basic_auth": (user, token)} if user else {"token_auth": token}
    client = JIRA(server=url, get_server_info=False, max_retries=0, logging=False, timeout=60, **auth)
    session = RetryingSession(max_wait_seconds=max_wait_seconds, on_request=on_request, on_wait=on_wait)
    session.headers.update(client._session.headers)
    session.auth = client._session.auth
    session.verify = client._session.verify
    client._session.close()
    client._session = session
    try:
        deployment = detect_deployment(client.server_info())
        client.deploymentType = deployment.deployment_type  # what the library's cloud checks read
        client._version = deployment.version or (0, 0, 0)
        me = client.myself()
        fields = client.fields()
    except JIRAError as exc:
        if exc.status_code in (401, 403):
            raise _refused(exc, url) from None
        raise SourceError(f"{url} answered HTTP {exc.status_code}: {exc.text or 'no message'}") from None
    except (requests.RequestException, RateLimitExhausted) as exc:
        raise SourceError(f"cannot reach {url}: {type(exc).__name__}") from None
    except ValueError as exc:
        raise SourceError(f"{url} is not a usable Jira server: {exc}") from None
    try:
        time_zone = ZoneInfo(str(me.get("timeZone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        time_zone = ZoneInfo("UTC")
    flagged = next((f["id"] for f in fields if f.get("name") == FLAGGED_NAME and f.get("custom")), None)
    client._fields_cache_value = {name: f["id"] for f in fields for name in f.get("clauseNames") or []}
    return JiraConnection(client, session, deployment, time_zone, flagged, url)
