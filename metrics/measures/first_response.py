"""First responses and the waits before them: how long opened work waited for someone to answer.

:func:`first_responses` is the one definition used by the unblocking rule (``unblocking.first_response``),
the evidence strength (a long wait), the Team page's and the report's wait chart, stalled work and the
packet. Computed once per ``compute`` over every event read (the history before a window included), so
an item opened before a window and answered inside it is credited with its whole wait.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..prepare import RuleContext
from .base import ACT_COUNT, measure

#: Items whose waits are measured: pull requests and GitHub issues. Jira issues are not: a backlog
#: ticket waits by design, so a first comment on one says nothing about unblocking (see blocked stays).
WAITING_KINDS = ("pull_request", "issue")
#: Acts that end a wait on those items (a Jira comment never lands on them).
ANSWER_KINDS = tuple(kind for kind in RESPONSE_KINDS if kind != "jira_comment")
#: Columns of :func:`first_responses`; ``opening`` and ``response`` are positions in ``ctx.events``
#: (``response`` -1 when nobody answered), the rest is what views show and filter by.
FIRST_RESPONSE_COLUMNS = (
    "item",
    "kind",
    "container",
    "url",
    "opened_at",
    "closed_at",
    "closed",
    "draft",
    "author_team",
    "owner_team",
    "responded_at",
    "waited_hours",
    "responder_team",
    "opening",
    "response",
)

WAIT_BINS = (0.0, 1.0, 4.0, 24.0, 72.0, float("inf"))
WAIT_LABELS = ("< 1 h", "1-4 h", "4-24 h", "1-3 days", "> 3 days")


def _time(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def _openings(ctx: RuleContext) -> pd.DataFrame:
    """One row per pull request or issue opened by a person (not a bot, not a deleted account)."""
    frames = []
    for kind in WAITING_KINDS:
        columns = ["item", "kind", "container", "url", "created_at", "actor_person", "actor_team", "human"]
        ev = ctx.of(kind, columns=columns).rename(columns={"actor_team": "author_team"})
        fields = ["closed_at", "state", *(["merged_at", "draft"] if kind == "pull_request" else [])]
        attrs = ctx.attrs(kind, fields)
        closed_at = _time(attrs["closed_at"])
        if kind == "pull_request":
            closed_at = closed_at.where(closed_at.notna(), _time(attrs["merged_at"]))
        state = attrs["state"].fillna("OPEN").astype(str).str.upper()
        draft = attrs["draft"].eq(True) if kind == "pull_request" else pd.Series(False, index=ev.index)
        ev = ev.assign(closed_at=closed_at, closed=(state != "OPEN").to_numpy(), draft=draft.to_numpy())
        frames.append(ev[ev["human"].to_numpy(dtype=bool)].drop(columns="human"))
    opened = pd.concat(frames).sort_index()
    opened = opened.reset_index(names="opening").rename(columns={"created_at": "opened_at"})
    return opened.sort_values(["opened_at", "opening"], kind="stable").drop_duplicates("item")


@measure(
    "first_response",
    label="Time to first response",
    description="How long a pull request or GitHub issue waited before someone other than its author "
    "answered it.",
    how="From the item's opening to the first review, inline review comment or conversation comment by "
    "a person (not a bot, not a deleted account, not someone excluded) other than its author, made after "
    "the opening and before the item was merged or closed. Draft pull requests are left out (their "
    "state when last synced), and so are items opened by bots. Jira issues are not measured: backlog "
    "tickets wait by design.",
)
def first_responses(ctx: RuleContext) -> pd.DataFrame:
    """One row per opened pull request or issue (:data:`FIRST_RESPONSE_COLUMNS`), ordered by opening;
    ``responded_at``/``waited_hours`` NaT/NaN and ``response`` -1 where nobody answered."""
    opened = _openings(ctx)
    opened = opened.assign(owner_team=ctx.owners.teams_of(opened["container"]).to_numpy())
    replies = ctx.of(*ANSWER_KINDS, columns=["item", "created_at", "actor_person", "human"])
    answering = replies["human"].to_numpy(dtype=bool) & ~replies["actor_person"].isin(ctx.identities.excluded)
    replies = replies[answering.to_numpy(dtype=bool)].reset_index(names="response")
    live = opened[~opened["draft"]][["item", "opened_at", "closed_at", "actor_person"]]
    pairs = replies.merge(live.rename(columns={"actor_person": "author"}), on="item")
    keep = (
        (pairs["actor_person"] != pairs["author"])
        & (pairs["created_at"] > pairs["opened_at"])
        & (pairs["closed_at"].isna() | (pairs["created_at"] <= pairs["closed_at"]))
    ).to_numpy(dtype=bool)
    pairs = pairs[keep].sort_values(["created_at", "response"], kind="stable").drop_duplicates("item")
    first = pairs[["item", "created_at", "response"]].rename(columns={"created_at": "responded_at"})
    frame = opened.drop(columns="actor_person").merge(first, on="item", how="left")
    frame["responded_at"] = pd.to_datetime(frame["responded_at"], utc=True)
    frame["response"] = frame["response"].fillna(-1).astype(np.int64)
    frame["waited_hours"] = (frame["responded_at"] - frame["opened_at"]).dt.total_seconds() / 3600.0
    responder = np.where(frame["response"] >= 0, frame["response"], 0)
    teams = ctx.events["actor_team"].take(responder).to_numpy()
    frame["responder_team"] = np.where(frame["response"] >= 0, teams, None)
    return frame[list(FIRST_RESPONSE_COLUMNS)].reset_index(drop=True)


@measure(
    "waits",
    label="Waits before a first response",
    description="How many items waited how long for their first response, in buckets.",
    how="The first responses given in the period (by the time of the response), counted per bucket of "
    "the wait: under 1 h, 1-4 h, 4-24 h, 1-3 days, over 3 days.",
)
def wait_distribution(responses: pd.DataFrame) -> pd.DataFrame:
    """Count of answered items per wait bucket: columns ``wait, items``, buckets in order (``responses``
    as :func:`answered_waits` reads them)."""
    answered = answered_waits(responses)
    buckets = pd.cut(answered, bins=list(WAIT_BINS), labels=list(WAIT_LABELS), right=False)
    counts = buckets.value_counts().reindex(list(WAIT_LABELS), fill_value=0)
    return pd.DataFrame({"wait": list(WAIT_LABELS), "items": counts.to_numpy().astype(int)})


def answered_waits(responses: pd.DataFrame) -> pd.Series:
    """The waits (hours) of the answered items among ``responses``, one per item: rows of
    :func:`first_responses`, or a store query's groups of them by ``waited_hours`` with their number
    (:data:`~.base.ACT_COUNT`, each group's wait repeated that many times)."""
    answered = responses.dropna(subset=["waited_hours"])
    hours = answered["waited_hours"].to_numpy(dtype=float)
    if ACT_COUNT in answered:
        hours = np.repeat(hours, answered[ACT_COUNT].to_numpy(dtype=np.int64))
    return pd.Series(hours, name="waited_hours", dtype=float)


def answered_between(responses: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The rows of :func:`first_responses` whose first response fell in ``[start, end)``."""
    at = responses["responded_at"]
    return responses[(at >= start) & (at < end)]
