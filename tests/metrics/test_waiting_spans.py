"""The waiting spans (metrics/opportunities/spans.py) held at a window's end are exactly the waiting-work
opportunities build_opportunities gives over the events before it: on the demo and on a world of edge
cases, at a grid of ends and at every span boundary and one microsecond either side of it."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import datetime, timedelta

import pandas as pd
import pytest

from collectors.config import Config, parse_config
from collectors.events import Event
from collectors.simulated import demo_config_text, demo_events
from metrics.identities import Identities
from metrics.opportunities import OPPORTUNITIES, build_opportunities
from metrics.opportunities.spans import SPAN_KINDS, held_opportunities, waiting_spans
from metrics.prepare import RuleContext, prepare
from tests.metrics.builders import PLAIN, QUESTION, World, at, config

WAITING = [kind for kind in OPPORTUNITIES if kind.id in SPAN_KINDS]
MICRO = timedelta(microseconds=1)
SHORT = {"unblock_wait_hours": 1.5, "unblock_window_days": 0.5}


def _ctx(frame: pd.DataFrame, settings: Config) -> RuleContext:
    identities = Identities(settings)
    return RuleContext(prepare(frame.reset_index(drop=True), identities), settings, identities)


def _frame(events: Iterable[Event]) -> pd.DataFrame:
    frame = pd.DataFrame([event.as_row() for event in events])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame.sort_values(["created_at", "event_id"], ignore_index=True)


def _boundaries(spans: pd.DataFrame) -> list[datetime]:
    """Each span's first moment and the one before it, its last moment and the one after it."""
    out: set[datetime] = set()
    for time in spans["holds_from"].drop_duplicates():
        out |= {time.to_pydatetime() - MICRO, time.to_pydatetime()}
    for time in spans["holds_through"].dropna().drop_duplicates():
        out |= {time.to_pydatetime(), time.to_pydatetime() + MICRO}
    return sorted(out)


def _mismatches(frame: pd.DataFrame, settings: Config, untils: Iterable[datetime]) -> list[str]:
    """What differs at each of ``untils``; asserts that most of them hold some opportunity."""
    spans = waiting_spans(_ctx(frame, settings))
    wrong, checked, held = [], 0, 0
    for until in untils:
        before = frame[(frame["created_at"] < pd.Timestamp(until)).to_numpy(dtype=bool)]
        if before.empty:
            continue
        expected = build_opportunities(_ctx(before, settings), until, kinds=WAITING)
        found = held_opportunities(spans, until, settings)
        checked, held = checked + 1, held + int(len(expected) > 0)
        try:
            pd.testing.assert_frame_equal(found, expected, check_dtype=False, check_index_type=False)
        except AssertionError as error:
            wrong.append(f"{until.isoformat()}: {str(error).splitlines()[0:6]}")
    assert held >= checked / 2, f"only {held} of {checked} ends hold any waiting work"
    return wrong


def _edge_world() -> World:
    w = World()
    w.pr("bob", 1)  # nobody answers
    w.review(w.pr("bob", 2, hours=3), "ada", 40, "COMMENTED", PLAIN)  # answered after 37 h
    w.pr("bob", 3, merged_at=30)  # merged before the wait is over
    w.pr("bob", 4, merged_at=60)  # merged after it
    w.review(w.pr("bob", 5), "finn", 30, "APPROVED")  # finn excluded in one config
    w.pr("bob", 6, draft=True)
    w.pr("renovate[bot]", 7)
    w.pr("finn", 8)
    w.pr("dee", 9, repo="acme/web", hours=10)
    w.comment(w.pr("cy", 10, repo="acme/web"), "cy", 5, QUESTION)  # the author's own comment
    question = w.pr("dee", 11, repo="acme/web", hours=1)
    w.comment(question, "cy", 2, QUESTION)
    w.comment(question, "cy", 50, PLAIN)  # only the asker again: still unanswered
    w.comment(question, "dee", 70, PLAIN)  # the author answers
    asked = w.issue("ada", 12, hours=2)
    w.comment(asked, "bob", 4, QUESTION)
    w.comment(asked, "bob", 4, QUESTION)  # asked twice at once
    w.comment(asked, "ada", 4, PLAIN)  # an answer at the same moment is no answer
    w.pr("bob", 13, repo="acme/unowned")
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "Blocked")
    w.status("PAY-1", "bob", 50, "Blocked", "On Hold")  # one stay, its status shown changes
    w.status("PAY-1", "bob", 140, "On Hold", "In Progress")
    w.jira_issue("PAY-2", "ada", assignee="bob", status="Blocked", category="indeterminate")  # since creation
    w.jira_issue("PAY-3", "ada", assignee="bob", status="Blocked", category="indeterminate")
    w.status("PAY-3", "bob", 90, "Blocked", "Blocked")  # blocked since creation, a change seen late
    w.jira_issue("PAY-4", "ada", assignee="bob", status="Done", category="done")
    w.status("PAY-4", "bob", 2, "To Do", "Blocked")  # done without a resolution
    w.status("PAY-4", "bob", 100, "Blocked", "Done")
    w.jira_issue("PAY-5", "ada", assignee="bob")
    w.status("PAY-5", "bob", 1, "To Do", "Blocked")
    w.jira_comment("PAY-5", "ada", 60, PLAIN)  # somebody talked about it
    w.jira_comment("PAY-5", "ada", 61, QUESTION)  # a question on a Jira issue
    w.jira_issue("PAY-6", "ada", assignee="bob")
    w.status("PAY-6", "ada", 3, "To Do", "Blocked")
    w.jira_comment("PAY-6", "ada", 4, PLAIN)  # its mover talking: still nobody else
    w.status("PAY-6", "bob", 30, "Blocked", "To Do")
    w.status("PAY-6", "bob", 45, "To Do", "On Hold")  # a second stay
    return w


def _grid(start: datetime, stop: datetime, steps: int) -> list[datetime]:
    step = (stop - start) / steps
    return [start + step * n for n in range(steps + 1)]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {
            "access": {"exclude": ["finn"]},
            "behaviours": {"unblock_wait_hours": 1.5, "unblock_window_days": 0.5},
        },
    ],
    ids=["default", "finn-excluded-short-waits"],
)
def test_spans_hold_what_the_opportunities_are_on_edge_cases(overrides: dict[str, object]) -> None:
    world = _edge_world()
    settings = config(**overrides)
    frame = world.frame()
    spans = waiting_spans(_ctx(frame, settings))
    assert set(spans["kind"]) == set(SPAN_KINDS)
    untils = _grid(at(-1), at(400), 20) + _boundaries(spans)
    assert _mismatches(frame, settings, untils) == []


def _demo_config(**behaviours: object) -> Config:
    data = tomllib.loads(demo_config_text())
    data["access"] = {**data.get("access", {}), "exclude": ["juno"]}
    data["behaviours"] = {**data.get("behaviours", {}), **behaviours}
    return parse_config(data)


def test_spans_hold_what_the_opportunities_are_on_the_demo() -> None:
    settings = _demo_config()
    frame = _frame(demo_events())
    spans = waiting_spans(_ctx(frame, settings))
    assert {kind: (spans["kind"] == kind).sum() > 0 for kind in SPAN_KINDS} == dict.fromkeys(SPAN_KINDS, True)
    first, last = frame["created_at"].iloc[0].to_pydatetime(), frame["created_at"].iloc[-1].to_pydatetime()
    boundaries = _boundaries(spans)
    untils = _grid(first, last + timedelta(days=30), 8) + boundaries[:: max(1, len(boundaries) // 20)]
    assert _mismatches(frame, settings, untils) == []
