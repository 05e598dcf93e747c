"""The slice of JQL the collector sends, evaluated the way Jira does (dates in the user's time zone).

Supported: ``project = X``, ``project in (X, Y)``, ``key = K``, ``key in (...)``, ``labels = L``,
``labels in (...)``, ``updated|created >= "yyyy/MM/dd HH:mm"`` (also ``>``, ``<=``, ``<``, and
``yyyy-MM-dd`` forms), ``AND``, parentheses, and ``ORDER BY field [ASC|DESC], ...``. Anything else is a
400 with Jira's error shape, as is a project that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from .data import FakeIssue

Predicate = Callable[[FakeIssue], bool]


class JqlError(ValueError):
    """A JQL query Jira would refuse with 400; ``messages`` go into ``errorMessages``."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


_TOKEN = re.compile(r'\s*(?:(?P<str>"[^"]*")|(?P<op>>=|<=|!=|=|>|<|\(|\)|,)|(?P<word>[^\s=<>!(),"]+))')


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise JqlError([f"Error in the JQL Query: unexpected character at position {pos}."])
        tokens.append(match.group(0).strip())
        pos = match.end()
    return [token for token in tokens if token]


def _unquote(token: str) -> str:
    return token[1:-1] if token.startswith('"') else token


def _parse_date(text: str, tz: ZoneInfo) -> datetime:
    for fmt in ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise JqlError([f"Date value '{text}' for field 'updated' is invalid."])


class _Parser:
    def __init__(self, tokens: list[str], projects: set[str], tz: ZoneInfo) -> None:
        self.tokens, self.pos, self.projects, self.tz = tokens, 0, projects, tz

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise JqlError(["Error in the JQL Query: Expecting more input."])
        self.pos += 1
        return token

    def expression(self) -> Predicate:
        parts = [self.term()]
        while (self.peek() or "").upper() == "AND":
            self.take()
            parts.append(self.term())
        return lambda issue: all(part(issue) for part in parts)

    def term(self) -> Predicate:
        if self.peek() == "(":
            self.take()
            inner = self.expression()
            if self.take() != ")":
                raise JqlError(["Error in the JQL Query: Expecting ')'."])
            return inner
        field, op = self.take().lower(), self.take()
        if op.lower() == "in":
            if self.take() != "(":
                raise JqlError(["Error in the JQL Query: Expecting '(' after IN."])
            values = []
            while (token := self.take()) != ")":
                if token != ",":
                    values.append(_unquote(token))
            return self.membership(field, values)
        value = _unquote(self.take())
        if field in ("updated", "created"):
            return self.compare(field, op, _parse_date(value, self.tz))
        if op != "=":
            raise JqlError([f"Error in the JQL Query: operator '{op}' is not supported for '{field}'."])
        return self.membership(field, [value])

    def membership(self, field: str, values: list[str]) -> Predicate:
        if field == "project":
            for value in values:
                if value.upper() not in self.projects:
                    raise JqlError([f"The value '{value}' does not exist for the field 'project'."])
            wanted = {value.upper() for value in values}
            return lambda issue: issue.project in wanted
        if field in ("key", "issuekey"):
            keys = {value.upper() for value in values}
            return lambda issue: issue.key in keys
        if field == "labels":
            labels = set(values)
            return lambda issue: bool(labels & set(issue.labels))
        raise JqlError([f"Field '{field}' does not exist or you do not have permission to view it."])

    def compare(self, field: str, op: str, when: datetime) -> Predicate:
        ops = {
            ">=": lambda a: a >= when,
            ">": lambda a: a > when,
            "<=": lambda a: a <= when,
            "<": lambda a: a < when,
            "=": lambda a: a == when,
        }
        if op not in ops:
            raise JqlError([f"Error in the JQL Query: operator '{op}' is not supported for '{field}'."])
        return lambda issue: ops[op](getattr(issue, field))


def compile_jql(text: str, projects: set[str], tz: ZoneInfo) -> tuple[Predicate, list[tuple[str, bool]]]:
    """The filter and the ``[(field, descending)]`` order of a query; :class:`JqlError` if refused."""
    parts = re.split(r"(?i)\border\s+by\b", text, maxsplit=1)
    head, order = parts[0], parts[1] if len(parts) > 1 else ""
    tokens = _tokens(head)
    predicate: Predicate = lambda issue: True  # noqa: E731
    if tokens:
        parser = _Parser(tokens, projects, tz)
        predicate = parser.expression()
        if parser.peek() is not None:
            raise JqlError([f"Error in the JQL Query: unexpected '{parser.peek()}'."])
    ordering = []
    for clause in filter(None, (part.strip() for part in order.split(","))):
        words = clause.split()
        ordering.append((words[0].lower(), len(words) > 1 and words[1].upper() == "DESC"))
    return predicate, ordering or [("created", True)]
