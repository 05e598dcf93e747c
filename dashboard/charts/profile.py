"""One person's behaviour profile: counts with the team median for context, trend, growth areas.

``footprint`` is the engine's monthly table (person, team, behaviour, period, evidence_count, ...);
``roster`` lists everyone the team median is taken over (columns person, team), so that people with no
evidence in a behaviour count as zero rather than disappearing from the median.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import BEHAVIOURS, behaviour_label, check_marks, months_between


def _counts(footprint: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Evidence per person and behaviour over ``months``: a person x behaviour table of counts."""
    window = footprint[footprint["period"].isin(months)]
    table = window.pivot_table(
        index="person", columns="behaviour", values="evidence_count", aggfunc="sum", fill_value=0
    )
    return table.reindex(columns=list(BEHAVIOURS), fill_value=0)


def team_of(roster: pd.DataFrame, person: str) -> str | None:
    rows = roster.loc[roster["person"] == person, "team"]
    return None if rows.empty or pd.isna(rows.iloc[0]) else str(rows.iloc[0])


def team_median(
    footprint: pd.DataFrame, roster: pd.DataFrame, team: str | None, months: list[str]
) -> pd.Series:
    """Median evidence per behaviour over every member of ``team`` in ``months`` (zeros included)."""
    members = roster.loc[roster["team"] == team, "person"] if team is not None else pd.Series(dtype=str)
    if members.empty:
        return pd.Series(float("nan"), index=list(BEHAVIOURS))
    counts = _counts(footprint, months).reindex(index=members.unique(), fill_value=0)
    return counts.median().astype(float)


def profile_frame(
    footprint: pd.DataFrame, roster: pd.DataFrame, person: str, months: list[str]
) -> pd.DataFrame:
    """Columns ``behaviour, label, evidence, team_median`` in behaviour order, one row per behaviour."""
    counts = _counts(footprint[footprint["person"] == person], months)
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


def growth_areas(
    footprint: pd.DataFrame,
    roster: pd.DataFrame,
    person: str,
    months: list[str],
    available: list[str],
) -> pd.DataFrame:
    """Behaviours where ``person`` shows little evidence in ``months``.

    A behaviour is a growth area when its count is under half of the person's own level in the
    equally long window just before (scaled to the months the store covers; needs >= 2) or under half
    of the team median (needs a median >= 2). ``available`` are the months the store has events for.
    Columns ``behaviour, label, evidence, own_before, team_median, why``.
    """
    columns = ["behaviour", "label", "evidence", "own_before", "team_median", "why"]
    if not months:
        return pd.DataFrame(columns=columns)
    first = pd.Period(months[0], freq="M")
    before = [str(first - n) for n in range(len(months), 0, -1)]
    covered = [m for m in before if m in set(available)]
    profile = profile_frame(footprint, roster, person, months)
    past = _counts(footprint[footprint["person"] == person], covered)
    past_row = past.loc[person] if person in past.index else pd.Series(0, index=list(BEHAVIOURS))
    rows = []
    for record in profile.itertuples(index=False):
        own_before = (
            float(past_row[record.behaviour]) * len(months) / len(covered) if covered else float("nan")
        )
        reasons = []
        if own_before >= 2 and record.evidence < own_before / 2:
            reasons.append(f"{own_before:.0f} in the {len(months)} month(s) before")
        if record.team_median >= 2 and record.evidence < record.team_median / 2:
            reasons.append(f"team median {record.team_median:g}")
        if reasons:
            why = f"{record.evidence} in this period, compared with " + " and ".join(reasons)
            rows.append(
                [record.behaviour, record.label, record.evidence, own_before, record.team_median, why]
            )
    return pd.DataFrame(rows, columns=columns)


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
    "growth_areas",
    "months_between",
    "profile_chart",
    "profile_frame",
    "team_median",
    "trend_chart",
    "trend_frame",
]
