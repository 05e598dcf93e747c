"""Data health: the registered sources and what the store holds of each, per kind over time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from collectors.config import Config
from collectors.sources import registered_sources

from .common import KIND_SCALE, check_marks, month_of

SOURCE_COLUMNS = ["source", "configured", "events", "first_event", "last_event", "last_sync"]


def sources_frame(config: Config, stored: pd.DataFrame) -> pd.DataFrame:
    """One row per registered source, in registry order, then any other source the store holds:
    ``configured`` (its section names something to sync) and what :meth:`Store.sources` says of it
    (``stored``), 0 events and no times for a source not synced yet."""
    names = [source.name for source in registered_sources()]
    names += [name for name in stored["source"].astype(str) if name not in names]
    frame = pd.DataFrame({"source": names}).merge(stored, on="source", how="left")
    frame["configured"] = frame["source"].isin(config.source_names())
    frame["events"] = frame["events"].fillna(0).astype(int)
    return frame[SOURCE_COLUMNS]


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
