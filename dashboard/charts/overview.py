"""The Overview: evidence per behaviour, per month and per team, as the store aggregates it (the
frames come from :func:`dashboard.queries.overview_figures`: ``month|team, behaviour, evidence``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import BEHAVIOURS, NO_TEAM, behaviour_label, check_marks

_ORDER = [behaviour_label(behaviour) for behaviour in BEHAVIOURS]


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(label=frame["behaviour"].map(behaviour_label))


def evidence_by_month_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: evidence per month, coloured by behaviour (``frame``: month, behaviour, evidence)."""
    check_marks(frame, name="evidence by month")
    return (
        alt.Chart(_labelled(frame), title="Evidence per month")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("evidence:Q", title="Evidence", stack="zero"),
            color=alt.Color("label:N", title="Behaviour", sort=_ORDER),
            tooltip=["month:O", alt.Tooltip("label:N", title="behaviour"), "evidence:Q"],
        )
    )


def evidence_by_behaviour_chart(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: evidence per behaviour, in the behaviours' order (``frame``: as for months)."""
    totals = _labelled(frame.groupby("behaviour", as_index=False)["evidence"].sum())
    check_marks(totals, name="evidence by behaviour")
    return (
        alt.Chart(totals, title="Evidence per behaviour")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=_ORDER),
            x=alt.X("evidence:Q", title="Evidence"),
            tooltip=[alt.Tooltip("label:N", title="behaviour"), "evidence:Q"],
        )
    )


def evidence_by_team_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked horizontal bars: evidence per team, coloured by behaviour (teams alphabetical; people
    without a team as ``(no team)``); ``frame``: team, behaviour, evidence."""
    check_marks(frame, name="evidence by team")
    named = _labelled(frame.assign(team=frame["team"].astype("object").where(frame["team"].notna(), NO_TEAM)))
    return (
        alt.Chart(named, title="Evidence per team")
        .mark_bar()
        .encode(
            y=alt.Y("team:N", title=None, sort="ascending"),
            x=alt.X("evidence:Q", title="Evidence", stack="zero"),
            color=alt.Color("label:N", title="Behaviour", sort=_ORDER),
            tooltip=["team:N", alt.Tooltip("label:N", title="behaviour"), "evidence:Q"],
        )
    )
