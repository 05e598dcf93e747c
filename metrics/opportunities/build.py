"""Opportunity rows: every declared kind applied as of a window's end, each row explained by its reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import pandas as pd

from collectors.events import GHOST

from ..identities import Identities
from ..prepare import RuleContext
from ..rules.base import render
from .base import Opportunity, OpportunityContext

#: The opportunity columns a snapshot exports (DESIGN §6, a stable interface).
SNAPSHOT_OPPORTUNITY_COLUMNS: tuple[str, ...] = ("person", "kind", "item", "url", "reason", "since")
#: Opportunity columns: the exported ones, then the person's team, the behaviours the row would grow,
#: and who the reason names (``named``: person id or raw identity, ``named_as``: the name shown), if anyone.
OPPORTUNITY_COLUMNS: tuple[str, ...] = (
    *SNAPSHOT_OPPORTUNITY_COLUMNS,
    "team",
    "behaviours",
    "named",
    "named_as",
)


def empty_opportunities() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in OPPORTUNITY_COLUMNS})
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    return frame


def _rows(octx: OpportunityContext, kind: Opportunity) -> pd.DataFrame | None:
    selected = kind.select(octx)
    kind.check_result(selected)
    return selected_rows(kind, selected, octx.names)


def selected_rows(
    kind: Opportunity, selected: pd.DataFrame, names: Callable[[pd.Series], pd.Series]
) -> pd.DataFrame | None:
    """Opportunity rows of ``kind`` (columns of :data:`OPPORTUNITY_COLUMNS` but ``team``) from what its
    ``select`` returned, its reason rendered and who it names shown by ``names``; None without rows."""
    selected = selected[selected["person"].notna().to_numpy(dtype=bool)]
    if selected.empty:
        return None
    selected = selected.reset_index(drop=True)
    behaviours = (
        selected["behaviours"] if "behaviours" in selected else pd.Series([kind.behaviours] * len(selected))
    )
    named = selected["named"] if "named" in selected else pd.Series([None] * len(selected), dtype=object)
    return pd.DataFrame(
        {
            "person": selected["person"].astype(object),
            "kind": kind.id,
            "item": selected["item"].astype(object),
            "url": selected["url"].astype(object),
            "reason": render(kind.reason, selected).astype(object),
            "since": pd.to_datetime(selected["since"], utc=True),
            "behaviours": behaviours.to_numpy(dtype=object),
            "named": named.to_numpy(dtype=object),
            "named_as": names(named).where(named.notna(), None).to_numpy(dtype=object),
        }
    )


def finished(frames: Iterable[pd.DataFrame | None], identities: Identities) -> pd.DataFrame:
    """The opportunity rows of ``frames`` (:func:`selected_rows`, kinds in order) for configured people
    only (never a bot, a deleted account or anyone excluded), one per (person, kind, item): the first
    of the kind's rows; sorted by person, kind, ``since`` and item, with the person's team."""
    found = [frame for frame in frames if frame is not None]
    if not found:
        return empty_opportunities()
    out = pd.concat(found, ignore_index=True)
    person = out["person"]
    keep = person.isin(list(identities.people)) & ~person.isin(identities.excluded) & (person != GHOST)
    out = out[keep.to_numpy(dtype=bool) & ~identities.bots(person)]
    out = out.drop_duplicates(["person", "kind", "item"])
    out = out.sort_values(["person", "kind", "since", "item"], kind="stable", ignore_index=True)
    out["team"] = identities.teams(out["person"])
    return out[list(OPPORTUNITY_COLUMNS)]


def build_opportunities(
    ctx: RuleContext,
    until: datetime,
    since: datetime | None = None,
    kinds: Iterable[Opportunity] | None = None,
) -> pd.DataFrame:
    """Every opportunity as of ``until`` (acts before it only) over the window ``[since, until)``:
    columns :data:`OPPORTUNITY_COLUMNS`, one row per (person, kind, item), sorted by person, kind,
    ``since`` and item. Only configured people get rows: never a bot, a deleted account or anyone
    excluded. A pure function of the events, the config and the window."""
    from . import OPPORTUNITIES

    octx = OpportunityContext.of(ctx, until, since)
    return finished((_rows(octx, kind) for kind in (kinds or OPPORTUNITIES)), ctx.identities)
