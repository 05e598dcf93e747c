"""Evidence rows: every rule applied to the prepared events, each row explained by its rule's reason."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from collectors.events import GHOST

from .prepare import Context
from .rules import RULES, Rule
from .rules.base import render

#: Evidence columns: DESIGN §6's export columns first, then what the dashboard links and filters by.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "event_id",
    "person",
    "behaviour",
    "weight",
    "rule",
    "reason",
    "created_at",
    "url",
    "team",
    "item",
    "kind",
)


def empty_evidence() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in EVIDENCE_COLUMNS})
    frame["weight"] = frame["weight"].astype(float)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def _rows(ctx: Context, rule: Rule, order: int) -> pd.DataFrame:
    selected = rule.select(ctx)
    selected = selected[selected["person"].notna()]
    if selected.empty:
        return empty_evidence()
    # Take the rows first: converting whole columns of a million events per rule would dominate.
    positions = selected.index.to_numpy()
    events = ctx.events[["event_id", "url", "item", "kind", "created_at"]].take(positions)
    events = events.reset_index(drop=True)
    events["_position"], events["_rule"] = positions, order
    if "created_at" in selected:
        events["created_at"] = pd.to_datetime(selected["created_at"], utc=True).to_numpy()
    return events.assign(
        person=selected["person"].to_numpy(),
        behaviour=rule.behaviour,
        weight=float(rule.weight),
        rule=rule.id,
        reason=render(rule.reason, selected).to_numpy(),
    )


def build_evidence(ctx: Context, rules: Iterable[Rule] = RULES) -> pd.DataFrame:
    """All evidence, one row per (event, rule, person, time); bots, deleted accounts and excluded people
    get none. Sorted by ``created_at``, then event (``ctx.events`` order: event id within one time),
    then rule (declaration order); columns :data:`EVIDENCE_COLUMNS`."""
    frames = [frame for frame in (_rows(ctx, rule, i) for i, rule in enumerate(rules)) if not frame.empty]
    if not frames:
        return empty_evidence()
    out = pd.concat(frames, ignore_index=True)
    person = out["person"]
    drop = ctx.identities.bots(person) | (person == GHOST).to_numpy(dtype=bool)
    drop |= person.isin(ctx.identities.excluded).to_numpy(dtype=bool)
    out = out[~drop]
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    out["team"] = ctx.identities.teams(out["person"])
    # ctx.events is ordered by (created_at, event_id), so its positions order event ids within one
    # time; sorting integers avoids a string sort of a million ids.
    moments = out["created_at"].dt.tz_localize(None).to_numpy().astype("datetime64[us]").astype(np.int64)
    order = np.lexsort((out["_rule"].to_numpy(), out["_position"].to_numpy(), moments))
    return out[list(EVIDENCE_COLUMNS)].take(order).reset_index(drop=True)


def months(times: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each UTC timestamp (formatted once per distinct month)."""
    key = (times.dt.year * 100 + times.dt.month).to_numpy()
    codes, uniques = pd.factorize(key)
    labels = np.array([f"{value // 100:04d}-{value % 100:02d}" for value in uniques], dtype=object)
    return pd.Series(labels[codes], index=times.index, dtype=object)
