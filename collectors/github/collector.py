"""The GitHub collector (DESIGN §2, §5): repositories -> pull request, review, comment and issue events.

Contract: :mod:`collectors.base`. Per sync: the survey (:mod:`.survey`: which repositories, what changed
in each, the token check and the schema's id fields, ⌈N/10⌉ GraphQL requests for N repositories), then
per repository the pull request and issue streams that changed (:mod:`.stream`, GraphQL); then, for each
login of ``involves``, the items it was involved in anywhere (:mod:`.involvement`). A repository
that fails is reported and the others go on; refused credentials end the source (exit 3); a host that
cannot be reached is a :class:`SourceError` naming the cause.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any, ClassVar

from ..base import Collector, SourceError
from ..progress import plural
from .errors import RepoFailed, Unreachable
from .involvement import Involvement, scope_of
from .issues import issues_spec
from .progress import RepoProgress
from .pulls import PULLS
from .queries import IdFields
from .ratelimit import RateLimitGate
from .search_pacer import SearchPacer
from .section import GithubConfig
from .stream import Stream, StreamSpec, needs_pass
from .survey import Newest, Survey
from .transport import Transport


class GithubCollector(Collector[GithubConfig]):
    source: ClassVar[str] = "github"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate: RateLimitGate | None = None
        self._current: RepoProgress | None = None

    def _on_wait(self, text: str) -> None:
        if self._current is not None:
            self._current.waiting(text)

    def sync(self) -> None:
        settings = self.section
        if settings is None:
            return
        token = self.config.require_token("github")
        self.gate = RateLimitGate(settings.max_rate_limit_wait_seconds, on_status=self._on_wait)
        transport = Transport(settings.api_url, token, self.gate, self.run.count_request)
        since = datetime.combine(settings.since, time(0), tzinfo=UTC) if settings.since else None
        specs = (PULLS, issues_spec(settings.retro_label))
        try:
            survey = Survey(
                transport,
                self.run,
                since=since.strftime("%Y-%m-%dT%H:%M:%SZ") if since else None,
                on_request=lambda: self._on_wait("checking what changed"),
            )
            if settings.repos or settings.orgs:
                self._current = overview = RepoProgress(
                    self.run.progress, "github repositories", lambda: self.run.requests, self.gate, None
                )
                repositories = survey.repositories(settings)
                work = []
                for repo, newest in repositories.items():
                    state = self.run.state(repo) or {}
                    todo = [s for s in specs if needs_pass(state.get(s.name), newest.updated(s.name), since)]
                    if todo:
                        work.append((repo, newest, state, todo))
                overview.finish(f"{len(repositories) - len(work)} unchanged", items=len(repositories))
                for repo, newest, state, todo in work:
                    self._sync_repo(repo, transport, survey.id_fields(), state, newest, todo, since)
            if settings.involves:
                pacer = SearchPacer(self.gate)
                try:
                    ids = survey.asked_id_fields()
                except Unreachable:
                    raise
                except RepoFailed as exc:
                    self.run.problem("involves", exc.kind, str(exc))
                    return
                for login in dict.fromkeys(login.lower() for login in settings.involves):
                    self._sync_involvement(login, transport, pacer, ids, since, settings.retro_label)
        except Unreachable as exc:
            raise SourceError(str(exc)) from None
        finally:
            self._current = None
            transport.close()

    def _sync_involvement(
        self,
        login: str,
        transport: Transport,
        pacer: SearchPacer,
        ids: IdFields,
        since: datetime | None,
        retro_label: str,
    ) -> None:
        assert self.gate is not None
        scope = scope_of(login)
        progress = self._current = RepoProgress(
            self.run.progress, f"github {scope}", lambda: self.run.requests, self.gate, None
        )
        involvement = Involvement(
            login,
            transport,
            pacer,
            self.run,
            since=since,
            ids=ids,
            retro_label=retro_label,
            on_progress=progress.advance,
        )
        try:
            involvement.sync(self.run.state(scope))
        except Unreachable:
            raise
        except RepoFailed as exc:
            self.run.problem(scope, exc.kind, str(exc).removeprefix(f"{scope}: "))
            progress.finish(f"[red]{exc.kind}[/red]")
        else:
            progress.finish(plural(involvement.items, "item") if involvement.items else "nothing new")
        finally:
            self._current = None

    def _sync_repo(
        self,
        repo: str,
        transport: Transport,
        ids: IdFields,
        state: dict[str, Any],
        newest: Newest,
        todo: list[StreamSpec],
        since: datetime | None,
    ) -> None:
        assert self.gate is not None
        parts = [
            newest.total(spec.name)
            if not state.get(spec.name) and (spec.server_side_since or since is None)
            else None
            for spec in todo
        ]
        total = None if None in parts else sum(p or 0 for p in parts)
        progress = self._current = RepoProgress(
            self.run.progress, f"github {repo}", lambda: self.run.requests, self.gate, total
        )
        try:
            for spec in todo:
                stream = Stream(
                    spec, repo, transport, self.run, since=since, ids=ids, on_progress=progress.advance
                )
                state = stream.sync(state)
        except Unreachable:
            raise
        except RepoFailed as exc:
            self.run.problem(repo, exc.kind, str(exc).removeprefix(f"{repo}: "))
            progress.finish(f"[red]{exc.kind}[/red]")
        else:
            progress.finish("done")
        finally:
            self._current = None
