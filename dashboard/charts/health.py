"""Data health: what the store holds, per source and kind over time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import KIND_SCALE, check_marks, month_of


def source_kind_month_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Events counted per month, source and kind: columns ``month, source, kind, events``."""
    if events.empty:
        return pd.DataFrame(columns=["month", "source", "kind", "events"])
    frame = pd.DataFrame(
        {"month": month_of(events["created_at"]), "source": events["source"], "kind": events["kind"]}
    )
    return (
        frame.groupby(["month", "source", "kind"], as_index=False).size().rename(columns={"size": "events"})
    )


def source_kind_chart(frame: pd.DataFrame) -> alt.Chart:
    """Lines per kind over months, one panel per source."""
    check_marks(frame, name="events per source and kind")
    return (
        alt.Chart(frame, title="Events per source and kind")
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("events:Q", title="Events"),
            color=alt.Color("kind:N", title="Kind", scale=KIND_SCALE),
            column=alt.Column("source:N", title=None),
            tooltip=["month:O", "source:N", "kind:N", "events:Q"],
        )
        .properties(width=260)
    )
