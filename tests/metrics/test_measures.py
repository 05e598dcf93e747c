"""The measures of metrics/measures: one definition each, replayed from the events, shared by every view."""

from __future__ import annotations

import pandas as pd

from metrics.measures import MEASURES, measure_named, stalled_work
from tests.metrics.builders import PLAIN, World, at, run


def _responses(w: World) -> pd.DataFrame:
    return run(w).measures.first_responses.set_index("item")


def test_first_response_skips_bots_the_author_drafts_and_replies_after_merge() -> None:
    w = World()
    waited = w.pr("bob", 1)
    w.comment(waited, "acme-ci[bot]", 0.1, "CI passed")  # a bot is not a response
    w.comment(waited, "bob", 1, "ping?")  # nor is the author
    w.review(waited, "ada", 52, "COMMENTED", PLAIN)
    draft = w.pr("bob", 2, draft=True)
    w.review(draft, "ada", 30, "APPROVED")
    merged = w.pr("bob", 3, merged_at=5)
    w.comment(merged, "ada", 30, PLAIN)  # after the merge: no response to the waiting work
    by_bot = w.pr("renovate[bot]", 4)
    w.review(by_bot, "ada", 40, "APPROVED")
    w.jira_issue("PAY-1", "bob")
    w.jira_comment("PAY-1", "ada", 100, PLAIN)
    responses = _responses(w)
    assert set(responses.index) == {
        "acme/payments#1",
        "acme/payments#2",
        "acme/payments#3",
    }  # no bot, no Jira
    assert responses.loc["acme/payments#1", "waited_hours"] == 52.0
    assert responses.loc["acme/payments#2", "draft"]
    assert responses[["responded_at"]].loc[["acme/payments#2", "acme/payments#3"]].isna().all().all()


def test_stalled_work_is_replayed_as_of_the_end_of_the_window() -> None:
    w = World()
    w.pr("bob", 1)  # open, nobody answered: stalled
    w.pr("bob", 2, merged_at=200)  # merged after the end: open at the end, stalled
    answered = w.pr("bob", 3)
    w.review(answered, "ada", 10, "COMMENTED", PLAIN)  # answered before the end
    answered_late = w.pr("bob", 4)
    w.review(answered_late, "ada", 150, "COMMENTED", PLAIN)  # answered after the end: stalled at it
    w.pr("bob", 5, hours=76)  # opened exactly 24 h before the end: the threshold is inclusive
    w.pr("bob", 6, hours=77)  # 23 h: not yet
    w.pr("bob", 7, draft=True)
    w.pr("renovate[bot]", 8)
    w.pr("bob", 9, merged_at=20)  # merged before the end
    metrics = run(w)
    measures = metrics.measures
    stalled = stalled_work(
        measures.first_responses,
        measures.blocked_stays,
        as_of=pd.Timestamp(at(100)),
        wait_hours=24,
        blocked_days=3,
    )
    items = {f"acme/payments#{n}" for n in (1, 2, 4, 5)}
    assert set(stalled["item"]) == items
    row = stalled.set_index("item").loc["acme/payments#5"]
    assert (row["why"], row["waiting_days"]) == ("no response yet", 1.0)


def test_a_blocked_stay_spans_blocked_statuses_and_must_last_the_window() -> None:
    w = World()
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "Blocked")
    w.status("PAY-1", "bob", 50, "Blocked", "On Hold")  # one stay
    w.jira_issue("PAY-2", "ada", assignee="bob")
    w.status("PAY-2", "bob", 80, "To Do", "Blocked")  # blocked for under 3 days at the end
    w.jira_issue("PAY-3", "ada", assignee="bob")
    w.status("PAY-3", "bob", 1, "To Do", "Blocked")
    w.status("PAY-3", "bob", 90, "Blocked", "In Progress")  # left before the end
    w.jira_issue("PAY-4", "ada", assignee="bob")
    w.status("PAY-4", "bob", 2, "To Do", "Blocked")
    w.status("PAY-4", "bob", 120, "Blocked", "Done")  # left after the end: stuck at it
    measures = run(w).measures
    stays = measures.blocked_stays.set_index("item")
    assert stays.loc["PAY-1", "status"] == "Blocked" and pd.isna(stays.loc["PAY-1", "ended_at"])
    stalled = stalled_work(
        measures.first_responses,
        measures.blocked_stays,
        as_of=pd.Timestamp(at(100)),
        wait_hours=24,
        blocked_days=3,
    )
    assert set(stalled["item"]) == {"PAY-1", "PAY-4"}
    assert stalled.set_index("item").loc["PAY-1", "why"] == "in Blocked"


def test_the_unblocking_rule_reads_the_first_response_measure() -> None:
    w = World()
    for number, wait in ((1, 52), (2, 5), (3, 30)):
        pr = w.pr("bob", number)
        w.review(pr, "ada", wait, "COMMENTED", PLAIN)
    metrics = run(w)
    responses = metrics.measures.first_responses
    waited = responses[responses["waited_hours"] >= 24]
    evidence = metrics.evidence[metrics.evidence["rules"].str.contains("unblocking.first_response")]
    assert sorted(evidence["event_id"]) == sorted(waited["response_event_id"])


def test_every_measure_is_declared_once_with_how_it_is_measured() -> None:
    ids = [declared.id for declared in MEASURES]
    assert len(ids) == len(set(ids))
    assert {
        "first_response",
        "waits",
        "stalled_work",
        "review_load",
        "cross_team_flows",
        "blocked_stay",
    } <= set(ids)
    assert all(declared.label and declared.description and declared.how for declared in MEASURES)
    assert measure_named("stalled_work").compute is stalled_work
