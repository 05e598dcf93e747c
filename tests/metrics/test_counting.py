"""One act counts once per behaviour: rules of one behaviour that match the same act make one row with
the strongest rule and every reason; different behaviours of one act stay apart."""

from __future__ import annotations

import pandas as pd

from metrics.evidence import merge_acts
from metrics.rules import RULES
from tests.metrics.builders import DEFECT, MAINTAIN, World, run


def test_an_approval_that_answered_a_wait_and_let_it_merge_is_one_unblocking_act() -> None:
    w = World()
    pr = w.pr("bob", 1, merged_at=55)
    w.review(pr, "ada", 52, "APPROVED")  # the first response after 52 h, and the approval before the merge
    evidence = run(w).evidence
    assert not evidence.duplicated(["event_id", "person", "behaviour"]).any()
    unblocking = evidence[evidence["behaviour"] == "unblocking"]
    assert len(unblocking) == 1
    row = unblocking.iloc[0]
    assert row["rule"] == "unblocking.first_response"
    assert row["rules"] == "unblocking.first_response, unblocking.merge_approval"
    assert row["reason"] == (
        "first response on acme/payments#1 after it waited 52 h; "
        "approved acme/payments#1, which let it merge 3 h later"
    )
    assert row["weight"] == 1.0  # the strongest rule's weight, not a sum
    reviewing = evidence[evidence["behaviour"] == "reviewing"]  # the same act shows another behaviour
    assert reviewing["reason"].tolist() == ["approved acme/payments#1"]
    assert set(evidence["behaviour"]) == {"reviewing", "unblocking"}


def test_a_review_with_a_substantive_body_is_one_reviewing_act() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review(pr, "ada", 2, "CHANGES_REQUESTED", MAINTAIN)
    evidence = run(w).evidence
    reviewing = evidence[evidence["behaviour"] == "reviewing"]
    assert len(reviewing) == 1
    assert reviewing.iloc[0]["rule"] == "reviewing.review"  # weight 1.0 beats the comment rule's 0.5
    assert reviewing.iloc[0]["reason"].startswith(
        "requested changes on acme/payments#1; maintainability feedback: "
    )
    footprint = run(w).footprint
    assert footprint.loc[footprint["behaviour"] == "reviewing", "evidence_count"].sum() == 1


def test_several_people_credited_for_one_event_keep_their_own_rows() -> None:
    w = World()
    retro = w.retro("ada", 7)
    w.retro_action(retro, "ada", 0, owner="cy", done=True)
    w.retro_action(retro, "ada", 0, owner="bob", done=False)
    evidence = run(w).evidence
    assert sorted(evidence["person"]) == ["ada", "bob", "cy"]
    assert not evidence.duplicated(["event_id", "person", "behaviour"]).any()


def test_a_defect_in_review_is_one_risk_act_and_one_reviewing_act() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "cy", 2, DEFECT)
    evidence = run(w).evidence
    counts = evidence.groupby("behaviour").size().to_dict()
    assert counts["risk_raising"] == 1 and counts["reviewing"] == 1


def test_merging_is_vectorised_and_keeps_the_order_of_reasons() -> None:
    rules = tuple(RULES)
    index = {rule.id: i for i, rule in enumerate(rules)}
    rows = pd.DataFrame(
        {
            "_position": [5, 5, 5, 9, 5],
            "_rule": [index["unblocking.merge_approval"], index["unblocking.first_response"],
                      index["reviewing.review"], index["unblocking.answer"], index["unblocking.answer"]],
            "created_at": pd.to_datetime(["2026-01-01"] * 5).to_numpy(),
            "person": ["ada", "ada", "ada", "ada", "bob"],
            "weight": [1.0, 1.0, 1.0, 0.5, 0.5],
            "reason": ["approved", "first", "reviewed", "answered", "answered"],
            "_joined": ["approved, short", "first", "reviewed", "answered", "answered"],
        }
    )  # fmt: skip
    merged = merge_acts(rows, rules)
    by = merged.set_index(["_position", "person", "behaviour"])
    assert len(merged) == 4
    assert by.loc[(5, "ada", "unblocking"), "reason"] == "first; approved, short"
    assert by.loc[(5, "ada", "unblocking"), "rules"] == "unblocking.first_response, unblocking.merge_approval"
    assert by.loc[(5, "ada", "reviewing"), "reason"] == "reviewed"
    assert by.loc[(5, "bob", "unblocking"), "rule"] == "unblocking.answer"
    assert by.loc[(9, "ada", "unblocking"), "reason"] == "answered"
