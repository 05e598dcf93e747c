"""The growth plan: thin behaviours, next steps from the playbook tied to the person's opportunities, and
what already shows each behaviour."""

from __future__ import annotations

import pandas as pd

from metrics.behaviours import BEHAVIOUR_IDS
from metrics.engine import compute
from metrics.growth import MOST_STEPS, growth_plan
from metrics.opportunities import OPPORTUNITIES, empty_opportunities
from metrics.playbook import PLAYBOOK
from tests.dashboard.frames import footprint, roster, ts
from tests.metrics.builders import World, at, config

ROSTER = roster([("ada", "web"), ("bo", "web"), ("cy", "web"), ("dee", None)])
FOOTPRINT = footprint(
    [
        ("ada", "web", "reviewing", "2026-06", 1),
        ("ada", "web", "mentoring", "2026-06", 2),
        ("ada", "web", "unblocking", "2026-06", 3),
        ("ada", "web", "improvement", "2026-05", 9),  # before the window
        ("bo", "web", "reviewing", "2026-06", 4),
        ("bo", "web", "unblocking", "2026-06", 3),
        ("cy", "web", "reviewing", "2026-06", 8),
        ("cy", "web", "direction", "2026-06", 6),
        ("dee", None, "reviewing", "2026-06", 5),
    ]
)
NO_EVIDENCE = pd.DataFrame(columns=["person", "behaviour", "created_at", "item", "url", "reason"])


def _chance(person: str, kind: str, item: str, since: str, behaviours: tuple[str, ...]) -> dict:
    return {"person": person, "kind": kind, "item": item, "url": f"https://example.test/{item}",
            "reason": f"{item} waits", "since": ts(since), "team": "web",
            "behaviours": behaviours}  # fmt: skip


def test_thin_behaviours_are_those_without_evidence_or_below_the_team_median_in_their_order() -> None:
    plan = growth_plan("ada", FOOTPRINT, ROSTER, ["2026-06"], NO_EVIDENCE, empty_opportunities())
    areas = {area.behaviour: area for area in plan.areas}
    assert list(areas) == [b for b in BEHAVIOUR_IDS if b not in ("mentoring", "unblocking")]
    assert areas["reviewing"].why == "1 in this period; the team's median is 4"  # below: 1, 4, 8
    assert areas["improvement"].why == "no evidence in this period yet"  # May is outside the window
    assert areas["direction"].team_median == 0.0 and areas["direction"].evidence == 0  # none is thin
    # unblocking 3 is the median (3, 3, 0): not below it; mentoring 2 is above the median 0
    assert all(1 <= len(area.steps) <= MOST_STEPS and area.shown == () for area in plan.areas)
    assert "not a score" in plan.note and "not a ranking" in plan.note


def test_without_a_team_only_behaviours_without_evidence_are_thin() -> None:
    plan = growth_plan("dee", FOOTPRINT, ROSTER, ["2026-06"], NO_EVIDENCE, empty_opportunities())
    assert "reviewing" not in {area.behaviour for area in plan.areas}
    assert all(area.team_median is None and area.evidence == 0 for area in plan.areas)


def test_steps_are_tied_to_the_persons_own_opportunities_longest_waiting_first_one_kind_at_a_time() -> None:
    chances = pd.DataFrame(
        [
            _chance("ada", "waiting_review", "acme/web#3", "2026-06-20", ("unblocking", "mentoring")),
            _chance("ada", "waiting_review", "acme/web#1", "2026-06-02", ("unblocking",)),
            _chance("ada", "unanswered_question", "acme/web#2", "2026-06-25", ("unblocking",)),
            _chance("ada", "recurring_problem", "label:flaky", "2026-06-10", ("improvement",)),
            _chance("bo", "stuck_blocked", "WEB-9", "2026-06-01", ("unblocking", "risk_raising")),
        ]
    )
    plan = growth_plan("ada", FOOTPRINT, ROSTER, ["2026-06"], NO_EVIDENCE, chances)
    areas = {area.behaviour: area for area in plan.areas}
    assert "unblocking" not in areas and "mentoring" not in areas  # not thin: no steps for them
    improvement = areas["improvement"].steps
    assert improvement[0].text == "Initiate a retrospective on a recurring issue: label:flaky waits."
    assert (improvement[0].kind, improvement[0].item) == ("recurring_problem", "label:flaky")
    assert [step.kind for step in improvement[1:]] == [None, None]  # then practices
    assert all(step.kind is None for step in areas["risk_raising"].steps)  # WEB-9 is bo's, not ada's
    everyone_thin = footprint(
        [
            ("ada", "web", "reviewing", "2026-06", 1),
            ("bo", "web", "unblocking", "2026-06", 9),
            ("bo", "web", "mentoring", "2026-06", 9),
        ]
    )
    plan = growth_plan("ada", everyone_thin, ROSTER, ["2026-06"], NO_EVIDENCE, chances)
    unblocking = next(area for area in plan.areas if area.behaviour == "unblocking").steps
    assert [(step.kind, step.item) for step in unblocking] == [
        ("waiting_review", "acme/web#1"),  # waited longest
        ("unanswered_question", "acme/web#2"),  # another kind before a second waiting review
        (None, None),
    ]
    mentoring = next(area for area in plan.areas if area.behaviour == "mentoring").steps
    assert mentoring[0].text == "Offer support to junior teammates: acme/web#3 waits."  # grows mentoring


def test_what_already_shows_the_behaviour_is_the_newest_evidence_of_the_window() -> None:
    evidence = pd.DataFrame(
        [
            {"person": "ada", "behaviour": "reviewing", "created_at": ts(f"2026-06-0{day}"),
             "item": f"acme/web#{day}", "url": f"https://example.test/{day}", "reason": f"reviewed #{day}"}
            for day in (1, 5, 3)
        ]
        + [{"person": "bo", "behaviour": "reviewing", "created_at": ts("2026-06-09"), "item": "acme/web#9",
            "url": "u", "reason": "bo's"}]
    )  # fmt: skip
    plan = growth_plan("ada", FOOTPRINT, ROSTER, ["2026-06"], evidence, empty_opportunities())
    reviewing = next(area for area in plan.areas if area.behaviour == "reviewing")
    assert [shown.reason for shown in reviewing.shown] == ["reviewed #5", "reviewed #3"]


def test_acts_at_the_same_time_are_shown_by_item_whatever_order_they_were_read_in() -> None:
    rows = [
        {"person": "ada", "behaviour": "reviewing", "created_at": ts("2026-06-05"), "item": f"acme/web#{n}",
         "url": f"https://example.test/{n}", "reason": f"reviewed #{n}"}
        for n in (7, 2, 4)
    ]  # fmt: skip
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        evidence = pd.DataFrame([rows[at] for at in order])
        plan = growth_plan("ada", FOOTPRINT, ROSTER, ["2026-06"], evidence, empty_opportunities())
        reviewing = next(area for area in plan.areas if area.behaviour == "reviewing")
        assert [shown.reason for shown in reviewing.shown] == ["reviewed #2", "reviewed #4"]


def test_the_playbook_has_a_play_for_every_behaviour_and_a_step_for_every_opportunity_it_grows() -> None:
    assert set(PLAYBOOK) == set(BEHAVIOUR_IDS)
    assert all(len(play.practices) >= 2 for play in PLAYBOOK.values())
    for kind in OPPORTUNITIES:
        for behaviour in kind.behaviours:
            assert "{reason}" in PLAYBOOK[behaviour].with_opportunity[kind.id], (kind.id, behaviour)
    declared = {(kind.id, behaviour) for kind in OPPORTUNITIES for behaviour in kind.behaviours}
    tied = {(kind, behaviour) for behaviour, play in PLAYBOOK.items() for kind in play.with_opportunity}
    assert tied == declared


def test_end_to_end_a_juniors_waiting_pull_request_becomes_a_mentoring_step() -> None:
    w = World()
    w.pr("bob", 1)
    metrics = compute(w.frame(), config(), until=at(52))
    roster_now = metrics.people[metrics.people["mapped"]][["person", "team"]]
    months = ["2025-03"]
    plan = growth_plan("ada", metrics.footprint, roster_now, months, metrics.evidence, metrics.opportunities)
    mentoring = next(area for area in plan.areas if area.behaviour == "mentoring")
    assert mentoring.steps[0].text == (
        "Offer support to junior teammates: acme/payments#1 by bob has waited 52 h for a first review."
    )
    assert mentoring.steps[0].url == "https://github.com/acme/payments/pull/1#pull_request-1001"
    finn = growth_plan("finn", metrics.footprint, roster_now, months, metrics.evidence, metrics.opportunities)
    finn_mentoring = next(area for area in finn.areas if area.behaviour == "mentoring")
    assert all(step.kind is None for step in finn_mentoring.steps)  # finn has no level: not more senior
