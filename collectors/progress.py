"""Progress display of a sync: rich bars on a terminal, plain log lines anywhere else.

Collectors report through a rich :class:`~rich.progress.Progress` (``run.progress``). On a terminal that
is a live display of bars. When output goes to a file, a pipe, cron or CI, :class:`LineProgress` keeps
the same interface but draws nothing: it prints one plain line whenever a task moves (a page saved,
a repository done, a wait begins), never wrapped, never a cut-off bar.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.progress import Progress, TaskID

_DIGITS = re.compile(r"\d[\d,.]*")
_PLURAL_S = re.compile(r"(\w)s\b")


def plural(count: int, word: str) -> str:
    """``"1 request"``, ``"2 requests"``, ``"13,567 events"``."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


class LineProgress(Progress):
    """A :class:`Progress` that logs lines instead of drawing; see the module docstring."""

    def __init__(self, console: Console) -> None:
        super().__init__(console=console, disable=True)
        self._logged: dict[TaskID, tuple[Any, ...]] = {}

    def update(self, task_id: TaskID, **kwargs: Any) -> None:  # type: ignore[override]
        super().update(task_id, **kwargs)
        self._log(task_id)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        super().advance(task_id, advance)
        self._log(task_id)

    def _log(self, task_id: TaskID) -> None:
        task = self._tasks[task_id]
        status = str(task.fields.get("status") or "")
        # Counters in the status ("3 requests", "waiting 59s", ...) change too often to log each change.
        key = (task.description, task.completed, task.total, _PLURAL_S.sub(r"\1", _DIGITS.sub("#", status)))
        if key == self._logged.get(task_id):
            return
        self._logged[task_id] = key
        count = f"{task.completed:,.0f}" + (f"/{task.total:,.0f}" if task.total is not None else "")
        line = f"{task.description}: {count}" + (f" · {status}" if status else "")
        self.console.print(line, highlight=False, soft_wrap=True)
