"""Measures of how work flows, each declared once (:func:`~.base.measure`) and used by every view.

``first_response`` and ``blocked_stay`` are computed with the evidence (they need the whole history
read, and the rules build on them); :class:`~metrics.engine.Metrics` keeps their frames. The others
are functions of those frames or of the events a view shows, called by the Team page, the report
and the packet alike.
"""

from __future__ import annotations

from .base import MEASURES, Measure, measure, measure_named
from .blocked import BLOCKED_STAY_COLUMNS, blocked_stays, status_changes, stay_at
from .cross_team import CROSS_TEAM_KINDS, cross_team_flows, other_team
from .first_response import (
    FIRST_RESPONSE_COLUMNS,
    WAIT_LABELS,
    answered_between,
    answered_waits,
    first_responses,
    wait_distribution,
)
from .review_load import human_reviews, review_load
from .stalled import STALLED_COLUMNS, stalled_work, stuck_at, waiting_at

__all__ = [
    "BLOCKED_STAY_COLUMNS",
    "CROSS_TEAM_KINDS",
    "FIRST_RESPONSE_COLUMNS",
    "MEASURES",
    "STALLED_COLUMNS",
    "WAIT_LABELS",
    "Measure",
    "answered_between",
    "answered_waits",
    "blocked_stays",
    "cross_team_flows",
    "first_responses",
    "human_reviews",
    "measure",
    "measure_named",
    "other_team",
    "review_load",
    "stalled_work",
    "status_changes",
    "stay_at",
    "stuck_at",
    "wait_distribution",
    "waiting_at",
]
