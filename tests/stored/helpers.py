"""Comparing what ``footprint compute`` stored with what metrics compute from the same events."""

from __future__ import annotations

import pandas as pd

from collectors.config import Config
from collectors.store import Store
from metrics.engine import compute
from metrics.stored.read import stored_evidence, stored_footprint

EVIDENCE_KEY = ["created_at", "event_id", "rule", "person"]


def canonical(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    out = frame.sort_values(key, ignore_index=True)
    text = [c for c in out.columns if c not in ("created_at", "weight", "weight_sum", "evidence_count")]
    out[text] = out[text].astype(object)
    out[text] = out[text].where(out[text].notna(), None)  # stored text is Arrow-backed: missing is NaN
    return out


def assert_stored_equals_compute(store: Store, config: Config) -> int:
    """Stored evidence and footprints equal a computation over every stored event; returns rows."""
    expected = compute(store.events(), config)
    got = stored_evidence(store)
    pd.testing.assert_frame_equal(
        canonical(got, EVIDENCE_KEY), canonical(expected.evidence, EVIDENCE_KEY), check_dtype=False
    )
    key = ["person", "behaviour", "period", "team"]
    footprint = stored_footprint(store)
    pd.testing.assert_frame_equal(
        canonical(footprint, key).fillna(""), canonical(expected.footprint, key).fillna(""), check_dtype=False
    )
    return len(got)
