"""Query sizes that shrink while GitHub keeps timing out and grow back once it answers again.

A 502/504 reaches this level only after the transport retried the same query (see :mod:`.retry`), so
it means "this query is too heavy right now". :class:`Limits` then halves one size at a time, in the
order given (the page first, then the nested lists); after :data:`GROW_AFTER` answers in a row the most
recently shrunk size doubles back toward its full value. A timeout right after growing doubles the
patience, so a repository that is heavy at full size is not tried at full size every few pages.
:func:`shrinking` runs one fetch under that rule and gives up only when every size is at its floor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .errors import QueryTooHeavy, RepoFailed

GROW_AFTER = 3
T = TypeVar("T")


class Limits:
    """Named sizes (``first=50, nested=16``), each between 1 and its full value; ``start`` overrides
    where a size begins (an incremental pass starts with a small page and doubles it per answer)."""

    def __init__(self, start: dict[str, int] | None = None, **full: int) -> None:
        self.full = dict(full)
        self.values = {name: min(value, (start or {}).get(name, value)) for name, value in full.items()}
        self.streak = 0
        self.patience = 1  # the initial ramp from ``start`` grows after every answer
        self._grew = False

    def __getitem__(self, name: str) -> int:
        return self.values[name]

    def minimal(self) -> bool:
        return all(value == 1 for value in self.values.values())

    def shrink(self) -> bool:
        """Halve the first size above 1; False when all are 1 already."""
        if self._grew:
            self.patience *= 2  # the last growth did not hold
        self._grew, self.streak = False, 0
        for name, value in self.values.items():
            if value > 1:
                self.values[name] = max(1, value // 2)
                self.patience = max(self.patience, GROW_AFTER)
                return True
        return False

    def succeeded(self) -> None:
        """One answer: after ``patience`` of them in a row, double the last size shrunk."""
        self._grew = False
        self.streak += 1
        if self.streak < self.patience:
            return
        for name in reversed(self.values):
            if self.values[name] < self.full[name]:
                self.values[name] = min(self.full[name], self.values[name] * 2)
                self.streak, self._grew = 0, True
                return

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.values.items())


def shrinking(limits: Limits, fetch: Callable[[Limits], T], what: str) -> T:
    """``fetch(limits)``, shrinking ``limits`` after each :class:`QueryTooHeavy` until it succeeds."""
    while True:
        try:
            result = fetch(limits)
        except QueryTooHeavy as exc:
            if not limits.shrink():
                detail = str(exc).removeprefix(f"{what}: ")
                raise RepoFailed(
                    f"{what}: {detail}, even for the smallest query ({limits.describe()}); "
                    "no progress is possible now, the next sync resumes here"
                ) from None
            continue
        limits.succeeded()
        return result
