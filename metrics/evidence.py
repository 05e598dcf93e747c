"""Evidence rows: every rule applied to the prepared events, each row explained by its rule's reason."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from collectors.events import GHOST

from .prepare import RuleContext, arrow_strings
from .rules import RULES, Rule
from .rules.base import render

#: The evidence columns a snapshot exports (DESIGN §6, a stable interface).
SNAPSHOT_EVIDENCE_COLUMNS: tuple[str, ...] = (
    "event_id",
    "person",
    "behaviour",
    "weight",
    "rule",
    "reason",
    "created_at",
    "url",
)
#: Evidence columns: the exported ones first, then what the dashboard links and filters by.
EVIDENCE_COLUMNS: tuple[str, ...] = (*SNAPSHOT_EVIDENCE_COLUMNS, "team", "item", "kind")


def empty_evidence() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in EVIDENCE_COLUMNS})
    frame["weight"] = frame["weight"].astype(float)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


#: Columns evidence copies from the event it was found in (taken once, after sorting: taking strings
#: from the concatenation of 27 rule frames, a chunked Arrow array, is several times slower).
FROM_EVENT_COLUMNS = ("event_id", "url", "item", "kind")


def _rows(ctx: RuleContext, rule: Rule, order: int) -> pd.DataFrame | None:
    selected = rule.select(ctx)
    rule.check_result(selected)
    selected = selected[selected["person"].notna()]
    if selected.empty:
        return None
    positions = selected.index.to_numpy()
    # naive UTC datetime64 (a time-zone-aware column's to_numpy() would box every value)
    times = selected["created_at"] if "created_at" in selected else ctx.events["created_at"].take(positions)
    created = pd.to_datetime(times, utc=True).dt.tz_convert(None).to_numpy()
    return pd.DataFrame(
        {
            "_position": positions,
            "_rule": order,
            "created_at": created,
            "person": selected["person"].to_numpy(),
            "behaviour": rule.behaviour,
            "weight": float(rule.weight),
            "rule": rule.id,
            "reason": render(rule.reason, selected).to_numpy(),
        }
    )


def _take(frame: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """``frame.take(order)`` with a fresh RangeIndex; Arrow string columns are made contiguous first,
    because a take from a column concatenated out of many frames (a chunked array) is slow."""
    columns = {}
    for name, column in frame.items():
        if isinstance(column.dtype, pd.StringDtype):
            taken = arrow_strings(column).take(pa.array(order))
            columns[name] = pd.Series(pd.array(taken, dtype=column.dtype))
        else:
            columns[name] = column.take(order).reset_index(drop=True)
    return pd.DataFrame(columns)


def build_evidence(ctx: RuleContext, rules: Iterable[Rule] = RULES) -> pd.DataFrame:
    """All evidence, one row per (event, rule, person, time); bots, deleted accounts and excluded people
    get none. Sorted by ``created_at``, then event (``ctx.events`` order: event id within one time),
    then rule (declaration order); columns :data:`EVIDENCE_COLUMNS`."""
    frames = [frame for frame in (_rows(ctx, rule, i) for i, rule in enumerate(rules)) if frame is not None]
    if not frames:
        return empty_evidence()
    out = pd.concat(frames, ignore_index=True)
    person = out["person"]
    drop = ctx.identities.bots(person) | (person == GHOST).to_numpy(dtype=bool)
    drop |= person.isin(ctx.identities.excluded).to_numpy(dtype=bool)
    out = out[~drop]
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    # ctx.events is ordered by (created_at, event_id), so its positions order event ids within one
    # time; sorting integers avoids a string sort of a million ids.
    moments = out["created_at"].dt.tz_localize(None).to_numpy().astype("datetime64[us]").astype(np.int64)
    order = np.lexsort((out["_rule"].to_numpy(), out["_position"].to_numpy(), moments))
    out = _take(out, order)
    found_in = ctx.events[list(FROM_EVENT_COLUMNS)].take(out["_position"].to_numpy()).reset_index(drop=True)
    out = pd.concat([out, found_in], axis=1)
    out["team"] = ctx.identities.teams(out["person"])
    return out[list(EVIDENCE_COLUMNS)]


def months(times: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each UTC timestamp (formatted once per distinct month)."""
    key = (times.dt.year * 100 + times.dt.month).to_numpy()
    codes, uniques = pd.factorize(key)
    labels = np.array([f"{value // 100:04d}-{value % 100:02d}" for value in uniques], dtype=object)
    return pd.Series(labels[codes], index=times.index, dtype=object)
