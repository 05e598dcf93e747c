"""What the person at the terminal sees of a GitHub sync: the survey, then one bar per changed repository."""

from __future__ import annotations

from collections.abc import Callable

from rich.progress import Progress, TaskID

from ..progress import plural
from .ratelimit import RateLimitGate


class RepoProgress:
    """One bar: items saved of the known total, requests used, rate limit remaining, waits.

    ``total`` comes from the survey's ``totalCount`` (None when unknown, as for an incremental pass), so
    the bar has its size before the first page; it only grows if more items turn up than counted.
    """

    def __init__(
        self,
        progress: Progress,
        description: str,
        requests: Callable[[], int],
        gate: RateLimitGate,
        total: int | None,
    ) -> None:
        self.progress = progress
        self.requests = requests
        self.gate = gate
        self.first_request = requests()
        self.items = 0
        self.total = total
        self.task: TaskID = progress.add_task(description, total=total, status="starting")

    def status(self, note: str = "") -> str:
        rate = "?" if self.gate.remaining is None else str(self.gate.remaining)
        text = f"{plural(self.requests() - self.first_request, 'request')} · rate {rate}"
        return f"{text} · {note}" if note else text

    def advance(self, items: int) -> None:
        self.items += items
        if self.total is not None and self.items > self.total:
            self.total = self.items
        self.progress.update(self.task, total=self.total, completed=self.items, status=self.status())

    def waiting(self, note: str) -> None:
        self.progress.update(self.task, status=self.status(note))

    def finish(self, note: str, description: str | None = None, *, items: int | None = None) -> None:
        """The bar at its end: ``items`` (default: those advanced) of as many, with ``note``."""
        self.items = self.items if items is None else items
        self.total = self.items
        status = self.status(note)
        self.progress.update(
            self.task, description=description, total=self.items, completed=self.items, status=status
        )
