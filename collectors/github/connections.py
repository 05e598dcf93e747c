"""Completing nested connections that overflowed their first page.

A page of pull requests carries, per PR, the first N reviews, threads, comments, files and labels. Where
``pageInfo.hasNextPage`` is true, the missing pages are fetched by batched follow-up queries (many
connections per request, through ``node(id:)``) and appended to the connection's ``nodes``, so the
normaliser always sees complete lists. New review threads may overflow in turn; rounds continue until
nothing is left. A follow-up obeys the same rule as a page: GitHub timing out (502/504) is first
retried by the transport, then the batch is halved, then the page size, and both grow back after
answers (:mod:`.sizing`). A follow-up node GitHub no longer finds (deleted since the page was read)
fails the repository for this sync, loudly; the next sync reads the page again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import RepoFailed
from .queries import IdFields, NestedSizes, follow_up_query
from .sizing import Limits, shrinking
from .transport import Transport

#: The nested connections of each node type that the collector reads.
CONNECTIONS: dict[str, tuple[str, ...]] = {
    "PullRequest": ("labels", "files", "reviews", "reviewThreads", "comments"),
    "Issue": ("labels", "comments"),
    "PullRequestReviewThread": ("comments",),
}
BATCH = 20
PAGE = 100


@dataclass
class Pending:
    """One connection with more pages: whose (``node_id``), which, and where its nodes go."""

    node_id: str
    typename: str
    field: str
    connection: dict[str, Any]

    @property
    def cursor(self) -> str | None:
        return (self.connection.get("pageInfo") or {}).get("endCursor")


def overflowing(node: dict[str, Any], typename: str) -> list[Pending]:
    """Connections of ``node`` (and of its review threads) with ``hasNextPage``."""
    found = []
    for field in CONNECTIONS[typename]:
        connection = node.get(field)
        if not connection:
            continue
        if (connection.get("pageInfo") or {}).get("hasNextPage"):
            found.append(Pending(node["id"], typename, field, connection))
        if field == "reviewThreads":
            for thread in connection.get("nodes") or []:
                found += overflowing(thread, "PullRequestReviewThread")
    return found


class FollowUps:
    """Runs follow-up rounds for one repository; its sizes persist from one page to the next."""

    def __init__(self, transport: Transport, what: str, ids: IdFields) -> None:
        self.transport = transport
        self.what = what
        self.ids = ids
        self.limits = Limits(batch=BATCH, page=PAGE)

    def complete(self, nodes: list[dict[str, Any]], typename: str, nested: NestedSizes) -> None:
        """Fetch every missing nested page of ``nodes`` (of GraphQL type ``typename``) in place; review
        threads found on the way get ``nested.thread_comments`` comments each."""
        self._run([item for node in nodes for item in overflowing(node, typename)], nested)

    def complete_typed(self, nodes: list[dict[str, Any]], nested: NestedSizes) -> None:
        """:meth:`complete` for nodes of several types, each read from its ``__typename``; pull
        requests and issues share the follow-up requests."""
        self._run([item for node in nodes for item in overflowing(node, node["__typename"])], nested)

    def _run(self, pending: list[Pending], nested: NestedSizes) -> None:
        while pending:
            batch, data = shrinking(
                self.limits,
                lambda limits, todo=pending: self._fetch(todo[: limits["batch"]], limits["page"], nested),
                self.what,
            )
            pending = pending[len(batch) :]
            for index, item in enumerate(batch):
                page = (data.get(f"f{index}") or {}).get("page") or {}
                new_nodes = [n for n in page.get("nodes") or [] if n]
                item.connection.setdefault("nodes", []).extend(new_nodes)
                item.connection["pageInfo"] = page.get("pageInfo") or {"hasNextPage": False}
                if item.connection["pageInfo"].get("hasNextPage"):
                    pending.append(item)
                if item.field == "reviewThreads":
                    for thread in new_nodes:
                        pending += overflowing(thread, "PullRequestReviewThread")

    def _fetch(
        self, batch: list[Pending], page: int, nested: NestedSizes
    ) -> tuple[list[Pending], dict[str, Any]]:
        query = follow_up_query([(item.typename, item.field) for item in batch], page, self.ids)
        variables: dict[str, Any] = {}
        for index, item in enumerate(batch):
            variables[f"id{index}"] = item.node_id
            variables[f"after{index}"] = item.cursor
        if any(item.field == "reviewThreads" for item in batch):
            variables["threadComments"] = nested.thread_comments
        answer = self.transport.graphql_answer(query, variables, self.what)
        if answer.refused:
            _, message = next(iter(answer.refused.values()))
            raise RepoFailed(f"{self.what}: {message} (changed during the sync; read again next time)")
        return batch, answer.data
