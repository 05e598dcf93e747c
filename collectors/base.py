"""What a collector is, and the one run object every collector reports through.

The contract a backend implements (GitHub, Jira):

* A collector is constructed with the validated :class:`~collectors.config.Config`, an open
  :class:`~collectors.store.Store` and a :class:`SyncRun`; :meth:`Collector.sync` does the work.
* It reads its settings from :attr:`Collector.section` (its ``[<source>]`` section) and its token with
  ``config.require_token(source)`` (never from anywhere else), and never logs, stores or raises it.
* It only produces events through :mod:`collectors.normalise`, and only writes them with
  :meth:`SyncRun.save`: a page of events and the cursor or watermark that follows it are committed
  together, so a kill at any point resumes exactly there. What the caller wants done with a page
  before it is written (the dashboard's ``footprint sync`` keeps the text-class cache of metrics
  true) is :attr:`SyncRun.before_write`; collectors know nothing of it.
* Its unit of isolation is a *scope* (a repository, an organisation, a Jira project). A scope that fails
  (not found, forbidden, rate limit exhausted past the allowed wait) is reported with
  :meth:`SyncRun.problem` and the collector goes on with the next scope; the run then ends ``partial``.
* Bad credentials end the whole source at once: raise :class:`AuthError` (exit 3). A source that cannot
  be reached at all raises :class:`SourceError` (exit 1, other sources still run).
* ``full=True`` ignores watermarks (events are upserted again, never duplicated).
* Progress goes to ``run.progress`` (a rich Progress), including rate-limit waits; every HTTP request
  made is counted with :meth:`SyncRun.count_request` so benchmarks can read ``run.requests``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar, cast

from rich.progress import Progress

from .config import Config, SourceSection
from .events import Event
from .store import Store


class AuthError(Exception):
    """The credentials were refused (401/403 on authentication): exit code 3."""


class SourceError(Exception):
    """The source cannot be used at all (unreachable host, unusable server): exit code 1."""


@dataclass(frozen=True)
class Page:
    """A page of ``source``'s events about to be written; ``complete_items`` were fetched whole (their
    stored events that are not in ``events`` will be deleted, see :meth:`Store.write`)."""

    source: str
    events: list[Event]
    complete_items: Collection[str] = ()


#: Called with the store and each page before it is written (see the module docstring).
BeforeWrite = Callable[[Store, Page], None]


@dataclass
class SyncRun:
    """Book-keeping of one source's sync: counters, problems and the progress display."""

    source: str
    store: Store
    progress: Progress
    full: bool = False
    before_write: BeforeWrite | None = None
    run_id: int | None = None
    requests: int = 0
    events_written: int = 0
    problems: list[str] = field(default_factory=list)

    def count_request(self, n: int = 1) -> None:
        self.requests += n

    def problem(self, scope: str, kind: str, message: str) -> None:
        """Record a scope that could not be (fully) synced; the sync goes on with the next scope."""
        self.problems.append(f"{self.source} {scope}: {message}")
        if self.run_id is not None:
            self.store.add_problem(self.run_id, scope, kind, message)

    def save(
        self,
        events: Iterable[Event],
        scope: str,
        state: dict | None = None,
        *,
        complete_items: Collection[str] = (),
    ) -> int:
        """Write a page of events and the sync state that follows it, in one transaction (after
        :attr:`before_write`, if set); ``complete_items``: items fetched whole, whose other stored
        events are deleted (see :meth:`Store.write`)."""
        page = Page(self.source, list(events), complete_items)
        if self.before_write is not None:
            self.before_write(self.store, page)
        written = self.store.write(
            page.events, source=self.source, scope=scope, state=state, complete_items=complete_items
        )
        self.events_written += written
        return written

    def state(self, scope: str) -> dict | None:
        """The committed sync state of ``scope``; None on a first or ``--full`` sync."""
        return None if self.full else self.store.get_state(self.source, scope)


Section = TypeVar("Section", bound=SourceSection)


class Collector(ABC, Generic[Section]):
    """One source. Subclasses set :attr:`source` and implement :meth:`sync` (see module docstring)."""

    source: ClassVar[str]

    def __init__(self, config: Config, store: Store, run: SyncRun) -> None:
        self.config = config
        self.store = store
        self.run = run

    @property
    def section(self) -> Section | None:
        """This source's validated ``[<source>]`` section; None when the file has none."""
        return cast("Section | None", self.config.section(self.source))

    @abstractmethod
    def sync(self) -> None:
        """Pull everything new into the store; report per-scope problems through ``self.run``."""
