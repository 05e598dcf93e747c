"""Improving how the team works; initiating retrospectives (DESIGN §7)."""

from __future__ import annotations

import pandas as pd

from ..prepare import RuleContext
from .base import credit, matching_paths, rule, someone_in


def _pull_requests_touching(ctx: RuleContext, globs: list[str]) -> pd.DataFrame:
    """Human pull requests, not closed unmerged, with ``paths``: the changed paths matching ``globs``."""
    ev = ctx.of("pull_request", columns=["item", "actor_person", "human"])
    attrs = ctx.attrs("pull_request", ["paths", "state", "merged_at"])
    abandoned = (attrs["state"] == "CLOSED") & attrs["merged_at"].isna()
    ev = ev[ev["human"] & ~abandoned]
    paths = matching_paths(attrs["paths"].reindex(ev.index), globs)
    return ev.loc[paths.index].assign(paths=paths)


@rule(
    "improvement.tooling_pr",
    weight=1.0,
    description="A pull request (not abandoned) changing behaviours.tooling_paths: CI, build, scripts, docs.",
    reason="changed team tooling in {item}: {paths}",
)
def tooling_pr(ctx: RuleContext) -> pd.DataFrame:
    ev = _pull_requests_touching(ctx, ctx.config.behaviours.tooling_paths)
    return credit(ev, item="item", paths="paths")


@rule(
    "improvement.retro_facilitation",
    weight=1.0,
    description="Facilitating a retrospective (writing its note).",
    reason="facilitated the retro {item}",
)
def retro_facilitation(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("retro_note", columns=["item", "actor_person", "human"])
    return credit(ev[ev["human"]], item="item")


@rule(
    "improvement.retro_item",
    weight=0.5,
    description="Raising a point in a retrospective.",
    reason="raised a point in the retro {item}",
)
def retro_item(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("retro_item", columns=["item", "actor_person", "human"])
    return credit(ev[ev["human"]], item="item")


def _actions(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("retro_action", columns=["item"])
    attrs = ctx.attrs("retro_action", ["owner", "done"])
    return someone_in(ctx, ev.assign(owner=attrs["owner"], done=attrs["done"].eq(True)), "owner")


@rule(
    "improvement.retro_action_owner",
    weight=0.5,
    description="Owning an action item from a retrospective that is still open (the person it is assigned "
    "to); once closed, it is retro_action_done instead.",
    reason="owns an open action from the retro {item}",
)
def retro_action_owner(ctx: RuleContext) -> pd.DataFrame:
    ev = _actions(ctx)
    return credit(ev[~ev["done"]], person="owner_person", item="item")


@rule(
    "improvement.retro_action_done",
    weight=1.0,
    description="An action item from a retrospective that its owner has closed (ticked done).",
    reason="closed an action from the retro {item}",
)
def retro_action_done(ctx: RuleContext) -> pd.DataFrame:
    ev = _actions(ctx)
    return credit(ev[ev["done"]], person="owner_person", item="item")
