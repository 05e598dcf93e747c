"""The pull requests and issues one person was involved in, found with GitHub's issue search.

Two queries per login, both over every repository the token can see: ``involves:LOGIN`` (author,
assignee, commenter or mentioned) and ``reviewed-by:LOGIN`` (a review without a conversation comment is
not covered by ``involves:``). Each is read oldest update first (``sort=updated&order=asc``) through
``GET /search/issues``, 100 a page, and every page is a date range of its own: the next one asks
``updated:>=`` the last update seen (the overlap is dropped by node id). So GitHub's cap of 1,000
results per query never cuts a footprint short and an item updated while the search runs cannot shift
another out of sight, as offset pages would; only more than 100 items updated in one second need a
second page of the same range, and more than 1,000 of them would be reported. The two queries are
merged in update order (:func:`heapq.merge`, reading each lazily), so items can be fetched and saved
batch by batch while the search goes on.

Limits: searches are paced by :class:`~collectors.github.search_pacer.SearchPacer` (30 a minute). A page
GitHub answers with ``incomplete_results: true`` (its search timed out) is asked again up to
:data:`INCOMPLETE_RETRIES` times; if it stays incomplete it is used, and :attr:`IssueSearch.incomplete`
tells the caller not to trust the range as complete. A login GitHub does not know is :class:`NotFound`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from github import GithubException

from .errors import NotFound, RepoFailed
from .search_pacer import SearchPacer
from .transport import Transport

SEARCH_PATH = "/search/issues"
PER_PAGE = 100
#: GitHub serves at most this many results of one query.
RESULT_CAP = 1000
INCOMPLETE_RETRIES = 2
INCOMPLETE_PAUSE_SECONDS = 1.0


@dataclass(frozen=True, order=True)
class Hit:
    """One search result: what is needed to fetch it and to order it."""

    updated_at: str  # GitHub's ``2025-01-06T09:07:00Z``, so text order is time order
    node_id: str
    repo: str
    number: int
    pull: bool

    @classmethod
    def parse(cls, item: dict[str, Any]) -> Hit | None:
        repo_url = str(item.get("repository_url") or "")
        repo = "/".join(repo_url.rstrip("/").split("/")[-2:]) if repo_url else ""
        if not item.get("node_id") or not item.get("updated_at") or not repo:
            return None
        return cls(
            updated_at=str(item["updated_at"]),
            node_id=str(item["node_id"]),
            repo=repo,
            number=int(item.get("number") or 0),
            pull="pull_request" in item,
        )


class IssueSearch:
    """Runs searches through ``transport``, paced by ``pacer``; ``on_search`` is told after each."""

    def __init__(
        self,
        transport: Transport,
        pacer: SearchPacer,
        what: str,
        *,
        on_search: Callable[[], None] = lambda: None,
        pause: Callable[[float], None] | None = None,
    ) -> None:
        self.transport = transport
        self.pacer = pacer
        self.what = what
        self.on_search = on_search
        self.pause = pause or transport.gate.pause
        self.incomplete = False  # some page stayed incomplete after the retries
        self.crowded: list[str] = []  # seconds with more than RESULT_CAP updates: items may be missing

    def involved(self, login: str, floor: str) -> Iterator[Hit]:
        """Every item ``login`` was involved in that was updated at or after ``floor``, oldest update
        first, each once."""
        seen: set[str] = set()
        streams = (self.results(f"involves:{login}", floor), self.results(f"reviewed-by:{login}", floor))
        for hit in heapq.merge(*streams):
            if hit.node_id not in seen:
                seen.add(hit.node_id)
                yield hit

    def results(self, query: str, floor: str) -> Iterator[Hit]:
        """The results of ``query`` updated at or after ``floor``, oldest update first, each once."""
        seen: set[str] = set()
        page = 1
        while True:
            items = self._page(f"{query} updated:>={floor}", page)
            hits = [hit for hit in map(Hit.parse, items) if hit is not None]
            for hit in sorted(hits):
                if hit.node_id not in seen:
                    seen.add(hit.node_id)
                    yield hit
            if len(items) < PER_PAGE or not hits:
                return
            last = max(hit.updated_at for hit in hits)
            if last > floor:
                floor, page = last, 1
            elif page * PER_PAGE < RESULT_CAP:
                page += 1  # a full page updated within one second: the next page of the same range
            else:
                self.crowded.append(floor)
                return

    def _page(self, query: str, page: int) -> list[dict[str, Any]]:
        parameters = {"q": query, "sort": "updated", "order": "asc", "per_page": PER_PAGE, "page": page}
        for attempt in range(INCOMPLETE_RETRIES + 1):
            self.pacer.before_search()
            headers, data = self.transport.call(
                lambda github: _search(github, parameters), f"{self.what}: search {query!r}"
            )
            self.pacer.observe(headers)
            self.on_search()
            if not isinstance(data, dict):
                raise RepoFailed(f"{self.what}: GitHub's search answered something else than results")
            if data.get("errors") and "items" not in data:
                reasons = "; ".join(str(e.get("message") or e) for e in data["errors"] if isinstance(e, dict))
                raise NotFound(f"{self.what}: GitHub refused the search {query!r}: {reasons}")
            if not data.get("incomplete_results"):
                break
            if attempt == INCOMPLETE_RETRIES:
                self.incomplete = True
            else:
                self.pause(INCOMPLETE_PAUSE_SECONDS)
        return [item for item in data.get("items") or [] if isinstance(item, dict)]


def _search(github: Any, parameters: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """One ``GET /search/issues``; a 422 (a login GitHub does not know) comes back as its body."""
    try:
        return github.requester.requestJsonAndCheck("GET", SEARCH_PATH, parameters=parameters)
    except GithubException as exc:
        if exc.status == 422 and isinstance(exc.data, dict):
            return dict(exc.headers or {}), {"errors": exc.data.get("errors") or [exc.data]}
        raise
