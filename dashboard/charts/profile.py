"""One person's behaviour profile: counts with the team median for context, and trend.

``footprint`` is the engine's monthly table (person, team, behaviour, period, evidence_count, ...);
``roster`` lists everyone the team median is taken over (columns person, team), so that people with no
evidence in a behaviour count as zero rather than disappearing from the median.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from metrics.growth import team_medians, window_counts

from .common import BEHAVIOURS, behaviour_label, check_marks, months_between


def team_of(roster: pd.DataFrame, person: str) -> str | None:
    rows = roster.loc[roster["person"] == person, "team"]
    return None if rows.empty or pd.isna(rows.iloc[0]) else str(rows.iloc[0])


def team_median(
    footprint: pd.DataFrame, roster: pd.DataFrame, team: str | None, months: list[str]
) -> pd.Series:
    """Median evidence per behaviour over every member of ``team`` in ``months`` (zeros included);
    the same median the growth plan uses (:func:`metrics.growth.team_medians`)."""
    return team_medians(footprint, roster, team, months)


def profile_frame(
    footprint: pd.DataFrame, roster: pd.DataFrame, person: str, months: list[str]
) -> pd.DataFrame:
    """Columns ``behaviour, label, evidence, team_median`` in behaviour order, one row per behaviour."""
    counts = window_counts(footprint[footprint["person"] == person], months)
    own = counts.loc[person] if person in counts.index else pd.Series(0, index=list(BEHAVIOURS))
    median = team_median(footprint, roster, team_of(roster, person), months)
    return pd.DataFrame(
        {
            "behaviour": list(BEHAVIOURS),
            "label": [behaviour_label(b) for b in BEHAVIOURS],
            "evidence": [int(own[b]) for b in BEHAVIOURS],
            "team_median": [float(median[b]) for b in BEHAVIOURS],
        }
    )


def trend_frame(footprint: pd.DataFrame, person: str, months: list[str]) -> pd.DataFrame:
    """Columns ``period, behaviour, label, evidence``: every month x behaviour, zeros filled."""
    mine = footprint[(footprint["person"] == person) & footprint["period"].isin(months)]
    grid = pd.MultiIndex.from_product([months, list(BEHAVIOURS)], names=["period", "behaviour"])
    counts = mine.groupby(["period", "behaviour"])["evidence_count"].sum().reindex(grid, fill_value=0)
    frame = counts.rename("evidence").reset_index()
    frame["label"] = frame["behaviour"].map(behaviour_label)
    return frame[["period", "behaviour", "label", "evidence"]]


def profile_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Bars of the person's evidence per behaviour, with a tick at the team median (context, not rank)."""
    check_marks(frame, name="behaviour profile")
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", title=None, sort=list(frame["label"]), axis=alt.Axis(labelLimit=220))
    )
    bars = base.mark_bar().encode(
        x=alt.X("evidence:Q", title="Evidence in period"),
        tooltip=["label:N", "evidence:Q", alt.Tooltip("team_median:Q", title="team median")],
    )
    median = base.mark_tick(color="#d62728", thickness=3, size=18).encode(
        x="team_median:Q", tooltip=[alt.Tooltip("team_median:Q", title="team median")]
    )
    return alt.layer(bars, median, title="Behaviour profile (red tick: team median)")


def trend_chart(frame: pd.DataFrame) -> alt.Chart:
    """Lines: evidence per month for each behaviour."""
    check_marks(frame, name="behaviour trend")
    return (
        alt.Chart(frame, title="Monthly trend")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title="Month"),
            y=alt.Y("evidence:Q", title="Evidence"),
            color=alt.Color("label:N", title="Behaviour", sort=[behaviour_label(b) for b in BEHAVIOURS]),
            tooltip=["period:O", "label:N", "evidence:Q"],
        )
    )


__all__ = [
    "months_between",
    "profile_chart",
    "profile_frame",
    "team_median",
    "trend_chart",
    "trend_frame",
]
