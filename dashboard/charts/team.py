"""Team views: person x behaviour heatmap, first responses and stalled items, review load, cross-team
links, retrospectives. People are always listed alphabetically by name: these are distributions and
flows, never rankings.
"""

from __future__ import annotations

from datetime import datetime

import altair as alt
import pandas as pd

from collectors.sources import kind_named
from metrics.kinds import OPENING_KINDS, RESPONSE_KINDS
from metrics.teams import ContainerOwners

from .common import BEHAVIOURS, alphabetical, behaviour_label, check_marks, month_of

WAIT_BINS = [0, 1, 4, 24, 72, float("inf")]
WAIT_LABELS = ["< 1 h", "1-4 h", "4-24 h", "1-3 days", "> 3 days"]


def heatmap_frame(footprint: pd.DataFrame, people: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Evidence per person and behaviour over ``months`` for every person in ``people`` (zeros kept).

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
        color=alt.Color("evidence:Q", title="Evidence", scale=alt.Scale(scheme="blues")),
        tooltip=["name:N", "label:N", "evidence:Q"],
    )
    text = base.mark_text(fontSize=10).encode(text="evidence:Q")
    return alt.layer(cells, text, title="Evidence per person and behaviour")


def _openings(events: pd.DataFrame) -> pd.DataFrame:
    opened = events[events["kind"].isin(OPENING_KINDS)].drop_duplicates("item")
    return opened[["item", "kind", "actor_person", "created_at", "url", "container"]].rename(
        columns={"actor_person": "author", "created_at": "opened_at"}
    )


def first_responses(events: pd.DataFrame) -> pd.DataFrame:
    """Per opened PR/issue: its first response by someone other than the author and not a bot.

    Columns ``item, kind, author, opened_at, url, responder, responded_at, waited_hours`` (NaN/NaT
    where nobody has responded).
    """
    opened = _openings(events)
    replies = events[events["kind"].isin(RESPONSE_KINDS) & ~events["is_bot"].astype(bool)]
    replies = replies[["item", "actor_person", "created_at"]].merge(opened[["item", "author"]], on="item")
    replies = replies[replies["actor_person"] != replies["author"]].sort_values("created_at", kind="stable")
    first = replies.drop_duplicates("item")[["item", "actor_person", "created_at"]].rename(
        columns={"actor_person": "responder", "created_at": "responded_at"}
    )
    frame = opened.merge(first, on="item", how="left")
    frame["waited_hours"] = (frame["responded_at"] - frame["opened_at"]).dt.total_seconds() / 3600
    return frame


def wait_distribution(responses: pd.DataFrame) -> pd.DataFrame:
    """Count of items per time-to-first-response bucket: columns ``wait, items``, buckets in order."""
    answered = responses["waited_hours"].dropna()
    buckets = pd.cut(answered, bins=WAIT_BINS, labels=WAIT_LABELS, right=False)
    counts = buckets.value_counts().reindex(WAIT_LABELS, fill_value=0)
    return pd.DataFrame({"wait": WAIT_LABELS, "items": counts.to_numpy().astype(int)})


def wait_chart(frame: pd.DataFrame) -> alt.Chart:
    check_marks(frame, name="time to first response")
    return (
        alt.Chart(frame, title="Time to first response")
        .mark_bar()
        .encode(
            x=alt.X("wait:N", title="Waited", sort=WAIT_LABELS),
            y=alt.Y("items:Q", title="PRs and issues"),
            tooltip=["wait:N", "items:Q"],
        )
    )


def stalled_items(
    events: pd.DataFrame, responses: pd.DataFrame, *, as_of: datetime, wait_hours: float, blocked: list[str]
) -> pd.DataFrame:
    """Open items waiting without a first response for at least ``wait_hours`` at ``as_of``, and Jira
    issues whose latest status is a blocked status. Columns ``item, why, since, waiting_days, url``,
    longest waits first.
    """
    columns = ["item", "why", "since", "waiting_days", "url"]
    unanswered = responses[responses["responded_at"].isna() & (responses["kind"] != "jira_issue")]
    unanswered = unanswered[(as_of - unanswered["opened_at"]).dt.total_seconds() >= wait_hours * 3600]
    opened = events[events["kind"].isin(["pull_request", "issue"])].drop_duplicates("item")
    opened = opened[opened["item"].isin(unanswered["item"])]
    open_items = set()
    for kind, rows in opened.groupby("kind"):
        state = kind_named(str(kind)).decode(rows["attrs"], ["state"])["state"]
        open_items |= set(rows.loc[state.fillna("OPEN").astype(str).str.upper() == "OPEN", "item"])
    waiting = unanswered[unanswered["item"].isin(open_items)]
    rows = pd.DataFrame(
        {
            "item": waiting["item"],
            "why": "no response yet",
            "since": waiting["opened_at"],
            "url": waiting["url"],
        }
    )
    changes = events[events["kind"] == "jira_status_change"].sort_values("created_at", kind="stable")
    latest = changes.drop_duplicates("item", keep="last")
    if not latest.empty:
        status = kind_named("jira_status_change").decode(latest["attrs"], ["to"])["to"]
        stuck = latest[status.isin(blocked)]
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    {
                        "item": stuck["item"],
                        "why": "in " + status[status.isin(blocked)].astype(str),
                        "since": stuck["created_at"],
                        "url": stuck["url"],
                    }
                ),
            ]
        )
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["waiting_days"] = ((as_of - rows["since"]).dt.total_seconds() / 86400).round(1)
    return rows.sort_values(["since", "item"])[columns].reset_index(drop=True)


def review_load_frame(events: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Reviews given and received per person in ``people`` (alphabetical by name; zeros kept).

    Columns ``person, name, measure (given|received), reviews``.
    """
    reviews = events[(events["kind"] == "review") & ~events["is_bot"].astype(bool)]
    reviews = reviews[reviews["actor_person"] != reviews["target_person"]]
    given = reviews.groupby("actor_person").size()
    received = reviews.groupby("target_person").size()
    frame = alphabetical(people[["person", "name"]].drop_duplicates("person"))
    frame = frame.assign(
        given=frame["person"].map(given).fillna(0).astype(int),
        received=frame["person"].map(received).fillna(0).astype(int),
    )
    return frame.melt(
        id_vars=["person", "name"], value_vars=["given", "received"], var_name="measure", value_name="reviews"
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


def cross_team_frame(events: pd.DataFrame, owners: ContainerOwners) -> pd.DataFrame:
    """Responses (reviews, comments) from one team to another team's work.

    The other side is the target person's team, else the team owning the repo or Jira project
    (``owners``). Columns ``from_team, to_team, interactions``; only pairs that differ.
    """
    acts = events[events["kind"].isin(RESPONSE_KINDS) & ~events["is_bot"].astype(bool)]
    acts = acts[acts["actor_team"].notna()]
    to_team = (
        acts["target_team"]
        .astype("object")
        .where(acts["target_team"].notna(), owners.teams_of(acts["container"]))
    )
    frame = pd.DataFrame({"from_team": acts["actor_team"].astype(str), "to_team": to_team})
    frame = frame[frame["to_team"].notna() & (frame["from_team"] != frame["to_team"])]
    return (
        frame.groupby(["from_team", "to_team"], as_index=False)
        .size()
        .rename(columns={"size": "interactions"})
        .sort_values(["from_team", "to_team"], ignore_index=True)
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

    Columns ``month, retros, items, participants, actions, done``.
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
    frame = pd.DataFrame(
        {
            "month": month,
            "retros": retro["kind"] == "retro_note",
            "items": items,
            "actions": actions,
            "done": done,
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
