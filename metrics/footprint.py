"""Footprints: evidence aggregated per person, team, behaviour and month (DESIGN §6)."""

from __future__ import annotations

import pandas as pd

from .behaviours import BEHAVIOUR_IDS
from .evidence import months

FOOTPRINT_COLUMNS: tuple[str, ...] = ("person", "team", "behaviour", "period", "evidence_count", "weight_sum")


def build_footprint(evidence: pd.DataFrame) -> pd.DataFrame:
    """``person, team, behaviour, period, evidence_count, weight_sum``: one row per person, behaviour and
    month with evidence (people without a team have team None). Sorted by person, behaviour in DESIGN §7
    order, then period."""
    if evidence.empty:
        frame = pd.DataFrame({column: pd.Series(dtype=object) for column in FOOTPRINT_COLUMNS})
        return frame.astype({"evidence_count": "int64", "weight_sum": float})
    frame = evidence[["person", "team", "behaviour", "weight"]].assign(
        period=months(evidence["created_at"]), team=evidence["team"].fillna("")
    )
    grouped = frame.groupby(["person", "team", "behaviour", "period"], sort=False)
    out = grouped["weight"].agg(["size", "sum"]).reset_index()
    out = out.rename(columns={"size": "evidence_count", "sum": "weight_sum"})
    out["evidence_count"] = out["evidence_count"].astype("int64")
    out["team"] = out["team"].astype(object).where(out["team"] != "", None)
    order = pd.Categorical(out["behaviour"], categories=list(BEHAVIOUR_IDS), ordered=True)
    out = out.assign(_order=order).sort_values(["person", "_order", "period"], ignore_index=True)
    out["behaviour"] = out["behaviour"].astype(object)
    return out[list(FOOTPRINT_COLUMNS)]
