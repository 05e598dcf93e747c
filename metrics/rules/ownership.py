"""Ownership: owns and coordinates work (DESIGN §7), from Jira issues and status updates."""

from __future__ import annotations

import pandas as pd

from ..measures import status_changes
from ..prepare import RuleContext
from ..textclass.patterns import CUE_PATTERNS
from .base import credit, cross_item_fact, cue_quote, rule, someone_in, with_text

#: Status names taken as done when no issue in the data shows their category.
DONE_STATUSES = frozenset({"done", "closed", "resolved"})


@cross_item_fact("done_statuses", reads=("jira_issue",), affects=("jira_status_change",))
def done_statuses(ctx: RuleContext) -> set[str]:
    """Lower-cased status names in Jira's done category, as the issues in the data report them (all
    issues: a cross-item fact)."""
    attrs = ctx.attrs("jira_issue", ["status", "status_category"])
    seen = attrs[attrs["status_category"] == "done"]["status"].dropna().astype(str).str.lower()
    not_done = attrs[attrs["status_category"].isin(["new", "indeterminate"])]["status"].dropna()
    return (set(seen) | DONE_STATUSES) - set(not_done.astype(str).str.lower())


@rule(
    "ownership.done_by_assignee",
    weight=1.0,
    description="Moving one's own (assigned) Jira issue into the done status category.",
    reason="drove {item} to {to} as its assignee",
)
def done_by_assignee(ctx: RuleContext) -> pd.DataFrame:
    changes = status_changes(ctx).join(ctx.of("jira_status_change", columns=["actor_person", "human", "own"]))
    keep = changes["human"] & changes["own"] & changes["to"].str.lower().isin(done_statuses.of(ctx))
    return credit(changes[keep].sort_index(), item="item", to="to")


def _issues(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("jira_issue", columns=["item", "actor_person", "human"])
    attrs = ctx.attrs("jira_issue", ["type", "assignee"])
    ev = ev.assign(type=attrs["type"].fillna("").astype(str), assignee=attrs["assignee"])
    return someone_in(ctx, ev, "assignee")


@rule(
    "ownership.epic_lead",
    weight=1.0,
    description="Leading an epic: being the assignee of a Jira issue of type Epic.",
    reason="leads the epic {item}",
)
def epic_lead(ctx: RuleContext) -> pd.DataFrame:
    ev = _issues(ctx)
    return credit(ev[ev["type"].str.lower() == "epic"], person="assignee_person", item="item")


@rule(
    "ownership.handoff",
    weight=0.5,
    description="Creating a Jira issue that someone else is assigned to (planning and handing off work).",
    reason="created {item} and handed it to someone else",
)
def handoff(ctx: RuleContext) -> pd.DataFrame:
    ev = _issues(ctx)
    ev = ev[ev["human"] & (ev["assignee_person"] != ev["actor_person"])]
    return credit(ev, item="item")


@rule(
    "ownership.status_update",
    weight=0.5,
    description="A conversation or Jira comment that gives a status update (progress, ETA, next steps).",
    reason="status update on {item}: {quote}",
)
def status_update(ctx: RuleContext) -> pd.DataFrame:
    ev = with_text(ctx, ctx.of("comment", "jira_comment", columns=["item", "actor_person"]))
    ev = ev[ev["status_update"]]
    quote = cue_quote(ctx.texts.reindex(ev.index).str.lower(), CUE_PATTERNS["status_update"])
    return credit(ev.assign(quote=quote), item="item", quote="quote")
