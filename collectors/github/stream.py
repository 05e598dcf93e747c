"""One repository's pull requests or issues, newest update first, incremental and resumable.

State kept per repository scope, under the stream's name (``pulls`` / ``issues``)::

    {"watermark": "<updatedAt of the newest item of the last finished pass>",
     "pass": {"cursor": "<endCursor of the last saved page>", "floor": "<stop below this updatedAt>",
              "high": "<newest updatedAt seen in this pass>"} | null}

A pass walks pages ordered by ``UPDATED_AT DESC`` and stops at the first item older than its floor (the
watermark minus :data:`OVERLAP`, or the configured ``since``); GitHub's ``pullRequests`` has no ``since``
filter, so this is how an unchanged repository costs one request. Every page's events are saved together
with the cursor that follows them, so a kill at any point resumes on the next page; when the pass ends,
the watermark moves to its ``high``. Items updated during a pass sort above its ``high`` and are picked
up by the next pass. Pages shrink when GitHub times out. An item is stored whole: events it no longer
yields (a deleted comment, an issue that became a retro) are deleted with its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..base import SyncRun
from ..events import Event, utc
from ..normalise.github import MalformedPayload
from .connections import FollowUps
from .errors import QueryTooHeavy
from .queries import NestedSizes
from .transport import Transport

OVERLAP = timedelta(minutes=10)
PAGE_SIZE = 50
#: First page of an incremental pass: most syncs find little new, so start small and double.
INCREMENTAL_FIRST_PAGE = 10
MAX_TIMEOUTS = 8


@dataclass(frozen=True)
class StreamSpec:
    """What differs between pull requests and issues."""

    name: str  # key in the scope state
    connection: str  # GraphQL connection on Repository
    typename: str  # GraphQL type of its nodes
    query: str
    nested_variables: tuple[str, ...]
    server_side_since: bool  # True: the query filters by ``$since`` itself
    to_events: Callable[[str, dict[str, Any]], list[Event]]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Stream:
    """Syncs one :class:`StreamSpec` of one repository; ``on_progress(items, total)`` after each page."""

    def __init__(
        self,
        spec: StreamSpec,
        repo: str,
        transport: Transport,
        run: SyncRun,
        *,
        since: datetime | None,
        on_progress: Callable[[int, int | None], None],
    ) -> None:
        self.spec = spec
        self.repo = repo
        self.owner, self.name = repo.split("/", 1)
        self.transport = transport
        self.run = run
        self.since = since
        self.on_progress = on_progress
        self.sizes = NestedSizes()
        self.follow_ups = FollowUps(transport, repo, self.sizes.thread_comments)

    def _floor(self, watermark: str | None) -> str | None:
        if watermark:
            return _iso(utc(watermark) - OVERLAP)
        return _iso(self.since) if self.since else None

    def sync(self, scope_state: dict[str, Any]) -> dict[str, Any]:
        """Run (or resume) a pass; ``scope_state`` is the repository's whole state, updated and saved
        after every page and returned at the end."""
        mine = dict(scope_state.get(self.spec.name) or {})
        watermark = mine.get("watermark")
        current = mine.get("pass") or {"cursor": None, "floor": self._floor(watermark), "high": None}
        page_size = INCREMENTAL_FIRST_PAGE if watermark and not current["cursor"] else PAGE_SIZE
        ceiling, timeouts, items = PAGE_SIZE, 0, 0
        while True:
            try:
                connection = self._page(current, page_size)
            except QueryTooHeavy:
                timeouts += 1
                if timeouts > MAX_TIMEOUTS or (page_size == 1 and self.sizes.minimal()):
                    raise
                if page_size > 1:
                    page_size = ceiling = max(1, page_size // 2)
                else:
                    self.sizes = self.sizes.halved()
                continue
            timeouts = 0
            nodes = [node for node in connection.get("nodes") or [] if node]
            floor = current["floor"]
            kept = [node for node in nodes if not floor or (node.get("updatedAt") or "") >= floor]
            page_info = connection.get("pageInfo") or {}
            finished = len(kept) < len(nodes) or not page_info.get("hasNextPage")
            self.follow_ups.complete(kept, self.spec.typename)
            events, whole = self._events(kept)
            high = max([current["high"] or "", *(node.get("updatedAt") or "" for node in kept)]) or None
            if finished:
                mine = {"watermark": high or watermark, "pass": None}
            else:
                current = {"cursor": page_info.get("endCursor"), "floor": floor, "high": high}
                mine = {"watermark": watermark, "pass": current}
            scope_state = {**scope_state, self.spec.name: mine}
            self.run.save(events, scope=self.repo, state=scope_state, complete_items=whole)
            items += len(kept)
            self.on_progress(len(kept), connection.get("totalCount") if not watermark else None)
            if finished:
                return scope_state
            page_size = min(ceiling, page_size * 2)

    def _page(self, current: dict[str, Any], page_size: int) -> dict[str, Any]:
        variables: dict[str, Any] = {
            "owner": self.owner,
            "name": self.name,
            "first": page_size,
            "after": current["cursor"],
        }
        nested = self.sizes.variables()
        variables.update({key: nested[key] for key in self.spec.nested_variables})
        if self.spec.server_side_since:
            variables["since"] = current["floor"]
        data = self.transport.graphql(self.spec.query, variables, self.repo)
        repository = data.get("repository") or {}
        return repository.get(self.spec.connection) or {}

    def _events(self, nodes: list[dict[str, Any]]) -> tuple[list[Event], list[str]]:
        """The events of ``nodes`` (completed: every nested page fetched) and the items they make
        whole; a malformed node is reported and leaves its stored events as they were."""
        events: list[Event] = []
        whole: list[str] = []
        for node in nodes:
            try:
                made = self.spec.to_events(self.repo, node)
            except MalformedPayload as exc:
                self.run.problem(self.repo, "malformed", str(exc))
                continue
            events += made
            whole += list(dict.fromkeys(event.item for event in made if event.item))
        return events, whole
