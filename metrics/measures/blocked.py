"""Jira status changes and blocked stays: when a Jira issue sat in a blocked status, and until when.

A *stay* is an unbroken time in ``behaviours.blocked_statuses``: moving from Blocked to On Hold keeps
the issue in the same stay, and the stay ends at the first change to a status that is not blocked. An
issue whose first recorded change leaves a blocked status was blocked from its creation, and so was one
with no status change at all whose status is blocked. Used by the
unblocking rule ``unblocking.blocked_comment``, by the strength of evidence (how long it had been
blocked) and by stalled work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..prepare import RuleContext
from .base import measure

BLOCKED_STAY_COLUMNS = ("item", "container", "url", "owner_team", "status", "began_at", "ended_at", "began")


def lower_set(values: list[str]) -> set[str]:
    return {value.lower() for value in values}


def status_changes(ctx: RuleContext) -> pd.DataFrame:
    """Jira status changes: ``item, changed_at, from, to, from_blocked, to_blocked``, by time (index =
    positions in ``ctx.events``)."""
    changes = ctx.of("jira_status_change", columns=["item", "created_at"])
    attrs = ctx.attrs("jira_status_change", ["from", "to"])
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    changes = changes.assign(
        **{"from": attrs["from"].fillna("").astype(str), "to": attrs["to"].fillna("").astype(str)}
    )
    changes["from_blocked"] = changes["from"].str.lower().isin(blocked)
    changes["to_blocked"] = changes["to"].str.lower().isin(blocked)
    return changes.rename(columns={"created_at": "changed_at"}).sort_values("changed_at", kind="stable")


@measure(
    "blocked_stay",
    label="Blocked stays",
    description="Each unbroken time a Jira issue spent in a blocked status.",
    how="Replayed from the issue's status changes: a stay begins with a change into one of "
    "behaviours.blocked_statuses from a status that is not one (or at the issue's creation when its "
    "first change leaves a blocked status), continues through changes between blocked statuses "
    "(Blocked to On Hold), and ends at the first change to any other status; an issue with no status "
    "change whose status is blocked has been blocked since its creation; a stay that has not "
    "ended is still going.",
)
def blocked_stays(ctx: RuleContext) -> pd.DataFrame:
    """One row per stay (:data:`BLOCKED_STAY_COLUMNS`): ``status`` it began in, ``began_at``,
    ``ended_at`` (NaT while it lasts), ``began`` = position of the change that began it (-1 when it
    began at the issue's creation), ordered by item then time."""
    changes = status_changes(ctx).reset_index(names="position")
    unchanged = _blocked_since_creation(ctx, set(changes["item"]))
    if changes.empty:
        if unchanged.empty:
            return pd.DataFrame({column: pd.Series(dtype=object) for column in BLOCKED_STAY_COLUMNS})
        stays = unchanged.assign(ended_at=pd.NaT)
        stays["ended_at"] = pd.to_datetime(stays["ended_at"], utc=True)
    else:
        stays = _changed_stays(ctx, changes, unchanged)
    where = ctx.of("jira_issue", columns=["item", "container", "url"]).drop_duplicates("item")
    stays = stays.merge(where, on="item", how="left")
    container = stays["container"].where(stays["container"].notna(), stays["item"].str.split("-").str[0])
    stays["container"] = container
    stays["owner_team"] = ctx.owners.teams_of(container).to_numpy()
    return stays[list(BLOCKED_STAY_COLUMNS)]


def _changed_stays(ctx: RuleContext, changes: pd.DataFrame, unchanged: pd.DataFrame) -> pd.DataFrame:
    """``item, status, began_at, began, ended_at`` of every stay, given at least one status change."""
    changes = changes.sort_values(["item", "changed_at", "position"], kind="stable", ignore_index=True)
    previous = changes.groupby("item", sort=False)["to_blocked"].shift(1)
    before = previous.where(previous.notna(), changes["from_blocked"]).astype(bool).to_numpy()
    after = changes["to_blocked"].to_numpy(dtype=bool)
    starts = changes[~before & after]
    starts = pd.DataFrame(
        {"item": starts["item"], "status": starts["to"], "began_at": starts["changed_at"],
         "began": starts["position"].astype(np.int64)}
    )  # fmt: skip
    first = changes.drop_duplicates("item")
    initial = first[first["from_blocked"]]
    issues = ctx.of("jira_issue", columns=["item", "created_at"]).drop_duplicates("item").set_index("item")
    opened = issues["created_at"]
    # mapping an empty column onto times fails in pandas: an issue that starts blocked is rare
    began_at = (
        initial["item"].map(opened) if len(initial) else pd.Series(dtype=opened.dtype, index=initial.index)
    )
    initial = pd.DataFrame(
        {"item": initial["item"], "status": initial["from"], "began_at": began_at, "began": np.int64(-1)}
    )  # fmt: skip
    initial = initial[initial["began_at"].notna()]
    stays = pd.concat([*([unchanged] if len(unchanged) else []), initial, starts], ignore_index=True)
    stays = stays.sort_values(["item", "began_at"], kind="stable", ignore_index=True)
    ends = changes[before & ~after][["item", "changed_at"]].rename(columns={"changed_at": "ended_at"})
    stays["_k"] = stays.groupby("item").cumcount()
    ends = ends.assign(_k=ends.groupby("item").cumcount().to_numpy())
    return stays.merge(ends, on=["item", "_k"], how="left").drop(columns="_k")


def _blocked_since_creation(ctx: RuleContext, changed: set[str]) -> pd.DataFrame:
    """``item, status, began_at, began`` of the Jira issues with no status change at all whose status
    is blocked: their status never changed, so they have been blocked since their creation."""
    issues = ctx.of("jira_issue", columns=["item", "created_at"])
    status = ctx.attrs("jira_issue", ["status"])["status"].fillna("").astype(str)
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    keep = status.str.lower().isin(blocked).to_numpy(dtype=bool) & ~issues["item"].isin(changed).to_numpy()
    found = issues[keep].assign(status=status[keep].to_numpy()).drop_duplicates("item")
    return pd.DataFrame(
        {"item": found["item"], "status": found["status"], "began_at": found["created_at"],
         "began": np.int64(-1)}
    )  # fmt: skip


def stay_at(stays: pd.DataFrame, items: pd.Series, times: pd.Series) -> pd.DataFrame:
    """For each ``(item, time)``, the stay it falls in (``began_at <= time < ended_at``): columns
    ``status, began_at, ended_at`` (missing where the item was not blocked then); same index."""
    never = pd.Series(pd.NaT, index=items.index, dtype="datetime64[ns, UTC]")
    empty = pd.DataFrame({"status": pd.Series(None, index=items.index, dtype=object), "began_at": never,
                          "ended_at": never})  # fmt: skip
    if stays.empty or items.empty:
        return empty
    query = pd.DataFrame({"item": items.to_numpy(), "at": pd.to_datetime(times, utc=True).to_numpy()})
    query["_row"] = np.arange(len(query))
    query["at"] = pd.to_datetime(query["at"], utc=True)
    found = pd.merge_asof(
        query.sort_values("at", kind="stable"),
        stays[["item", "status", "began_at", "ended_at"]].sort_values("began_at", kind="stable"),
        left_on="at",
        right_on="began_at",
        by="item",
        direction="backward",
    ).sort_values("_row")
    inside = found["began_at"].notna() & (found["ended_at"].isna() | (found["at"] < found["ended_at"]))
    found = found[["status", "began_at", "ended_at"]].reset_index(drop=True)
    outside = ~inside.to_numpy()
    found.loc[outside, "status"] = None  # each column apart: a row of Nones cannot go in a datetime
    for column in ("began_at", "ended_at"):
        found.loc[outside, column] = pd.NaT
    found.index = items.index
    return found
