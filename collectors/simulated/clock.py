"""Demo time: a fixed six-month window and office-hours arithmetic. Never reads the wall clock."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Final

DEMO_ANCHOR: Final = date(2026, 11, 1)
#: The six full months before the anchor: [2026-05-01, 2026-11-01).
DEMO_START: Final = date(2026, 5, 1)
END: Final = datetime(DEMO_ANCHOR.year, DEMO_ANCHOR.month, DEMO_ANCHOR.day, tzinfo=UTC)
START: Final = datetime(DEMO_START.year, DEMO_START.month, DEMO_START.day, tzinfo=UTC)
_DAY_START, _DAY_END = 8, 18


def office(rng: random.Random, moment: datetime) -> datetime:
    """``moment`` if it falls in office hours on a weekday, else a random time the next working morning."""
    if moment.weekday() < 5 and _DAY_START <= moment.hour < _DAY_END:
        return moment
    day = moment.date() if moment.hour < _DAY_START else moment.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    minutes = rng.randint(0, 150)
    return datetime(day.year, day.month, day.day, _DAY_START, tzinfo=UTC) + timedelta(minutes=minutes)


def later(rng: random.Random, moment: datetime, low_hours: float, high_hours: float) -> datetime:
    """A working-hours moment between ``low_hours`` and ``high_hours`` after ``moment`` (or later)."""
    hours = rng.uniform(low_hours, high_hours)
    return office(rng, moment + timedelta(hours=hours, seconds=rng.randint(0, 59)))


def soon(rng: random.Random, moment: datetime, low_minutes: float, high_minutes: float) -> datetime:
    """An unadjusted moment a few minutes later: bots and quick replies do not keep office hours."""
    return moment + timedelta(minutes=rng.uniform(low_minutes, high_minutes), seconds=rng.randint(0, 59))


def random_start(rng: random.Random, first: datetime = START, last: datetime = END) -> datetime:
    """A working-hours moment drawn uniformly from ``[first, last)``."""
    span = (last - first).total_seconds()
    while True:  # office() may push past ``last`` (a weekend at the end): draw again
        moment = office(rng, first + timedelta(seconds=rng.uniform(0, span)))
        if moment < last:
            return moment


def gh_time(moment: datetime) -> str:
    """GitHub's timestamp form: ``2026-05-04T09:12:33Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def jira_time(moment: datetime) -> str:
    """Jira REST v2's form: ``2026-05-04T09:12:33.000+0000``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
