"""Team views: person x behaviour heatmap, first responses and stalled items, review load, cross-team
links, retrospectives. People are always listed alphabetically by name: these are distributions and
flows, never rankings.

The figures are the measures of :mod:`metrics.measures` (computed there, declared once); this module
only selects their rows for a period and a team and draws them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from collectors.config import Config
from collectors.sources import kind_named
from metrics.measures import WAIT_LABELS, answered_between, stalled_work
from metrics.measures.base import ACT_COUNT

if TYPE_CHECKING:
    from metrics.engine import Metrics

from .common import BEHAVIOURS, alphabetical, behaviour_label, check_marks, month_of


def heatmap_frame(footprint: pd.DataFrame, people: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Acts (evidence rows: one per act and behaviour) per person and behaviour over ``months`` for every
    person in ``people`` (zeros kept).

    ``people`` has columns person, name (already restricted to the team shown). Columns
    ``person, name, behaviour, label, evidence``; people alphabetical by name.
    """
    window = footprint[footprint["period"].isin(months) & footprint["person"].isin(people["person"])]
    counts = window.groupby(["person", "behaviour"])["evidence_count"].sum()
    grid = pd.MultiIndex.from_product(
        [people["person"].unique(), list(BEHAVIOURS)], names=["person", "behaviour"]
    )
    frame = counts.reindex(grid, fill_value=0).rename("evidence").reset_index()
    frame = frame.merge(people[["person", "name"]].drop_duplicates("person"), on="person")
    frame["label"] = frame["behaviour"].map(behaviour_label)
    return alphabetical(frame)[["person", "name", "behaviour", "label", "evidence"]]


def heatmap_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Cells coloured by evidence count, with the count written in; rows alphabetical."""
    check_marks(frame, name="heatmap")
    names = sorted(frame["name"].unique(), key=str.casefold)
    base = alt.Chart(frame).encode(
        x=alt.X(
            "label:N",
            title=None,
            sort=[behaviour_label(b) for b in BEHAVIOURS],
            axis=alt.Axis(labelAngle=-35, labelLimit=220, labelOverlap=False),
        ),
        y=alt.Y("name:N", title=None, sort=names, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("evidence:Q", title="Acts", scale=alt.Scale(scheme="blues")),
        tooltip=["name:N", "label:N", "evidence:Q"],
    )
    text = base.mark_text(fontSize=10).encode(text="evidence:Q")
    return alt.layer(cells, text, title="Acts per person and behaviour (one act counts once per behaviour)")


def of_team(frame: pd.DataFrame, team: str | None) -> pd.DataFrame:
    """The rows of a measure frame that are ``team``'s work (its repositories or projects, or its people's
    items); every row when ``team`` is None."""
    if team is None:
        return frame
    mine = (frame["owner_team"] == team) | (frame["author_team"] == team)
    return frame[mine.to_numpy(dtype=bool)]


def first_responses_in(
    metrics: Metrics, since: datetime, until: datetime, team: str | None = None
) -> pd.DataFrame:
    """The first responses given in ``[since, until)`` to ``team``'s work (the ``first_response``
    measure: the same rows the unblocking rule reads)."""
    answered = answered_between(metrics.measures.first_responses, pd.Timestamp(since), pd.Timestamp(until))
    return of_team(answered, team)


def stalled_at(metrics: Metrics, config: Config, as_of: datetime, team: str | None = None) -> pd.DataFrame:
    """Stalled work (the ``stalled_work`` measure) of ``team`` as of ``as_of``."""
    behaviours = config.behaviours
    stalled = stalled_work(
        metrics.measures.first_responses,
        metrics.measures.blocked_stays,
        as_of=pd.Timestamp(as_of),
        wait_hours=behaviours.unblock_wait_hours,
        blocked_days=behaviours.unblock_window_days,
    )
    return of_team(stalled, team)


def wait_chart(frame: pd.DataFrame) -> alt.Chart:
    check_marks(frame, name="time to first response")
    return (
        alt.Chart(frame, title="Time to first response")
        .mark_bar()
        .encode(
            x=alt.X("wait:N", title="Waited", sort=list(WAIT_LABELS)),
            y=alt.Y("items:Q", title="PRs and issues"),
            tooltip=["wait:N", "items:Q"],
        )
    )


def review_load_chart(frame: pd.DataFrame) -> alt.Chart:
    check_marks(frame, name="review load")
    names = sorted(frame["name"].unique(), key=str.casefold)
    return (
        alt.Chart(frame, title="Review load: given and received")
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=names),
            yOffset="measure:N",
            x=alt.X("reviews:Q", title="Reviews"),
            color=alt.Color("measure:N", title=None),
            tooltip=["name:N", "measure:N", "reviews:Q"],
        )
    )


def cross_team_chart(frame: pd.DataFrame) -> alt.LayerChart:
    check_marks(frame, name="cross-team links")
    base = alt.Chart(frame).encode(
        x=alt.X("to_team:N", title="to the work of"), y=alt.Y("from_team:N", title="from team")
    )
    cells = base.mark_rect().encode(
        color=alt.Color("interactions:Q", scale=alt.Scale(scheme="oranges"), title="Interactions"),
        tooltip=["from_team:N", "to_team:N", "interactions:Q"],
    )
    return alt.layer(cells, base.mark_text().encode(text="interactions:Q"), title="Cross-team links")


def retro_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Per month: retros held, items raised, people raising items, actions, actions done.

    Columns ``month, retros, items, participants, actions, done``. ``events`` may carry
    :data:`~metrics.measures.base.ACT_COUNT` (rows standing for several identical acts).
    """
    columns = ["month", "retros", "items", "participants", "actions", "done"]
    retro = events[events["kind"].isin(["retro_note", "retro_item", "retro_action"])]
    if retro.empty:
        return pd.DataFrame(columns=columns)
    month = month_of(retro["created_at"])
    actions = retro["kind"] == "retro_action"
    done = pd.Series(False, index=retro.index)
    done[actions] = kind_named("retro_action").decode(retro.loc[actions, "attrs"], ["done"])["done"].eq(True)
    items = retro["kind"] == "retro_item"
    acts = retro[ACT_COUNT].astype("int64") if ACT_COUNT in retro else 1
    frame = pd.DataFrame(
        {
            "month": month,
            "retros": (retro["kind"] == "retro_note") * acts,
            "items": items * acts,
            "actions": actions * acts,
            "done": done * acts,
            "person": retro["actor_person"].where(items),
        }
    )
    grouped = frame.groupby("month").agg(
        retros=("retros", "sum"),
        items=("items", "sum"),
        participants=("person", "nunique"),
        actions=("actions", "sum"),
        done=("done", "sum"),
    )
    return grouped.reset_index()[columns].astype({c: int for c in columns[1:]})


def retro_chart(frame: pd.DataFrame) -> alt.Chart:
    """Action items per month, split into done and still open (follow-through)."""
    check_marks(frame, name="retro follow-through")
    long = pd.DataFrame(
        {
            "month": list(frame["month"]) * 2,
            "status": ["done"] * len(frame) + ["open"] * len(frame),
            "actions": list(frame["done"]) + list(frame["actions"] - frame["done"]),
        }
    )
    return (
        alt.Chart(long, title="Retro action items: follow-through")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("actions:Q", title="Action items", stack="zero"),
            color=alt.Color(
                "status:N", scale=alt.Scale(domain=["done", "open"], range=["#2ca02c", "#c7c7c7"])
            ),
            tooltip=["month:O", "status:N", "actions:Q"],
        )
    )
