"""Finding people's Jira accounts: Jira's user search, by email first, then by display name.

Cloud (``user/search?query=``) matches the query against display names and email addresses, including
addresses the user hides (they are then absent from the answer); Data Center (``?username=``) matches
usernames, display names and emails. Only active human accounts count (Cloud also lists app accounts).
A match is one account: by email when exactly one account has that address (or, on Cloud, when the
address search finds exactly one account whose address is hidden), else by display name when exactly
one account has that name; several candidates are ambiguous and left to a person to pick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests
from jira.exceptions import JIRAError

from ..base import SourceError
from .connection import JiraConnection
from .retry import RateLimitExhausted


@dataclass(frozen=True)
class JiraAccount:
    id: str  # Cloud accountId, Data Center username
    display_name: str
    email: str | None  # None when Cloud hides it

    def describe(self) -> str:
        return f"{self.id} ({self.display_name}{', ' + self.email if self.email else ''})"


@dataclass(frozen=True)
class JiraMatch:
    account: JiraAccount | None
    how: str | None  # "email" | "name" | None
    candidates: tuple[JiraAccount, ...] = field(default=())  # when ambiguous


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class JiraUsers:
    """User search on one connection; :meth:`match` finds one person's account."""

    def __init__(self, connection: JiraConnection) -> None:
        self.connection = connection
        self.cloud = connection.deployment.cloud

    def account(self, raw: dict[str, Any]) -> JiraAccount | None:
        """The account of a user payload (a project lead, a search result), None for apps and the inactive."""
        if not raw or raw.get("active") is False or raw.get("accountType", "atlassian") != "atlassian":
            return None
        account_id = raw.get("accountId") if self.cloud else raw.get("name")
        if not account_id:
            return None
        email = str(raw.get("emailAddress") or "").strip() or None
        return JiraAccount(str(account_id), str(raw.get("displayName") or account_id), email)

    def search(self, text: str) -> list[JiraAccount]:
        client = self.connection.client
        try:
            found = client.search_users(query=text) if self.cloud else client.search_users(user=text)
        except JIRAError as exc:
            raise SourceError(
                f"{self.connection.base_url} user search answered HTTP {exc.status_code}"
            ) from None
        except (RateLimitExhausted, requests.RequestException) as exc:
            raise SourceError(f"{self.connection.base_url} user search: {type(exc).__name__}") from None
        accounts = [self.account(getattr(user, "raw", None) or {}) for user in found]
        return [account for account in accounts if account is not None]

    def match(self, email: str | None, name: str | None) -> JiraMatch:
        if email:
            found = self.search(email)
            exact = [a for a in found if a.email and a.email.casefold() == email.casefold()]
            if not exact and self.cloud and len(found) == 1 and found[0].email is None:
                exact = found  # Cloud found the address but hides it
            if len(exact) == 1:
                return JiraMatch(exact[0], "email")
            if len(exact) > 1:
                return JiraMatch(None, None, tuple(exact))
        if name:
            named = [a for a in self.search(name) if _same(a.display_name, name)]
            if len(named) == 1:
                return JiraMatch(named[0], "name")
            if len(named) > 1:
                return JiraMatch(None, None, tuple(named))
        return JiraMatch(None, None)
