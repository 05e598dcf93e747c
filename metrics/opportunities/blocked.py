"""Work stuck in a blocked status with nobody talking about it: the stalled work's blocked stays (the
``blocked_stay`` and ``stalled_work`` measures), one definition of a stay, then nobody commenting."""

from __future__ import annotations

import pandas as pd

from ..measures import blocked_stays, status_changes, stuck_at
from ..rules.base import hours
from .base import OpportunityContext, for_members, opportunity


def stuck_issues(octx: OpportunityContext) -> pd.DataFrame:
    """Jira issues of a team's project that at the window end have been blocked without a break for
    at least ``behaviours.unblock_window_days`` (the stalled work's stays,
    :func:`metrics.measures.stuck_at` over the ``blocked_stay`` measure), with no comment since the
    stay began by anyone but who moved them there (no bot, nobody excluded): ``item, url, status``
    (the last before the window end: Blocked or On Hold), ``began``, ``mover`` (the creator for a
    stay since creation), ``team`` and ``days``."""
    ctx = octx.rules
    stays = stuck_at(ctx.once(blocked_stays), octx.until, octx.config.behaviours.unblock_window_days)
    stays = stays[stays["owner_team"].notna().to_numpy(dtype=bool)]
    position = stays["began"].to_numpy(dtype="int64")
    mover = ctx.events["actor_person"].take(position.clip(min=0)).to_numpy(dtype=object)
    creators = ctx.of("jira_issue", columns=["item", "actor_person"]).drop_duplicates("item")
    creator = stays["item"].map(creators.set_index("item")["actor_person"]).to_numpy(dtype=object)
    stays = pd.DataFrame(
        {
            "item": stays["item"].to_numpy(dtype=object),
            "url": stays["url"].to_numpy(dtype=object),
            "status": stays["status"].astype(str).to_numpy(dtype=object),
            "began": pd.to_datetime(stays["began_at"], utc=True).to_numpy(),
            "mover": pd.Series(mover).where(position >= 0, pd.Series(creator)).to_numpy(dtype=object),
            "team": stays["owner_team"].to_numpy(dtype=object),
        }
    )
    stays["began"] = pd.to_datetime(stays["began"], utc=True)
    changes = status_changes(ctx)
    changes = changes[
        (changes["changed_at"] < octx.until).to_numpy(dtype=bool)
        & changes["item"].isin(stays["item"]).to_numpy()
    ]
    now = changes.drop_duplicates("item", keep="last").set_index("item")["to"]
    now_status = stays["item"].map(now).astype(object)
    stays["status"] = now_status.where(now_status.notna(), stays["status"])
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
