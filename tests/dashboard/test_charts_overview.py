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


def test_kind_month_counts(sample: pd.DataFrame) -> None:
    frame = overview.kind_month_frame(sample)
    got = {(r.month, r.kind): r.events for r in frame.itertuples()}
    assert got == {
        ("2026-05", "pull_request"): 1,
        ("2026-05", "review"): 1,
        ("2026-06", "review"): 1,
        ("2026-06", "comment"): 1,
        ("2026-06", "jira_issue"): 1,
    }


def test_team_counts_name_missing_team(sample: pd.DataFrame) -> None:
    frame = overview.team_kind_frame(sample)
    got = {(r.team, r.kind): r.events for r in frame.itertuples()}
    assert got[("(no team)", "comment")] == 1
    assert got[("payments", "review")] == 1
    assert got[("web", "review")] == 1


def test_overview_specs(sample: pd.DataFrame) -> None:
    by_month = overview.kind_month_frame(sample)
    spec = overview.events_by_month_chart(by_month).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "month"
    assert spec["encoding"]["color"]["field"] == "kind"
    values = next(iter(spec["datasets"].values()))
    assert len(values) == len(by_month) == 5
    kinds = next(iter(overview.events_by_kind_chart(by_month).to_dict()["datasets"].values()))
    assert {row["kind"]: row["events"] for row in kinds}["review"] == 2
    team = overview.events_by_team_chart(overview.team_kind_frame(sample)).to_dict()
    assert team["encoding"]["y"]["field"] == "team"


def test_empty_events_give_empty_frames() -> None:
    empty = events([])
    assert overview.kind_month_frame(empty).empty
    assert overview.team_kind_frame(empty).empty
    assert health.source_kind_month_frame(empty).empty


def test_health_counts_per_source(sample: pd.DataFrame) -> None:
    frame = health.source_kind_month_frame(sample)
    assert set(frame["source"]) == {"github", "jira"}
    spec = health.source_kind_chart(frame).to_dict()
    assert spec["encoding"]["column"]["field"] == "source"


def test_mark_budget_is_enforced() -> None:
    frame = pd.DataFrame({"month": ["2026-01"] * (MAX_MARKS + 1), "kind": "review", "events": 1})
    with pytest.raises(TooManyMarks):
        overview.events_by_month_chart(frame)
    assert check_marks(frame.head(MAX_MARKS), name="ok") is not None


def test_months_between() -> None:
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert months_between("2026-03", "2026-02") == []
