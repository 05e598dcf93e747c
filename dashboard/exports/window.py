"""Reporting windows: ``[since, until)`` in whole UTC days, the default being the last full quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from dashboard.errors import UsageError


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open window of whole days: ``since`` included, ``until`` excluded."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        """``since`` at midnight UTC."""
        return datetime(self.since.year, self.since.month, self.since.day, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """``until`` at midnight UTC (excluded)."""
        return datetime(self.until.year, self.until.month, self.until.day, tzinfo=UTC)

    def as_dict(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


def last_full_quarter(today: date) -> Window:
    """The calendar quarter before the one ``today`` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    until = date(today.year, first_month, 1)
    since = date(until.year - 1, 10, 1) if first_month == 1 else date(until.year, first_month - 3, 1)
    return Window(since, until)


def parse_day(value: str | date | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` option value; :class:`UsageError` naming ``option`` when it is not one."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: not a date (expected YYYY-MM-DD): {value!r}") from None


def resolve_window(since: date | None, until: date | None, *, today: date | None = None) -> Window:
    """The window from optional bounds: both missing -> the last full quarter before ``today``.

    Only ``since`` given -> up to ``today`` (excluded); only ``until`` -> the quarter-length window
    ending there. ``since`` must be before ``until``.
    """
    today = today or datetime.now(UTC).date()
    if since is None and until is None:
        return last_full_quarter(today)
    if until is None:
        until = today
    if since is None:
        default = last_full_quarter(until)
        since = default.since if default.until == until else date.fromordinal(until.toordinal() - 91)
    if since >= until:
        raise UsageError(f"--since {since} must be before --until {until}")
    return Window(since, until)


def describe(window: Window) -> str:
    """``2026-05-01 to 2026-11-01 (excluded), UTC``: how the commands print the window they used."""
    return f"{window.since} to {window.until} (excluded), UTC"


def store_covers(first: datetime | None, last: datetime | None) -> str | None:
    """``2025-11-03 to 2026-10-30``: the days the store's events span (None when it holds none)."""
    if first is None or last is None:
        return None
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def empty_window_line(window: Window, covers: str | None) -> str:
    """The one line a command prints on stderr when its window holds no event."""
    where = f"the store covers {covers}" if covers else "the store holds no events"
    return f"no events from {window.since} to {window.until} (excluded); {where}"
