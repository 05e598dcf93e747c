"""Overview and health chart builders: aggregation in pandas, specs checked through ``to_dict()``."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import health, overview
from dashboard.charts.common import MAX_MARKS, TooManyMarks, check_marks, months_between
from tests.dashboard.frames import event, events


@pytest.fixture
def sample() -> pd.DataFrame:
    return events(
        [
            event("pr:1", "pull_request", "ada", None, "acme/web#1", "2026-05-03"),
            event("review:1", "review", "bo", "ada", "acme/web#1", "2026-05-04"),
            event("review:2", "review", "bo", "ada", "acme/web#1", "2026-06-01", team="payments"),
            event("comment:1", "comment", "dependabot[bot]", "ada", "acme/web#1", "2026-06-02", team=None),
            event("jira:1", "jira_issue", "cy", None, "WEB-1", "2026-06-05"),
        ]
    )


def _by(key: str, rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[key, "behaviour", "evidence"])


def test_overview_specs() -> None:
    by_month = _by(
        "month", [("2026-05", "reviewing", 2), ("2026-05", "unblocking", 1), ("2026-06", "reviewing", 3)]
    )
    spec = overview.evidence_by_month_chart(by_month).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "month"
    assert spec["encoding"]["color"]["field"] == "label"
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 3
    totals = next(iter(overview.evidence_by_behaviour_chart(by_month).to_dict()["datasets"].values()))
    assert {row["behaviour"]: row["evidence"] for row in totals} == {"reviewing": 5, "unblocking": 1}
    by_team = _by("team", [("web", "reviewing", 2), (None, "reviewing", 1)])
    team = overview.evidence_by_team_chart(by_team).to_dict()
    assert team["encoding"]["y"]["field"] == "team"
    assert {row["team"] for row in next(iter(team["datasets"].values()))} == {"web", "(no team)"}


def test_empty_events_give_empty_frames() -> None:
    assert health.source_kind_month_frame(events([])).empty


def test_health_counts_per_source(sample: pd.DataFrame) -> None:
    frame = health.source_kind_month_frame(sample)
    assert set(frame["source"]) == {"github", "jira"}
    spec = health.source_kind_chart(frame).to_dict()
    assert spec["encoding"]["column"]["field"] == "source"


def test_mark_budget_is_enforced() -> None:
    frame = pd.DataFrame({"month": ["2026-01"] * (MAX_MARKS + 1), "behaviour": "reviewing", "evidence": 1})
    with pytest.raises(TooManyMarks):
        overview.evidence_by_month_chart(frame)
    assert check_marks(frame.head(MAX_MARKS), name="ok") is not None


def test_months_between() -> None:
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert months_between("2026-03", "2026-02") == []
