"""Work stuck in a blocked status with nobody talking about it."""

from __future__ import annotations

import pandas as pd

from ..rules.base import hours
from .base import OpportunityContext, for_members, opportunity
from .state import blocked_stays, teams_of


def stuck_issues(octx: OpportunityContext) -> pd.DataFrame:
    """Jira issues of a team's project that at the window end have been blocked without a break for
    at least ``behaviours.unblock_window_days``, with no comment since the stay began by anyone but
    who moved them there (no bot, nobody excluded): :func:`~.state.blocked_stays` plus ``team`` and
    ``days``."""
    stays = blocked_stays(octx)
    stays = stays.assign(team=teams_of(octx, stays["container"]))
    window = pd.Timedelta(days=octx.config.behaviours.unblock_window_days)
    stays = stays[(stays["team"].notna() & (stays["began"] <= octx.until - window)).to_numpy(dtype=bool)]
    comments = octx.acts("jira_comment", columns=["item", "created_at", "actor_person", "human"])
    comments = comments[
        comments["human"].to_numpy(dtype=bool) & comments["item"].isin(stays["item"]).to_numpy()
    ]
    pairs = comments.merge(stays[["item", "began", "mover"]], on="item")
    talked = pairs[
        ((pairs["created_at"] >= pairs["began"]) & (pairs["actor_person"] != pairs["mover"])).to_numpy(
            dtype=bool
        )
    ]
    stays = stays[~stays["item"].isin(talked["item"]).to_numpy(dtype=bool)]
    return stays.assign(days=hours(octx.until - stays["began"]) / 24)


@opportunity(
    "stuck_blocked",
    behaviours=("unblocking", "risk_raising"),
    description="A Jira issue of a team's project that at the window end has been in "
    "behaviours.blocked_statuses without a break for at least behaviours.unblock_window_days, with no "
    "comment since by anyone but who moved it there; for each person of the team except that person.",
    reason="{item} has been blocked for {days:.1f} days (now {status}) with no comment from anyone else",
)
def stuck_blocked(octx: OpportunityContext) -> pd.DataFrame:
    rows = for_members(octx, stuck_issues(octx), "mover")
    return pd.DataFrame(
        {
            "person": rows["person"],
            "item": rows["item"],
            "url": rows["url"],
            "since": rows["began"],
            "status": rows["status"],
            "days": rows["days"],
        }
    )
