"""Issue search of the fake GitHub: the qualifiers a footprint needs, read the way GitHub reads them.

Qualifiers: ``involves:``, ``author:``, ``assignee:``, ``commenter:``, ``mentions:``, ``reviewed-by:``,
``updated:``/``created:`` (``>=X``, ``>X``, ``<=X``, ``<X``, ``X..Y``, ``X..*``, ``*..Y``, ``X``; a
date or an ISO 8601 time, ``Z`` or an offset), ``is:pr``/``is:issue``/``type:``, ``is:open``/``is:closed``,
``repo:``, ``org:``/``user:`` and ``sort:updated-asc`` and the like. GitHub's semantics, including the
gaps a client must cover: ``involves:`` is author OR assignee OR commenter OR mentions, where a commenter
wrote a conversation comment; a review (with or without inline comments) is found only by
``reviewed-by:``. A login GitHub does not know fails the query (HTTP 422, GitHub's message); so does
anything else this fake does not implement, loudly, instead of matching nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .world import World

UNKNOWN_USERS = (
    "The listed users cannot be searched either because the users do not exist or you do not have "
    "permission to view the users."
)
#: GitHub serves at most this many results of one query, however it is paged.
RESULT_CAP = 1000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PEOPLE = ("involves", "author", "assignee", "commenter", "mentions", "reviewed-by")


class SearchError(Exception):
    """A query GitHub would refuse with HTTP 422: ``message`` and the ``errors`` entry of the answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TimeRange:
    start: datetime | None  # included
    end: datetime | None  # excluded

    def __contains__(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment < self.end)


def _moment(text: str) -> tuple[datetime, timedelta]:
    """The instant ``text`` names and its granularity: a date is midnight UTC and a day long, an
    ISO 8601 time (``Z`` or an offset) is a second long."""
    if _DATE.match(text):
        return datetime.fromisoformat(text).replace(tzinfo=UTC), timedelta(days=1)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SearchError(f"Invalid date: {text!r}") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), timedelta(seconds=1)


def _lower(text: str, *, strict: bool) -> datetime | None:
    """Where a range starting at ``text`` starts (included); ``strict``: after all of ``text``."""
    if text == "*":
        return None
    moment, length = _moment(text)
    return moment + length if strict else moment


def _upper(text: str, *, inclusive: bool) -> datetime | None:
    """Where a range ending at ``text`` ends (excluded); ``inclusive``: all of ``text`` is in it."""
    if text == "*":
        return None
    moment, length = _moment(text)
    return moment + length if inclusive else moment


def parse_range(text: str) -> TimeRange:
    """GitHub's range syntax for ``updated:`` and ``created:``."""
    if text.startswith(">="):
        return TimeRange(_lower(text[2:], strict=False), None)
    if text.startswith("<="):
        return TimeRange(None, _upper(text[2:], inclusive=True))
    if text.startswith(">"):
        return TimeRange(_lower(text[1:], strict=True), None)
    if text.startswith("<"):
        return TimeRange(None, _upper(text[1:], inclusive=False))
    low, dots, high = text.partition("..")
    if dots:
        return TimeRange(_lower(low, strict=False), _upper(high, inclusive=True))
    return TimeRange(_lower(text, strict=False), _upper(text, inclusive=True))


def _login(actor: dict[str, Any] | None) -> str | None:
    if not actor or actor.get("__typename") != "User":
        return None
    return str(actor["login"]).lower()


def _mentions(text: str | None, login: str) -> bool:
    return bool(text) and re.search(rf"(?<![\w@])@{re.escape(login)}(?![\w-])", text or "", re.I) is not None


def _people_test(qualifier: str, login: str) -> Callable[[dict[str, Any]], bool]:
    login = login.lower()

    def author(item: dict[str, Any]) -> bool:
        return _login(item.get("author")) == login

    def assignee(item: dict[str, Any]) -> bool:
        return any(_login(a) == login for a in item.get("assignees", []))

    def commenter(item: dict[str, Any]) -> bool:
        return any(_login(c.get("author")) == login for c in item["comments"])

    def mentions(item: dict[str, Any]) -> bool:
        texts = [item.get("body"), *(c.get("body") for c in item["comments"])]
        texts += [r.get("body") for r in item.get("reviews", [])]
        texts += [c.get("body") for t in item.get("reviewThreads", []) for c in t["comments"]]
        return any(_mentions(text, login) for text in texts)

    def reviewed_by(item: dict[str, Any]) -> bool:
        if item["__typename"] != "PullRequest":
            return False
        if any(_login(r.get("author")) == login and r.get("submittedAt") for r in item["reviews"]):
            return True
        # On GitHub every inline comment belongs to a review of its own author.
        return any(_login(c.get("author")) == login for t in item["reviewThreads"] for c in t["comments"])

    def involves(item: dict[str, Any]) -> bool:
        return author(item) or assignee(item) or commenter(item) or mentions(item)

    tests = {
        "involves": involves,
        "author": author,
        "assignee": assignee,
        "commenter": commenter,
        "mentions": mentions,
        "reviewed-by": reviewed_by,
    }
    return tests[qualifier]


def _stamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _term_test(qualifier: str, value: str) -> Callable[[dict[str, Any]], bool]:
    """The test of one qualifier other than a person's and ``sort:``."""
    lowered = value.lower()
    if qualifier in ("updated", "created"):
        span, key = parse_range(value), f"{qualifier}At"
        return lambda item: _stamp(item[key]) in span
    if (qualifier, lowered) in (("is", "pr"), ("type", "pr")):
        return lambda item: item["__typename"] == "PullRequest"
    if (qualifier, lowered) in (("is", "issue"), ("type", "issue")):
        return lambda item: item["__typename"] == "Issue"
    if (qualifier, lowered) in (("is", "open"), ("state", "open")):
        return lambda item: item["state"] == "OPEN"
    if (qualifier, lowered) in (("is", "closed"), ("state", "closed")):
        return lambda item: item["state"] != "OPEN"
    if qualifier == "repo":
        return lambda item: item["_repo"].lower() == lowered
    if qualifier in ("org", "user"):
        return lambda item: item["_repo"].split("/")[0].lower() == lowered
    raise SearchError(f"the fake GitHub does not implement the qualifier {qualifier!r}")


_SORTS = {"updated": "updatedAt", "created": "createdAt", "comments": "comments"}


class IssueSearch:
    """Runs issue searches over a world: :meth:`run` gives every match, sorted, before any cap."""

    def __init__(self, world: World) -> None:
        self.world = world

    def run(self, query: str, *, sort: str | None = None, order: str | None = None) -> list[dict[str, Any]]:
        tests: list[Callable[[dict[str, Any]], bool]] = []
        unknown_users: list[str] = []
        for term in query.split():
            qualifier, colon, value = term.partition(":")
            qualifier = qualifier.lower()
            if not colon or not value:
                raise SearchError(f"the fake GitHub does not implement free-text search: {term!r}")
            if qualifier in _PEOPLE:
                if not self.world.directory.known(value):
                    unknown_users.append(value)
                tests.append(_people_test(qualifier, value))
            elif qualifier == "sort":
                field, _, direction = value.partition("-")
                sort, order = field, direction or "desc"
            else:
                tests.append(_term_test(qualifier, value))
        if unknown_users:
            raise SearchError(UNKNOWN_USERS)
        with self.world.lock:
            found = [item for item in self.world.items() if not item.get("_hidden")]
            found = [item for item in found if all(test(item) for test in tests)]
        key = _SORTS.get(sort or "", "createdAt")  # best match: newest first, as a stand-in
        if key == "comments":
            return sorted(found, key=lambda i: (len(i["comments"]), i["databaseId"]), reverse=order != "asc")
        descending = order != "asc" if sort else True
        return sorted(found, key=lambda i: (i[key], i["databaseId"]), reverse=descending)
