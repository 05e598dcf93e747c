"""The state of work at the end of a window, replayed from the events rather than read from today.

A pull request merged or closed after the window end was open at it; a Jira issue's status at the
window end is the ``to`` of its last status change before it (before its first change, the ``from`` of
that change; with no change at all, its status when synced). What is open at the end, for the
unanswered questions; waits for a first review and blocked stays are the measures'
(:func:`metrics.measures.waiting_at`, :func:`metrics.measures.stuck_at`).
"""

from __future__ import annotations

import pandas as pd

from .base import OpportunityContext, lookup


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


def teams_of(octx: OpportunityContext, containers: pd.Series) -> pd.Series:
    """The team owning each container (None where no team does)."""
    return octx.rules.owners.teams_of(containers)


__all__ = [
    "items_at",
    "pull_requests_at",
    "teams_of",
]
