"""Cross-team communication (DESIGN §7): reviews and comments on another team's repository or Jira
project (``teams[].repos`` / ``teams[].jira_projects``), or on the work of a person of another team
(:func:`metrics.measures.other_team`, the reading the cross-team flows use too). The actor needs a team;
bots never count."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measures import other_team
from ..prepare import RuleContext
from ..strength import reached_teams
from .base import credit, rule


def whose(ctx: RuleContext, positions: np.ndarray) -> np.ndarray:
    """ "owned by team web" / "by a person of team web" for the acts at ``positions``."""
    columns = ["container", "actor_team", "target_team", "own", "target_is_bot"]
    return other_team(ctx.events[columns].take(positions), ctx.owners)["whose"].to_numpy()


#: How a text class reason opens for an acknowledgement ("thanks!", "PTAL"): it gives no behaviour.
ACKNOWLEDGEMENT_REASON = "other: acknowledgement"


def _across(ctx: RuleContext, *kinds: str, said: bool = False) -> pd.DataFrame:
    """The acts of ``kinds`` that reached another team, with ``whose`` work it was; with ``said``, not
    those whose text is only an acknowledgement (a review's signal is its state; a comment's, its words)."""
    ev = ctx.of(*kinds, columns=["item", "actor_person"])
    reached = ctx.once(reached_teams)[ev.index.to_numpy()]
    ev = ev[reached > 0]
    if said:
        reasons = ctx.text["reason"].reindex(ev.index).astype(object)
        ev = ev[~reasons.fillna("").str.startswith(ACKNOWLEDGEMENT_REASON).to_numpy(dtype=bool)]
    return ev.assign(whose=whose(ctx, ev.index.to_numpy()))


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
    'project, or on the work of a person of another team; not an acknowledgement ("thanks!", "+1").',
    reason="commented on {item}, {whose}",
)
def comment(ctx: RuleContext) -> pd.DataFrame:
    return credit(_across(ctx, "comment", "jira_comment", said=True), item="item", whose="whose")
