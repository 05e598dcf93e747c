"""Cross-team communication (DESIGN §7): reviews and comments on another team's repository or Jira
project (``teams[].repos`` / ``teams[].jira_projects``), or on the work of a person of another team
(:func:`metrics.measures.other_team`, the reading the cross-team flows use too). The actor needs a team;
bots never count."""

from __future__ import annotations

import pandas as pd

from ..measures import other_team
from ..prepare import RuleContext
from .base import credit, rule


def _across(ctx: RuleContext, *kinds: str) -> pd.DataFrame:
    columns = [
        "item",
        "container",
        "actor_person",
        "actor_team",
        "target_team",
        "human",
        "own",
        "target_is_bot",
    ]
    ev = ctx.of(*kinds, columns=columns)
    ev = ev[ev["human"] & ev["actor_team"].notna()]
    reached = other_team(ev, ctx.owners)
    return ev.assign(whose=reached["whose"])[reached["team"].notna().to_numpy()]


@rule(
    "cross_team.review",
    weight=1.0,
    description="A review on a pull request in another team's repository or by a person of another team.",
    reason="reviewed {item}, {whose}",
)
def review(ctx: RuleContext) -> pd.DataFrame:
    return credit(_across(ctx, "review"), item="item", whose="whose")


@rule(
    "cross_team.comment",
    weight=1.0,
    description="A comment on a pull request, issue or Jira issue of another team's repository or "
    "project, or on the work of a person of another team.",
    reason="commented on {item}, {whose}",
)
def comment(ctx: RuleContext) -> pd.DataFrame:
    return credit(_across(ctx, "comment", "jira_comment"), item="item", whose="whose")
