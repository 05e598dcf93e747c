"""Reviewing: ensures good engineering practice (DESIGN §7). Own pull requests never count."""

from __future__ import annotations

import pandas as pd

from ..prepare import RuleContext
from .base import credit, on_pull_requests, rule, strip_label, with_text

_VERBS = {"APPROVED": "approved", "CHANGES_REQUESTED": "requested changes on", "DISMISSED": "reviewed"}
SUBSTANTIVE = ("defect", "maintainability", "design")


@rule(
    "reviewing.review",
    weight=1.0,
    description="A submitted review (approval, change request or comments) on someone else's pull request.",
    reason="{verb} {item}",
)
def review(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("review", columns=["item", "actor_person", "human", "own"])
    ev = ev.assign(state=ctx.attrs("review", ["state"])["state"])
    ev = ev[ev["human"] & ~ev["own"]]
    ev["verb"] = ev["state"].map(_VERBS).fillna("reviewed")
    return credit(ev, verb="verb", item="item")


@rule(
    "reviewing.substantive_comment",
    weight=0.5,
    description="A review comment, review body or pull-request comment on someone else's pull request "
    "that the text classes call defect, maintainability or design.",
    reason="{label} feedback on {item}: {why}",
    joined="{label} feedback: {why}",
)
def substantive_comment(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("review", "review_comment", "comment", columns=["kind", "item", "actor_person", "own"])
    ev = with_text(ctx, ev[~ev["own"]])
    ev = ev[ev["label"].isin(SUBSTANTIVE) & on_pull_requests(ctx, ev)]
    ev["why"] = strip_label(ev["reason"])
    return credit(ev, label="label", item="item", why="why")
