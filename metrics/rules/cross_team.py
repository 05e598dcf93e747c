"""Cross-team communication (DESIGN §7): reviews and comments on another team's repository or Jira
project (``teams[].repos`` / ``teams[].jira_projects``), or on the work of a person of another team.
The actor needs a team; bots never count."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    owner = ctx.owners.teams_of(ev["container"])
    by_owner = (owner.notna() & (owner != ev["actor_team"])).to_numpy(dtype=bool)
    target = ev["target_team"]
    by_target = (~ev["own"] & ~ev["target_is_bot"] & target.notna() & (target != ev["actor_team"])).to_numpy(
        dtype=bool
    )
    whose = np.where(by_owner, "owned by team " + owner.fillna("").astype(str), "")
    whose = np.where(~by_owner & by_target, "by a person of team " + target.fillna("").astype(str), whose)
    ev = ev.assign(whose=whose)
    return ev[by_owner | by_target]


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
