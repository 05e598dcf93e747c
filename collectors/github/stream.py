"""One repository's pull requests or issues, newest update first, incremental and resumable.

State kept per repository scope, under the stream's name (``pulls`` / ``issues``)::

    {"watermark": "<updatedAt of the newest item of the last finished pass>",
     "pass": {"cursor": "<endCursor of the last saved page>", "floor": "<stop below this updatedAt>",
              "high": "<newest updatedAt seen in this pass>"} | null}

A pass walks pages ordered by ``UPDATED_AT DESC`` and stops at the first item older than its floor (the
watermark minus :data:`OVERLAP`, or the configured ``since``); GitHub's ``pullRequests`` has no ``since``
filter, so this is how a pass stops. Whether a pass is needed at all is decided first, from the
survey's newest ``updatedAt`` (:func:`needs_pass`): an unchanged stream costs no request of its own.
Every page's events are saved together with the cursor that follows them, so a kill at any point
resumes on the next page; when the pass ends, the watermark moves to its ``high``. Items updated during
a pass sort above its ``high`` and are picked up by the next pass. Pages shrink while GitHub keeps timing
out and grow back after answers (:mod:`.sizing`). An item is stored whole: events it no longer yields
(a deleted comment, an issue that became a retro) are deleted with its page.
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
from .queries import IdFields, NestedSizes
from .sizing import Limits, shrinking
from .transport import Transport

OVERLAP = timedelta(minutes=10)
PAGE_SIZE = 50
#: First page of an incremental pass: most syncs find little new, so start small and double.
INCREMENTAL_FIRST_PAGE = 10
#: Nested sizes are scaled by ``nested / NESTED_FULL`` when GitHub keeps timing out.
NESTED_FULL = 16


@dataclass(frozen=True)
class StreamSpec:
    """What differs between pull requests and issues."""

    name: str  # key in the scope state
    connection: str  # GraphQL connection on Repository
    typename: str  # GraphQL type of its nodes
    query: Callable[[IdFields], str]
    nested_variables: tuple[str, ...]
    server_side_since: bool  # True: the query filters by ``$since`` itself
    to_events: Callable[[str, dict[str, Any]], list[Event]]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def needs_pass(mine: dict[str, Any] | None, newest: str | None, since: datetime | None) -> bool:
    """Whether a stream whose state is ``mine`` has anything to fetch, given the ``updatedAt`` of its
    newest item now (None: it has none, or none since ``since``): a pass to resume, or an item updated
    after the watermark (after ``since`` when there is none yet)."""
    if mine and mine.get("pass"):
        return True
    if newest is None:
        return False
    return newest > ((mine or {}).get("watermark") or (_iso(since) if since else ""))


class Stream:
    """Syncs one :class:`StreamSpec` of one repository; ``on_progress(items)`` after each saved page."""

    def __init__(
        self,
        spec: StreamSpec,
        repo: str,
        transport: Transport,
        run: SyncRun,
        *,
        since: datetime | None,
        ids: IdFields,
        on_progress: Callable[[int], None],
    ) -> None:
        self.spec = spec
        self.repo = repo
        self.owner, self.name = repo.split("/", 1)
        self.transport = transport
        self.run = run
        self.since = since
        self.ids = ids
        self.on_progress = on_progress
        self.follow_ups = FollowUps(transport, repo, ids)

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
        first = INCREMENTAL_FIRST_PAGE if watermark and not current["cursor"] else PAGE_SIZE
        limits = Limits({"first": first}, first=PAGE_SIZE, nested=NESTED_FULL)
        while True:
            connection = shrinking(limits, lambda lim, at=current: self._page(at, lim), self.repo)
            nodes = [node for node in connection.get("nodes") or [] if node]
            floor = current["floor"]
            kept = [node for node in nodes if not floor or (node.get("updatedAt") or "") >= floor]
            page_info = connection.get("pageInfo") or {}
            finished = len(kept) < len(nodes) or not page_info.get("hasNextPage")
            self.follow_ups.complete(kept, self.spec.typename, self._nested(limits))
            events, whole = self._events(kept)
            high = max([current["high"] or "", *(node.get("updatedAt") or "" for node in kept)]) or None
            if finished:
                mine = {"watermark": high or watermark, "pass": None}
            else:
                current = {"cursor": page_info.get("endCursor"), "floor": floor, "high": high}
                mine = {"watermark": watermark, "pass": current}
            scope_state = {**scope_state, self.spec.name: mine}
            self.run.save(events, scope=self.repo, state=scope_state, complete_items=whole)
            self.on_progress(len(kept))
            if finished:
                return scope_state

    @staticmethod
    def _nested(limits: Limits) -> NestedSizes:
        return NestedSizes().scaled(limits["nested"] / NESTED_FULL)

    def _page(self, current: dict[str, Any], limits: Limits) -> dict[str, Any]:
        variables: dict[str, Any] = {
            "owner": self.owner,
            "name": self.name,
            "first": limits["first"],
            "after": current["cursor"],
        }
        nested = self._nested(limits).variables()
        variables.update({key: nested[key] for key in self.spec.nested_variables})
        if self.spec.server_side_since:
            variables["since"] = current["floor"]
        data = self.transport.graphql(self.spec.query(self.ids), variables, self.repo)
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
