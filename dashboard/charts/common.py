"""Shared vocabulary of the charts: behaviour order and labels, mark budget, month helpers."""

from __future__ import annotations

from typing import Final

import altair as alt
import pandas as pd

from metrics.behaviours import BEHAVIOUR_IDS
from metrics.behaviours import BEHAVIOURS as DECLARED

#: The eight behaviours of DESIGN §7, in display order, and their labels (declared in metrics).
BEHAVIOURS: Final = BEHAVIOUR_IDS
BEHAVIOUR_LABELS: Final = {item.id: item.label for item in DECLARED}

#: One colour per event kind (there are eleven kinds; the default palette has ten colours).
KIND_SCALE: Final = alt.Scale(scheme="tableau20")

#: What charts and reports call the team of people and identities without one.
NO_TEAM: Final = "(no team)"

#: No chart sends more rows (marks) than this to the browser.
MAX_MARKS: Final = 5000


class TooManyMarks(ValueError):
    """A builder was handed a frame that was not aggregated enough to draw."""


def check_marks(frame: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Return ``frame`` unchanged if it fits in :data:`MAX_MARKS` rows, else raise :class:`TooManyMarks`."""
    if len(frame) > MAX_MARKS:
        raise TooManyMarks(f"{name}: {len(frame)} rows to draw, more than {MAX_MARKS}; aggregate first")
    return frame


def behaviour_label(behaviour: str) -> str:
    return BEHAVIOUR_LABELS.get(behaviour, behaviour.replace("_", " ").capitalize())


def month_of(timestamps: pd.Series) -> pd.Series:
    """``YYYY-MM`` strings of tz-aware UTC timestamps."""
    return timestamps.dt.strftime("%Y-%m")


def months_between(start: str, end: str) -> list[str]:
    """Every ``YYYY-MM`` from ``start`` to ``end`` inclusive (empty when ``end < start``)."""
    if end < start:
        return []
    return [str(p) for p in pd.period_range(start=start, end=end, freq="M")]


def alphabetical(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` ordered by its ``name`` column, case-insensitively, then ``person`` (stable)."""
    return frame.sort_values(["name", "person"], key=lambda column: column.str.casefold(), kind="stable")
