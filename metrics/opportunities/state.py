"""The state of work at the end of a window, replayed from the events rather than read from today.

A pull request merged or closed after the window end was open at it; a Jira issue's status at the
window end is the ``to`` of its last status change before it (before its first change, the ``from`` of
that change; with no change at all, its status when synced). These are the one definition of "waiting
for a first review" and "blocked" at a moment, for the opportunities and for anything else that shows
stalled work.
"""

from __future__ import annotations

import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..rules.base import lower_set
from .base import OpportunityContext, lookup

#: Kinds that respond to a pull request: a review, an inline comment, a conversation comment.
PR_RESPONSE_KINDS = tuple(kind for kind in RESPONSE_KINDS if kind != "jira_comment")


def _time(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def pull_requests_at(octx: OpportunityContext) -> pd.DataFrame:
    """Pull requests opened before the window end: ``item, container, url, opened_at, author,
    author_level, human, draft, open`` (open: neither merged nor closed before the window end);
    index = positions. Drafts are as last synced (the events carry no draft history)."""
    ctx = octx.rules
    columns = ["item", "container", "url", "created_at", "actor_person", "actor_level", "human"]
    prs = octx.acts("pull_request", columns=columns)
    attrs = ctx.attrs("pull_request", ["draft", "merged_at", "closed_at"]).reindex(prs.index)
    merged, closed = _time(attrs["merged_at"]), _time(attrs["closed_at"])
    still_open = (merged.isna() | (merged >= octx.until)) & (closed.isna() | (closed >= octx.until))
    prs = prs.rename(
        columns={"created_at": "opened_at", "actor_person": "author", "actor_level": "author_level"}
    )
    return prs.assign(
        draft=attrs["draft"].eq(True).to_numpy(dtype=bool), open=still_open.to_numpy(dtype=bool)
    )


def first_responses(octx: OpportunityContext, items: pd.DataFrame, kinds: tuple[str, ...]) -> pd.Series:
    """For each row of ``items`` (``item, author``), the time of the first act of ``kinds`` on it
    before the window end by a person other than its author (no bot, no deleted account, nobody
    excluded); NaT when there is none. Same index as ``items``."""
    acts = octx.acts(*kinds, columns=["item", "created_at", "actor_person", "human"])
    acts = acts[acts["human"].to_numpy(dtype=bool) & acts["item"].isin(items["item"]).to_numpy(dtype=bool)]
    pairs = acts.merge(items[["item", "author"]].reset_index(names="_row"), on="item")
    pairs = pairs[(pairs["actor_person"] != pairs["author"]).to_numpy(dtype=bool)]
    first = pairs.groupby("_row")["created_at"].min()
    return pd.to_datetime(first.reindex(items.index), utc=True)


def _jira_closed_at(octx: OpportunityContext, issues: pd.DataFrame) -> pd.Series:
    """When each Jira issue (rows of ``jira_issue`` events) was resolved: ``resolved_at``, else for an
    issue done without a resolution the time of its last status change; NaT when it is not done."""
    ctx = octx.rules
    attrs = ctx.attrs("jira_issue", ["resolved_at", "status_category"]).reindex(issues.index)
    resolved = _time(attrs["resolved_at"])
    changes = ctx.of("jira_status_change", columns=["item", "created_at"])
    last_change = changes.groupby("item")["created_at"].max()
    done = attrs["status_category"].astype(str).str.lower().eq("done")
    fallback = pd.to_datetime(lookup(issues["item"], last_change), utc=True)
    fallback[~done.to_numpy(dtype=bool)] = pd.NaT
    return resolved.fillna(fallback)


def items_at(octx: OpportunityContext) -> pd.DataFrame:
    """Every pull request, issue and Jira issue opened before the window end: ``item, container,
    author, opened_at, open`` (open at the window end), one row per item."""
    ctx = octx.rules
    prs = pull_requests_at(octx)[["item", "container", "author", "opened_at", "open"]]
    columns = ["item", "container", "created_at", "actor_person"]
    issues = octx.acts("issue", columns=columns)
    closed = _time(ctx.attrs("issue", ["closed_at"])["closed_at"].reindex(issues.index))
    issues = issues.assign(open=(closed.isna() | (closed >= octx.until)).to_numpy(dtype=bool))
    jira = octx.acts("jira_issue", columns=columns)
    resolved = _jira_closed_at(octx, jira)
    jira = jira.assign(open=(resolved.isna() | (resolved >= octx.until)).to_numpy(dtype=bool))
    opened = pd.concat([issues, jira]).rename(columns={"created_at": "opened_at", "actor_person": "author"})
    both = pd.concat([prs, opened[["item", "container", "author", "opened_at", "open"]]], ignore_index=True)
    return both.drop_duplicates("item")


def blocked_stays(octx: OpportunityContext) -> pd.DataFrame:
    """Jira issues in a blocked status (``behaviours.blocked_statuses``) at the window end, one row
    each: ``item, container, url, status, began, mover``. A stay runs from the change into a blocked
    status from one that is not (or the issue's creation, if it was created blocked) until the first
    change out of the blocked statuses: Blocked -> On Hold is one stay. ``mover`` is who moved it there
    (the creator for a stay since creation)."""
    ctx = octx.rules
    blocked = lower_set(octx.config.behaviours.blocked_statuses)
    columns = ["item", "container", "url", "created_at", "actor_person"]
    issues = octx.acts("jira_issue", columns=columns).drop_duplicates("item")
    changes = ctx.of("jira_status_change", columns=["item", "created_at", "actor_person"])
    status = ctx.attrs("jira_status_change", ["from", "to"]).reindex(changes.index)
    changes = changes.assign(
        frm=status["from"].fillna("").astype(str).to_numpy(),
        to=status["to"].fillna("").astype(str).to_numpy(),
    ).sort_values("created_at", kind="stable")
    before = changes[(changes["created_at"] < octx.until).to_numpy(dtype=bool)]
    last = before.drop_duplicates("item", keep="last").set_index("item")
    upcoming = changes[(changes["created_at"] >= octx.until).to_numpy(dtype=bool)]
    next_from = upcoming.drop_duplicates("item", keep="first").set_index("item")["frm"]
    synced = ctx.attrs("jira_issue", ["status"])["status"].reindex(issues.index)
    at_end = pd.Series(synced.fillna("").astype(str).to_numpy(), index=issues["item"].to_numpy())
    at_end = next_from.reindex(at_end.index).fillna(at_end)  # no change before the end: before the next
    at_end.loc[last.index.intersection(at_end.index)] = last["to"]  # else: the last change before the end
    stuck = at_end[at_end.str.lower().isin(blocked)]
    entries = before[~before["frm"].str.lower().isin(blocked) & before["to"].str.lower().isin(blocked)]
    entry = entries.drop_duplicates("item", keep="last").set_index("item")
    found = issues.set_index("item").loc[stuck.index]
    began = entry["created_at"].reindex(stuck.index).fillna(found["created_at"])
    mover = entry["actor_person"].reindex(stuck.index)
    mover = mover.where(entry["created_at"].reindex(stuck.index).notna(), found["actor_person"])
    return pd.DataFrame(
        {
            "item": stuck.index.to_numpy(dtype=object),
            "container": found["container"].to_numpy(),
            "url": found["url"].to_numpy(),
            "status": stuck.to_numpy(dtype=object),
            "began": pd.to_datetime(began.to_numpy(), utc=True),
            "mover": mover.to_numpy(dtype=object),
        }
    )


def teams_of(octx: OpportunityContext, containers: pd.Series) -> pd.Series:
    """The team owning each container (None where no team does)."""
    return octx.rules.owners.teams_of(containers)


__all__ = [
    "PR_RESPONSE_KINDS",
    "blocked_stays",
    "first_responses",
    "items_at",
    "pull_requests_at",
    "teams_of",
]
