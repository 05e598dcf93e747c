from datetime import date

import pytest

from dashboard.errors import UsageError
from dashboard.exports.window import Window, last_full_quarter, parse_day, resolve_window


@pytest.mark.parametrize(
    ("today", "since", "until"),
    [
        (date(2026, 11, 24), date(2026, 7, 1), date(2026, 10, 1)),
        (date(2026, 10, 1), date(2026, 7, 1), date(2026, 10, 1)),
        (date(2026, 9, 30), date(2026, 4, 1), date(2026, 7, 1)),
        (date(2026, 2, 14), date(2025, 10, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2025, 10, 1), date(2026, 1, 1)),
    ],
)
def test_last_full_quarter(today: date, since: date, until: date) -> None:
    assert last_full_quarter(today) == Window(since, until)


def test_resolve_window_bounds() -> None:
    today = date(2026, 11, 24)
    assert resolve_window(None, None, today=today) == Window(date(2026, 7, 1), date(2026, 10, 1))
    assert resolve_window(date(2026, 11, 1), None, today=today) == Window(date(2026, 11, 1), today)
    assert resolve_window(None, date(2026, 7, 1), today=today) == Window(date(2026, 4, 1), date(2026, 7, 1))
    assert resolve_window(None, date(2026, 7, 15), today=today).since == date(2026, 4, 15)
    with pytest.raises(UsageError, match="must be before"):
        resolve_window(date(2026, 7, 1), date(2026, 7, 1), today=today)


def test_parse_day_names_the_option() -> None:
    assert parse_day("2026-07-01", "--since") == date(2026, 7, 1)
    assert parse_day(None, "--since") is None
    with pytest.raises(UsageError) as caught:
        parse_day("July", "--until")
    assert caught.value.line == "--until: not a date (expected YYYY-MM-DD): 'July'"


def test_window_times_are_utc_midnights() -> None:
    window = Window(date(2026, 7, 1), date(2026, 10, 1))
    assert window.start.isoformat() == "2026-07-01T00:00:00+00:00"
    assert window.end.isoformat() == "2026-10-01T00:00:00+00:00"
