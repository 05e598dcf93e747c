"""Which repositories a sync covers, and what each has changed, in a few aliased GraphQL requests.

The configured ``repos`` plus every repository of ``orgs``. For each, one small selection tells the
newest ``updatedAt`` and the ``totalCount`` of its pull requests and of its issues (since ``since``):
an organisation's page of up to 100 repositories carries it for all of them, and configured
repositories outside those organisations are asked ten to a query (aliases ``r0`` ... ``r9``). So an
unchanged re-sync of N repositories costs ⌈N/10⌉ requests (one per organisation of up to 100), and
nothing more; the totals give the progress bars their size before the first page.

The first query of a sync also asks the schema which types have ``fullDatabaseId`` (see
:class:`~collectors.github.queries.IdFields`); its answer, or its refusal, is the token check, and its
``rateLimit`` the first look at the budget, so no ``/rate_limit`` call is made. A repository or
organisation GitHub answers ``NOT_FOUND`` or ``FORBIDDEN`` is reported and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..base import SyncRun
from .errors import RepoFailed, Unreachable
from .queries import PROBE_QUERY, IdFields, id_fields, organization_query, repositories_query
from .section import GithubConfig
from .sizing import Limits, shrinking
from .transport import GraphQLAnswer, Transport

REPOS_PER_QUERY = 10
ORG_PAGE = 100


@dataclass(frozen=True)
class Newest:
    """What one repository's first page of each stream would say."""

    pulls_updated: str | None
    pulls_total: int
    issues_updated: str | None  # among issues updated since ``since``
    issues_total: int

    @classmethod
    def parse(cls, repository: dict[str, Any]) -> Newest:
        def first(field: str) -> tuple[str | None, int]:
            connection = repository.get(field) or {}
            nodes = [node for node in connection.get("nodes") or [] if node]
            return (nodes[0].get("updatedAt") if nodes else None), int(connection.get("totalCount") or 0)

        (pulls_updated, pulls_total), (issues_updated, issues_total) = first("pullRequests"), first("issues")
        return cls(pulls_updated, pulls_total, issues_updated, issues_total)

    def updated(self, stream: str) -> str | None:
        return self.pulls_updated if stream == "pulls" else self.issues_updated

    def total(self, stream: str) -> int:
        return self.pulls_total if stream == "pulls" else self.issues_total


class Survey:
    """Runs the survey of one sync; ``on_request`` is told after each of its queries."""

    def __init__(
        self, transport: Transport, run: SyncRun, *, since: str | None, on_request: Callable[[], None]
    ) -> None:
        self.transport = transport
        self.run = run
        self.since = since
        self.on_request = on_request
        self.ids: IdFields | None = None  # known once the first answer is in
        self.found: dict[str, tuple[str, Newest]] = {}  # lower-case name -> (name, newest)

    def repositories(self, config: GithubConfig) -> dict[str, Newest]:
        """Every repository to sync, each once (case-insensitive, the configured spelling kept), sorted."""
        for org in config.orgs:
            self._organization(org)
        pending = [repo for repo in dict.fromkeys(config.repos) if repo.lower() not in self.found]
        limits = Limits(batch=REPOS_PER_QUERY)
        while pending:
            try:
                size = shrinking(
                    limits, lambda lim, todo=pending: self._batch(todo[: lim["batch"]]), "repositories"
                )
            except Unreachable:
                raise
            except RepoFailed as exc:  # these repositories are reported; the next batch is asked
                size = limits["batch"]
                for repo in pending[:size]:
                    self.run.problem(repo, exc.kind, str(exc).removeprefix("repositories: "))
            pending = pending[size:]
        for repo in config.repos:  # the configured spelling names the sync state's scope
            if repo.lower() in self.found:
                self.found[repo.lower()] = (repo, self.found[repo.lower()][1])
        return {name: newest for _, (name, newest) in sorted(self.found.items())}

    def id_fields(self) -> IdFields:
        return self.ids or IdFields()

    def asked_id_fields(self) -> IdFields:
        """:meth:`id_fields`, asking the schema first if no survey query has (one request)."""
        if self.ids is None:
            self._ask(PROBE_QUERY, {}, "schema")
        return self.id_fields()

    def _ask(self, query: str, variables: dict[str, Any], what: str) -> GraphQLAnswer:
        answer = self.transport.graphql_answer(query, variables | {"since": self.since}, what)
        self.on_request()
        if self.ids is None:
            self.ids = id_fields(answer.data)
        return answer

    def _batch(self, repos: list[str]) -> int:
        variables: dict[str, Any] = {}
        for index, repo in enumerate(repos):
            variables[f"o{index}"], _, variables[f"n{index}"] = repo.partition("/")
        query = repositories_query(len(repos), schema=self.ids is None)
        answer = self._ask(query, variables, "repositories")
        for index, repo in enumerate(repos):
            alias = f"r{index}"
            if alias in answer.refused:
                kind, message = answer.refused[alias]
                self.run.problem(repo, kind.lower(), message)
            elif answer.data.get(alias):
                self.found[repo.lower()] = (repo, Newest.parse(answer.data[alias]))
        return len(repos)

    def _organization(self, org: str) -> None:
        limits = Limits(first=ORG_PAGE)
        cursor: str | None = None
        while True:
            try:
                answer = shrinking(
                    limits, lambda lim, after=cursor: self._org_page(org, lim["first"], after), f"org {org}"
                )
            except Unreachable:
                raise
            except RepoFailed as exc:
                self.run.problem(f"org:{org}", exc.kind, str(exc).removeprefix(f"org {org}: "))
                return
            if "organization" in answer.refused:
                kind, message = answer.refused["organization"]
                self.run.problem(f"org:{org}", kind.lower(), message)
                return
            repositories = (answer.data.get("organization") or {}).get("repositories") or {}
            for node in repositories.get("nodes") or []:
                if node and node.get("nameWithOwner"):
                    name = str(node["nameWithOwner"])
                    self.found.setdefault(name.lower(), (name, Newest.parse(node)))
            page_info = repositories.get("pageInfo") or {}
            if not page_info.get("hasNextPage"):
                return
            cursor = page_info.get("endCursor")

    def _org_page(self, org: str, first: int, cursor: str | None) -> GraphQLAnswer:
        query = organization_query(schema=self.ids is None)
        return self._ask(query, {"login": org, "first": first, "after": cursor}, f"org {org}")
