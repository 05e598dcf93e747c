"""The events overview: how many signals of which kind, from which team, per month."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import KIND_SCALE, NO_TEAM, check_marks, month_of


def kind_month_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Events counted per month and kind: columns ``month, kind, events``."""
    if events.empty:
        return pd.DataFrame({"month": pd.Series(dtype=str), "kind": pd.Series(dtype=str), "events": []})
    frame = pd.DataFrame({"month": month_of(events["created_at"]), "kind": events["kind"]})
    return frame.groupby(["month", "kind"], as_index=False).size().rename(columns={"size": "events"})


def team_kind_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Events counted per acting team and kind: columns ``team, kind, events``; no team -> ``(no team)``."""
    if events.empty:
        return pd.DataFrame({"team": pd.Series(dtype=str), "kind": pd.Series(dtype=str), "events": []})
    team = events["actor_team"].astype("object").where(events["actor_team"].notna(), NO_TEAM)
    frame = pd.DataFrame({"team": team, "kind": events["kind"]})
    return frame.groupby(["team", "kind"], as_index=False).size().rename(columns={"size": "events"})


def events_by_month_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: events per month, coloured by kind."""
    check_marks(frame, name="events by month")
    return (
        alt.Chart(frame, title="Events per month")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("events:Q", title="Events", stack="zero"),
            color=alt.Color("kind:N", title="Kind", scale=KIND_SCALE),
            tooltip=["month:O", "kind:N", "events:Q"],
        )
    )


def events_by_kind_chart(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: events per kind (``frame`` from :func:`kind_month_frame`, summed here by Vega)."""
    totals = frame.groupby("kind", as_index=False)["events"].sum()
    check_marks(totals, name="events by kind")
    return (
        alt.Chart(totals, title="Events per kind")
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", title=None, sort="-x"),
            x=alt.X("events:Q", title="Events"),
            tooltip=["kind:N", "events:Q"],
        )
    )


def events_by_team_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked horizontal bars: events per acting team, coloured by kind (teams alphabetical)."""
    check_marks(frame, name="events by team")
    return (
        alt.Chart(frame, title="Events per team")
        .mark_bar()
        .encode(
            y=alt.Y("team:N", title=None, sort="ascending"),
            x=alt.X("events:Q", title="Events", stack="zero"),
            color=alt.Color("kind:N", title="Kind", scale=KIND_SCALE),
            tooltip=["team:N", "kind:N", "events:Q"],
        )
    )
