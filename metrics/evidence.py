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


def _rows(ctx: Context, rule: Rule) -> pd.DataFrame:
    selected = rule.select(ctx)
    selected = selected[selected["person"].notna()]
    if selected.empty:
        return empty_evidence()
    positions = selected.index.to_numpy()
    events = ctx.events
    created = (
        pd.to_datetime(selected["created_at"], utc=True).to_numpy()
        if "created_at" in selected
        else events["created_at"].to_numpy()[positions]
    )
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy()[positions],
            "person": selected["person"].to_numpy(),
            "behaviour": rule.behaviour,
            "weight": float(rule.weight),
            "rule": rule.id,
            "reason": render(rule.reason, selected).to_numpy(),
            "created_at": created,
            "url": events["url"].to_numpy()[positions],
            "item": events["item"].to_numpy()[positions],
            "kind": events["kind"].to_numpy()[positions],
        }
    )


def build_evidence(ctx: Context, rules: Iterable[Rule] = RULES) -> pd.DataFrame:
    """All evidence, one row per (event, rule, person, time); bots, deleted accounts and excluded people
    get none. Sorted by ``created_at``, ``event_id``, ``rule``; columns :data:`EVIDENCE_COLUMNS`."""
    frames = [frame for frame in (_rows(ctx, rule) for rule in rules) if not frame.empty]
    if not frames:
        return empty_evidence()
    out = pd.concat(frames, ignore_index=True)
    person = out["person"]
    drop = ctx.identities.bots(person) | (person == GHOST).to_numpy(dtype=bool)
    drop |= person.isin(ctx.identities.excluded).to_numpy(dtype=bool)
    out = out[~drop]
    out = out.drop_duplicates(["event_id", "rule", "person", "created_at"])
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    out["team"] = ctx.identities.teams(out["person"])
    out = out.sort_values(["created_at", "event_id", "rule"], kind="stable", ignore_index=True)
    return out[list(EVIDENCE_COLUMNS)]


def months(times: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each UTC timestamp (formatted once per distinct month)."""
    key = (times.dt.year * 100 + times.dt.month).to_numpy()
    codes, uniques = pd.factorize(key)
    labels = np.array([f"{value // 100:04d}-{value % 100:02d}" for value in uniques], dtype=object)
    return pd.Series(labels[codes], index=times.index, dtype=object)
