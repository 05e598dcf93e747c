"""The evidence feed's rows (dashboard/views/common.evidence_rows), sorted and dated in Arrow: the same
rows, order and dates as pandas' sort and strftime of the whole frame, ties and non-ASCII ids included."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectors.config import load_config
from collectors.store import open_store
from dashboard.charts.common import behaviour_label
from dashboard.views.common import evidence_rows
from metrics.stored.compute import compute_store
from metrics.stored.read import stored_evidence


def _pandas_rows(evidence: pd.DataFrame) -> pd.DataFrame:
    """The feed as pandas made it before (the reference)."""
    frame = evidence.sort_values(["created_at", "event_id"], ascending=[False, True])
    return pd.DataFrame(
        {
            "date": frame["created_at"].dt.strftime("%Y-%m-%d"),
            "behaviour": frame["behaviour"].map(behaviour_label),
            "item": frame["item"],
            "reason": frame["reason"],
            "stands out": frame["why"],
            "strength": frame["strength"],
            "rule": frame["rules"],
            "link": frame["url"],
        }
    )


@pytest.fixture(scope="module")
def evidence(demo_config: Path) -> pd.DataFrame:
    config = load_config(demo_config)
    store = open_store(config.store_url())
    compute_store(store, config)
    found = stored_evidence(store)
    store.dispose()
    return found


def test_the_feed_is_every_row_newest_first_as_pandas_sorts_it(evidence: pd.DataFrame) -> None:
    assert len(evidence) > 1000 and evidence["event_id"].duplicated().any(), "acts of several behaviours"
    got, want = evidence_rows(evidence), _pandas_rows(evidence)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got["date"].iloc[0] >= got["date"].iloc[-1]


def test_ties_and_non_ascii_ids_sort_as_pandas_sorts_them(evidence: pd.DataFrame) -> None:
    rows = evidence.head(6).copy()
    at = rows["created_at"].iloc[0]
    rows["created_at"] = [at, at, at, at - pd.Timedelta(days=400), at, at]
    rows["event_id"] = ["comment:Z", "comment:é", "comment:a", "x", "comment:a", "b"]
    rows = rows.astype({"event_id": evidence["event_id"].dtype})
    pd.testing.assert_frame_equal(evidence_rows(rows), _pandas_rows(rows), check_dtype=False)
