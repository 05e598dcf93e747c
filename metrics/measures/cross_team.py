"""Cross-team flows: reviews and comments from one team to another team's work.

:func:`other_team` is the one reading of "another team's work", used by the ``cross_team`` rules, the
strength of evidence and the cross-team flows the Team page and the report show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectors.events import GHOST

from ..teams import ContainerOwners
from .base import ACT_COUNT, count_by, measure

#: Acts that can reach across teams (an inline review comment is part of its review, counted once).
CROSS_TEAM_KINDS = ("review", "comment", "jira_comment")


def other_team(frame: pd.DataFrame, owners: ContainerOwners) -> pd.DataFrame:
    """For each act of ``frame`` (columns ``container, actor_team, target_team, own, target_is_bot``),
    the other team it reached: the team owning the repository or Jira project when that is not the
    actor's, else the team of the person whose work it is (not the actor's own work, not a bot's).
    Columns ``team`` (None when the act stays within the actor's team or the actor has none) and
    ``whose`` ("owned by team web" / "by a person of team web"); same index. Teams are compared as
    codes: a million acts make no string per act."""
    owner = owners.teams_of(frame["container"])
    names = pd.Index(
        pd.concat([owner, frame["actor_team"], frame["target_team"]]).dropna().astype(str).unique()
    )
    actor = names.get_indexer(frame["actor_team"].astype(object))
    owned = names.get_indexer(owner.astype(object))
    target = names.get_indexer(frame["target_team"].astype(object))
    by_owner = (actor >= 0) & (owned >= 0) & (owned != actor)
    by_target = ~frame["own"].to_numpy(dtype=bool) & ~frame["target_is_bot"].to_numpy(dtype=bool)
    by_target = by_target & (actor >= 0) & (target >= 0) & (target != actor) & ~by_owner
    code = np.where(by_owner, owned, np.where(by_target, target, -1))
    teams = np.append(np.asarray(names, dtype=object), None)
    owned_by = np.append(np.asarray(["owned by team " + name for name in names], dtype=object), "")
    person_of = np.append(np.asarray(["by a person of team " + name for name in names], dtype=object), "")
    whose = np.where(by_owner, owned_by[code], np.where(by_target, person_of[code], ""))
    return pd.DataFrame({"team": teams[code], "whose": whose}, index=frame.index)


@measure(
    "cross_team_flows",
    label="Cross-team flows",
    description="Reviews and comments from the people of one team on another team's work.",
    how="Reviews, conversation comments and Jira comments by a person with a team (not a bot) on a "
    "repository or Jira project another team owns ([[teams]]), or else on the work of a person of "
    "another team; counted per pair of teams. The same reading credits cross_team evidence.",
)
def cross_team_flows(events: pd.DataFrame, owners: ContainerOwners) -> pd.DataFrame:
    """Columns ``from_team, to_team, interactions``, one row per pair of different teams, sorted.
    ``events`` as :class:`~metrics.engine.Metrics` holds them (rows may carry
    :data:`~.base.ACT_COUNT`)."""
    acts = events[events["kind"].isin(CROSS_TEAM_KINDS).to_numpy(dtype=bool) & ~events["is_bot"].astype(bool)]
    acts = acts[acts["actor"].notna() & (acts["actor"] != GHOST) & acts["actor_team"].notna()]
    own = (acts["actor_person"] == acts["target_person"]).fillna(False) & acts["target_person"].notna()
    target_is_bot = acts["target_is_bot"] if "target_is_bot" in acts else pd.Series(False, index=acts.index)
    reached = other_team(acts.assign(own=own.to_numpy(dtype=bool), target_is_bot=target_is_bot), owners)
    frame = pd.DataFrame({"from_team": acts["actor_team"].astype(str), "to_team": reached["team"]})
    if ACT_COUNT in acts:
        frame[ACT_COUNT] = acts[ACT_COUNT]
    frame = frame[frame["to_team"].notna()]
    counts = count_by(frame.astype({"to_team": str}), ["from_team", "to_team"]).rename("interactions")
    return counts.reset_index().sort_values(["from_team", "to_team"], ignore_index=True)
