"""Raising risks early; watching deadlines and quality (DESIGN §7)."""

from __future__ import annotations

import pandas as pd

from ..kinds import ISSUE_KINDS, RESPONSE_KINDS
from ..measures import status_changes
from ..prepare import RuleContext
from .base import (
    credit,
    labelled_issues,
    lower_set,
    risk_quotes,
    rule,
    someone_in,
    strip_label,
    with_text,
)

RISK_LABELS = frozenset({"risk", "security", "regression", "incident", "outage", "vulnerability"})


def _risky(ctx: RuleContext, *kinds: str) -> pd.DataFrame:
    ev = with_text(ctx, ctx.of(*kinds, columns=["item", "actor_person"]))
    ev = ev[ev["risk"] & ~ev["acknowledges_report"]]
    return ev.assign(quote=risk_quotes(ev["reason"]))


@rule(
    "risk_raising.risk_comment",
    weight=1.0,
    description="A comment or review that names a risk, a regression, a security or a deadline concern "
    '(not a reply acknowledging a risk someone else raised: "good catch, ...").',
    reason="named a risk on {item}: {quote}",
)
def risk_comment(ctx: RuleContext) -> pd.DataFrame:
    return credit(_risky(ctx, *RESPONSE_KINDS), item="item", quote="quote")


@rule(
    "risk_raising.risk_issue",
    weight=1.0,
    description="An issue or Jira issue whose title or body names a risk, or that is labelled "
    "risk, security, regression, incident, outage or vulnerability.",
    reason="opened {item} naming a risk: {quote}",
)
def risk_issue(ctx: RuleContext) -> pd.DataFrame:
    worded = _risky(ctx, *ISSUE_KINDS)
    labelled = labelled_issues(ctx, RISK_LABELS)
    labelled = labelled[~labelled.index.isin(worded.index)].assign(quote="label '" + labelled["label"] + "'")
    found = pd.concat(
        [worded[["item", "actor_person", "quote"]], labelled[["item", "actor_person", "quote"]]]
    )
    return credit(found.sort_index(), item="item", quote="quote")


@rule(
    "risk_raising.defect_review",
    weight=0.5,
    description="A review comment or review body on someone else's pull request classed defect (not a "
    'reply acknowledging a defect someone else found: "thanks for the report, ...").',
    reason="raised a defect in review of {item}: {why}",
    joined="raised a defect in review: {why}",
)
def defect_review(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("review", "review_comment", columns=["item", "actor_person", "own"])
    ev = with_text(ctx, ev[~ev["own"]])
    ev = ev[(ev["label"] == "defect") & ~ev["acknowledges_report"]]
    ev = ev.assign(why=lambda f: strip_label(f["reason"]))
    return credit(ev, item="item", why="why")


@rule(
    "risk_raising.flagged",
    weight=1.0,
    description="Setting the Jira flag (impediment) on an issue; dated when the flag was set.",
    reason="flagged {item} as impeded",
)
def flagged(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("jira_issue", columns=["item"])
    changes = ctx.attrs("jira_issue", ["flag_changes"])["flag_changes"].explode().dropna()
    if changes.empty:
        return pd.DataFrame(columns=["person", "item", "created_at"])
    listed = changes.tolist()  # FlagChange structs
    flat = pd.DataFrame(
        {"at": [c.at for c in listed], "by": [c.by for c in listed], "set": [c.set for c in listed]},
        index=changes.index,
    )
    flat = someone_in(ctx, flat[flat["set"].eq(True)], "by")
    flat = flat.reset_index(names="_event").drop_duplicates(["_event", "at", "by"]).set_index("_event")
    return pd.DataFrame(
        {
            "person": flat["by_person"],
            "item": ev["item"].reindex(flat.index),
            "created_at": pd.to_datetime(flat["at"], utc=True, format="ISO8601"),
        },
        index=flat.index,
    )


@rule(
    "risk_raising.moved_to_blocked",
    weight=1.0,
    description="Moving a Jira issue into a blocked status (behaviours.blocked_statuses).",
    reason="moved {item} to {to}",
)
def moved_to_blocked(ctx: RuleContext) -> pd.DataFrame:
    changes = status_changes(ctx)
    ev = ctx.of("jira_status_change", columns=["actor_person", "human"])
    changes = changes.join(ev)
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    keep = changes["human"] & changes["to_blocked"] & ~changes["from"].str.lower().isin(blocked)
    return credit(changes[keep].sort_index(), item="item", to="to")
