"""``[github] involves``: the items one person was involved in, collected whole, in batches.

For each login, :class:`~collectors.github.search.IssueSearch` finds the pull requests and issues
involving it (oldest update first, across every repository the token can see); they are fetched
:data:`BATCH` at a time through ``nodes(ids:)`` with the very fragments of a repository page
(:func:`~collectors.github.queries.items_query`), their overflowing nested lists completed by the same
follow-ups (:class:`~collectors.github.connections.FollowUps`) and turned into events by the same
normaliser, so an item synced this way gives exactly the events a repository sync gives it. Each item is
stored whole (events it no longer yields are deleted with its batch).

State, per login, under the scope ``involves:<login>``: ``{"watermark": "<updatedAt>"}``. Searches ask
``updated:>=`` the watermark minus :data:`~collectors.github.stream.OVERLAP` (the configured ``since``
on a first sync); after every saved batch the watermark moves to the update time of its newest item,
so an interrupted sync resumes there. When GitHub's search said its results were incomplete, the
events are still saved but the watermark stays, and the next sync searches that range again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from ..base import SyncRun
from ..events import Event, utc
from ..normalise.github import MalformedPayload
from .connections import FollowUps
from .issues import issues_spec
from .pulls import PULLS
from .queries import IdFields, NestedSizes, items_query
from .search import Hit, IssueSearch
from .search_pacer import SearchPacer
from .sizing import Limits, shrinking
from .stream import NESTED_FULL, OVERLAP
from .transport import Transport

#: Items per ``nodes(ids:)`` request (GitHub takes at most 100); halved while GitHub times out.
BATCH = 50


def scope_of(login: str) -> str:
    return f"involves:{login.lower()}"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _batches(hits: Iterator[Hit], size: Callable[[], int]) -> Iterator[list[Hit]]:
    while batch := list(islice(hits, size())):
        yield batch


class Involvement:
    """Syncs the items of one login; ``on_progress(items)`` after each saved batch."""

    def __init__(
        self,
        login: str,
        transport: Transport,
        pacer: SearchPacer,
        run: SyncRun,
        *,
        since: datetime | None,
        ids: IdFields,
        retro_label: str,
        on_progress: Callable[[int], None],
    ) -> None:
        self.login = login
        self.scope = scope_of(login)
        self.transport = transport
        self.run = run
        self.since = since
        self.ids = ids
        self.on_progress = on_progress
        self.search = IssueSearch(transport, pacer, self.scope)
        self.follow_ups = FollowUps(transport, self.scope, ids)
        self.limits = Limits(batch=BATCH, nested=NESTED_FULL)
        self.issue_events = issues_spec(retro_label).to_events
        self.items = 0

    def floor(self, state: dict[str, Any]) -> str:
        watermark = state.get("watermark")
        if watermark:
            return _iso(utc(watermark) - OVERLAP)
        return _iso(self.since) if self.since else "1970-01-01T00:00:00Z"

    def sync(self, state: dict[str, Any] | None) -> dict[str, Any]:
        """Run a pass from the committed ``state``; the state it leaves."""
        state = dict(state or {})
        hits = self.search.involved(self.login, self.floor(state))
        for batch in _batches(hits, lambda: self.limits["batch"]):
            nodes = self._fetch(batch)
            events, whole = self._events(nodes)
            if not self.search.incomplete:
                state = {**state, "watermark": max(state.get("watermark") or "", batch[-1].updated_at)}
            self.run.save(events, scope=self.scope, state=state, complete_items=whole)
            self.items += len(nodes)
            self.on_progress(len(nodes))
        if self.search.incomplete:
            self.run.problem(
                self.scope,
                "incomplete",
                "GitHub's search answered with incomplete results; what it found is saved and the next "
                "sync searches the same range again",
            )
        for second in self.search.crowded:
            self.run.problem(
                self.scope, "incomplete", f"more than 1,000 items updated at {second}: some may be missing"
            )
        return state

    def _fetch(self, batch: list[Hit]) -> list[dict[str, Any]]:
        """The nodes of ``batch``, complete (every nested page fetched); ids that resolve to nothing
        (deleted since the search) are left out."""
        nodes: list[dict[str, Any]] = []
        todo = list(batch)
        while todo:  # while GitHub times out the batch shrinks, and the rest is asked for after
            taken, found = shrinking(
                self.limits, lambda limits, todo=todo: self._nodes(todo[: limits["batch"]]), self.scope
            )
            nodes += found
            todo = todo[taken:]
        self.follow_ups.complete_typed(nodes, self._nested())
        return nodes

    def _nested(self) -> NestedSizes:
        return NestedSizes().scaled(self.limits["nested"] / NESTED_FULL)

    def _nodes(self, part: list[Hit]) -> tuple[int, list[dict[str, Any]]]:
        """One ``nodes(ids:)`` request for ``part``: how many hits it covered, and their nodes."""
        variables: dict[str, Any] = {
            "pulls": [hit.node_id for hit in part if hit.pull],
            "issues": [hit.node_id for hit in part if not hit.pull],
            **self._nested().variables(),
        }
        answer = self.transport.graphql_answer(items_query(self.ids), variables, self.scope)
        found = [node for key in ("pulls", "issues") for node in answer.data.get(key) or []]
        return len(part), [node for node in found if isinstance(node, dict) and node.get("__typename")]

    def _events(self, nodes: list[dict[str, Any]]) -> tuple[list[Event], list[str]]:
        """The events of complete ``nodes`` and the items they make whole; a malformed node is reported
        and leaves its stored events as they were (as in a repository sync)."""
        events: list[Event] = []
        whole: list[str] = []
        for node in nodes:
            repo = str((node.get("repository") or {}).get("nameWithOwner") or "")
            try:
                if not repo:
                    raise MalformedPayload(f"an item without its repository ({node.get('id')})")
                if node.get("__typename") == "PullRequest":
                    made = PULLS.to_events(repo, node)
                else:
                    made = self.issue_events(repo, node)
            except MalformedPayload as exc:
                self.run.problem(self.scope, "malformed", str(exc))
                continue
            events += made
            whole += list(dict.fromkeys(event.item for event in made if event.item))
        return events, whole
