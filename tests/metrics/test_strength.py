"""Each evidence row's strength (the rule's weight plus its factors) and its why; strongest evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.strength import FACTORS, strongest
from tests.metrics.builders import DEFECT, MAINTAIN, PLAIN, RISK, World, run


def _row(evidence: pd.DataFrame, person: str, behaviour: str, item: str) -> pd.Series:
    found = evidence[
        (evidence["person"] == person) & (evidence["behaviour"] == behaviour) & (evidence["item"] == item)
    ]
    assert len(found) == 1, found
    return found.iloc[0]


def test_a_review_with_substantive_comments_stands_out_over_a_bare_approval() -> None:
    w = World()
    bare = w.pr("finn", 1)  # finn has no level: nobody is less senior
    w.review(bare, "ada", 2, "APPROVED")
    worked = w.pr("finn", 2)
    review = w.review(worked, "ada", 2, "CHANGES_REQUESTED")
    w.review_comment(worked, "ada", 1.9, DEFECT, review=review)
    w.review_comment(worked, "ada", 1.95, MAINTAIN, thread="T2", review=review)
    w.review_comment(worked, "bob", 1.96, MAINTAIN, thread="T3")  # someone else's: not ada's review
    evidence = run(w).evidence
    plain = _row(evidence, "ada", "reviewing", "acme/payments#1")
    strong = evidence[(evidence["event_id"] == review) & (evidence["behaviour"] == "reviewing")].iloc[0]
    assert (plain["strength"], plain["why"]) == (1.0, "")
    assert strong["strength"] == 2.0 and strong["why"] == "a review with 2 substantive comments"


def test_waits_risks_other_teams_and_juniors_each_add_and_say_why() -> None:
    w = World()
    pr = w.pr("dee", 1, repo="acme/web")  # web's work, by the most junior person
    w.comment(pr, "ada", 80, RISK)  # payments' lead: first response after 80 h, naming a risk
    row = _row(run(w).evidence, "ada", "risk_raising", "acme/web#1")
    assert (
        row["why"]
        == "names a risk, it had waited 3 days, for team web, substantive feedback, for a less senior author"
    )
    assert row["strength"] == row["weight"] + 2 + 2 + 1 + 1 + 1


def test_a_wait_just_over_the_threshold_gives_one_point() -> None:
    w = World()
    pr = w.pr("finn", 1)
    w.comment(pr, "bob", 24, PLAIN)
    row = _row(run(w).evidence, "bob", "unblocking", "acme/payments#1")
    assert (row["strength"], row["why"]) == (2.0, "it had waited 24 h")


def test_a_comment_on_a_blocked_jira_issue_stands_out_by_how_long_it_was_blocked() -> None:
    w = World()
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "Blocked")
    w.jira_comment("PAY-1", "finn", 50, PLAIN)
    w.status("PAY-1", "bob", 60, "Blocked", "In Progress")
    row = _row(run(w).evidence, "finn", "unblocking", "PAY-1")
    assert row["why"] == "it had been blocked for 49 h"


def test_credit_for_an_act_someone_else_wrote_gets_the_rules_weight_alone() -> None:
    w = World()
    retro = w.retro("ada", 7)
    w.retro_action(retro, "ada", 0, owner="dee", done=True)  # ada wrote it; dee is credited
    row = _row(run(w).evidence, "dee", "improvement", "acme/payments#7")
    assert (row["strength"], row["why"]) == (row["weight"], "")


def test_strongest_takes_the_strongest_row_of_each_item_then_the_most_recent() -> None:
    evidence = pd.DataFrame(
        {
            "item": ["a", "a", "b", "c", "d"],
            "strength": [3.0, 5.0, 5.0, 1.0, 5.0],
            "created_at": pd.to_datetime(
                ["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-09", "2026-01-03"]
            ),
            "event_id": ["e1", "e2", "e3", "e4", "e5"],
        }
    )
    assert strongest(evidence, 3)["event_id"].tolist() == ["e3", "e5", "e2"]
    assert strongest(evidence, 10)["item"].tolist() == ["b", "d", "a", "c"]


def _strongest_by_sorting(evidence: pd.DataFrame, most: int) -> pd.DataFrame:
    """The definition: the whole frame sorted by pandas (stable), the first row of each item kept."""
    ordered = evidence.sort_values(
        ["strength", "created_at", "event_id"], ascending=[False, False, True], kind="stable"
    )
    return ordered.drop_duplicates("item").head(most)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "ü", None]),  # few items, so one item has several rows
            st.sampled_from([1.0, 2.0, 2.5]),
            st.integers(0, 5),  # few instants: ties in strength and time
            st.sampled_from(["e1", "e10", "e2", "É", "e1"]),  # ties in event id, and non-ASCII
        ),
        max_size=30,
    ),
    most=st.integers(0, 8),
    arrow=st.booleans(),
    shuffled_index=st.booleans(),
    missing=st.sampled_from([None, "strength", "created_at"]),
)
def test_strongest_equals_sorting_the_whole_frame(
    rows: list[tuple], most: int, arrow: bool, shuffled_index: bool, missing: str | None
) -> None:
    """The Arrow ranking gives the rows, order and index labels pandas' sort does, ties included, on
    object and Arrow-backed text columns; with a missing strength or time (``missing``: the first row's),
    by the fallback."""
    text = "str" if arrow else object
    evidence = pd.DataFrame(
        {
            "item": pd.Series([row[0] for row in rows], dtype=text),
            "strength": [row[1] for row in rows],
            "created_at": pd.to_datetime([f"2026-01-0{row[2] + 1}" for row in rows], utc=True),
            "event_id": pd.Series([row[3] for row in rows], dtype=text),
            "reason": [f"r{at}" for at in range(len(rows))],
        }
    )
    if missing and rows:
        evidence.loc[0, missing] = None
    if shuffled_index:
        evidence.index = np.random.default_rng(len(rows)).permutation(len(rows)) * 7
    pd.testing.assert_frame_equal(strongest(evidence, most), _strongest_by_sorting(evidence, most))


def test_factors_are_declared_once_with_a_description() -> None:
    ids = [factor.id for factor in FACTORS]
    assert len(ids) == len(set(ids)) >= 5
    assert all(factor.description and factor.example and factor.points > 0 for factor in FACTORS)
