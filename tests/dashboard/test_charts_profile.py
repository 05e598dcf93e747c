"""Behaviour profile and trend of one person, from hand-made footprints."""

from __future__ import annotations

import math

from dashboard.charts import profile
from dashboard.charts.common import BEHAVIOURS
from tests.dashboard.frames import footprint, roster

ROSTER = roster([("ada", "web"), ("bo", "web"), ("cy", "web"), ("dee", "payments")])
FOOTPRINT = footprint(
    [
        ("ada", "web", "reviewing", "2026-05", 6),
        ("ada", "web", "reviewing", "2026-06", 1),
        ("ada", "web", "mentoring", "2026-06", 2),
        ("bo", "web", "reviewing", "2026-06", 4),
        ("cy", "web", "reviewing", "2026-06", 8),
        ("cy", "web", "direction", "2026-06", 6),
        ("dee", "payments", "reviewing", "2026-06", 50),
    ]
)


def test_profile_counts_and_team_median_include_zeros() -> None:
    frame = profile.profile_frame(FOOTPRINT, ROSTER, "ada", ["2026-06"]).set_index("behaviour")
    assert list(frame.index) == list(BEHAVIOURS)
    assert frame.loc["reviewing", "evidence"] == 1
    assert frame.loc["mentoring", "evidence"] == 2
    assert frame.loc["reviewing", "team_median"] == 4.0  # ada 1, bo 4, cy 8; payments not counted
    assert frame.loc["direction", "team_median"] == 0.0  # only cy: 0, 0, 6


def test_median_of_person_without_team_is_nan() -> None:
    frame = profile.profile_frame(FOOTPRINT, roster([("ada", None)]), "ada", ["2026-06"])
    assert math.isnan(frame["team_median"].iloc[0])


def test_trend_fills_missing_months_with_zero() -> None:
    frame = profile.trend_frame(FOOTPRINT, "ada", ["2026-05", "2026-06", "2026-07"])
    assert len(frame) == 3 * len(BEHAVIOURS)
    reviewing = frame[frame["behaviour"] == "reviewing"].set_index("period")["evidence"]
    assert reviewing.to_dict() == {"2026-05": 6, "2026-06": 1, "2026-07": 0}
    spec = profile.trend_chart(frame).to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["color"]["field"] == "label"


def test_profile_chart_layers_bars_and_median_tick() -> None:
    spec = profile.profile_chart(profile.profile_frame(FOOTPRINT, ROSTER, "ada", ["2026-06"])).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "tick"]
    assert spec["layer"][1]["encoding"]["x"]["field"] == "team_median"
