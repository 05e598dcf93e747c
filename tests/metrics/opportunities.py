"""Helpers of the opportunity tests: the rows a world's events give as of a moment."""

from __future__ import annotations

from typing import Any

import pandas as pd

from metrics.identities import Identities
from metrics.opportunities import build_opportunities
from metrics.prepare import RuleContext, prepare
from tests.metrics.builders import World, at, config


def opportunities(world: World, until: float, since: float | None = None, **overrides: Any) -> pd.DataFrame:
    """The opportunities of ``world`` as of ``at(until)`` over ``[at(since), at(until))``."""
    settings = config(**overrides)
    identities = Identities(settings)
    ctx = RuleContext(prepare(world.frame(), identities), settings, identities)
    return build_opportunities(ctx, at(until), at(since) if since is not None else None)


def rows(world: World, kind: str, until: float, **overrides: Any) -> list[tuple[str, str, str]]:
    """``(person, item, reason)`` of one kind, sorted."""
    found = opportunities(world, until, **overrides)
    found = found[found["kind"] == kind]
    return sorted(zip(found["person"], found["item"], found["reason"], strict=True))


def items(world: World, kind: str, until: float, **overrides: Any) -> set[str]:
    """The items of one kind that anybody got a row for."""
    found = opportunities(world, until, **overrides)
    return set(found.loc[found["kind"] == kind, "item"])
