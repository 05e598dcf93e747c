"""The GitHub collector (DESIGN §2, §5): repositories -> pull request, review, comment and issue events.

Contract: :mod:`collectors.base`. Per sync: one ``GET /rate_limit`` (checks the token, free on GitHub),
the organisations' repository lists (REST), then per repository the pull request and issue streams
(:mod:`.stream`, GraphQL). A repository that fails is reported and the others go on; refused credentials
end the source (exit 3); a host that cannot be reached at all is a :class:`SourceError`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any, ClassVar

from rich.progress import TaskID

from ..base import Collector, SourceError
from .discovery import repositories
from .errors import NotFound, RepoFailed, Unreachable
from .issues import issues_spec
from .pulls import PULLS
from .ratelimit import RateLimitGate
from .stream import Stream
from .transport import Transport


class _RepoProgress:
    """One progress bar: items fetched, requests used, rate limit remaining, waits."""

    def __init__(self, collector: GithubCollector, repo: str) -> None:
        self.collector = collector
        self.progress = collector.run.progress
        self.first_request = collector.run.requests
        self.items = 0
        self.total = 0
        self.task: TaskID = self.progress.add_task(f"github {repo}", total=None, status="starting")

    def status(self, note: str = "") -> str:
        gate = self.collector.gate
        rate = "?" if gate is None or gate.remaining is None else str(gate.remaining)
        used = self.collector.run.requests - self.first_request
        text = f"{self.items} items · {used} requests · rate {rate}"
        return f"{text} · {note}" if note else text

    def advance(self, items: int, total: int | None) -> None:
        self.items += items
        if total is not None:
            self.total += total
            self.progress.update(self.task, total=max(self.total, self.items))
        self.progress.update(self.task, completed=self.items, status=self.status())

    def waiting(self, note: str) -> None:
        self.progress.update(self.task, status=self.status(note))

    def finish(self, note: str) -> None:
        total = max(self.total, self.items)
        self.progress.update(self.task, total=total, completed=total, status=self.status(note))


class GithubCollector(Collector):
    source: ClassVar[str] = "github"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate: RateLimitGate | None = None
        self._current: _RepoProgress | None = None

    def _on_wait(self, text: str) -> None:
        if self._current is not None:
            self._current.waiting(text)

    def sync(self) -> None:
        settings = self.config.github
        if settings is None:
            return
        token = self.config.require_token("github")
        self.gate = RateLimitGate(settings.max_rate_limit_wait_seconds, on_status=self._on_wait)
        transport = Transport(settings.api_url, token, self.gate, self.run.count_request)
        try:
            try:
                transport.rate_limit()
            except Unreachable as exc:
                raise SourceError(str(exc)) from None
            except NotFound:
                pass  # GitHub Enterprise Server with rate limiting disabled has no /rate_limit
            except RepoFailed as exc:
                raise SourceError(str(exc)) from None
            since = datetime.combine(settings.since, time(0), tzinfo=UTC) if settings.since else None
            specs = (PULLS, issues_spec(settings.retro_label))
            for repo in repositories(settings, transport, self.run):
                self._sync_repo(repo, transport, specs, since)
        finally:
            transport.close()

    def _sync_repo(self, repo: str, transport: Transport, specs: tuple, since: datetime | None) -> None:
        progress = self._current = _RepoProgress(self, repo)
        state = self.run.state(repo) or {}
        try:
            for spec in specs:
                stream = Stream(spec, repo, transport, self.run, since=since, on_progress=progress.advance)
                state = stream.sync(state)
        except RepoFailed as exc:
            self.run.problem(repo, exc.kind, str(exc).removeprefix(f"{repo}: "))
            progress.finish(f"[red]{exc.kind}[/red]")
        else:
            progress.finish("done")
        finally:
            self._current = None
