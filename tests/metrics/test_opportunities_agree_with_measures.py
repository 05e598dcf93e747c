"""The waiting_review and stuck_blocked opportunities are the stalled work of the Team page and the
report: one definition of a wait and of a blocked stay (metrics/measures), so they cannot disagree."""

from __future__ import annotations

import pandas as pd

from metrics.engine import compute
from metrics.measures import stalled_work
from tests.metrics.builders import PLAIN, World, at, config

END = 100
DAY = 24


def _world() -> World:
    w = World()
    w.pr("bob", 1)  # nobody answered
    w.pr("bob", 2, merged_at=200)  # merged after the end: open at it
    w.pr("bob", 3, merged_at=END)  # merged exactly at the end, which is excluded: open at it
    w.review(w.pr("bob", 4), "finn", 5, "APPROVED")  # finn is excluded: no response anywhere
    w.review(w.pr("bob", 5), "ada", 150, "COMMENTED", PLAIN)  # answered after the end
    w.review(w.pr("bob", 6), "ada", 10, "COMMENTED", PLAIN)  # answered: neither
    w.pr("bob", 7, draft=True)
    w.pr("renovate[bot]", 8)
    w.pr("finn", 9)  # by someone excluded: neither
    w.pr("bob", 10, hours=END - 23)  # 23 h: too fresh for both
    w.pr("cy", 11, repo="acme/web")
    w.pr("bob", 12, repo="acme/unowned")  # stalled, but no team could take it
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "Blocked")
    w.status("PAY-1", "bob", 50, "Blocked", "On Hold")  # one stay
    w.jira_issue("PAY-2", "ada", assignee="bob", status="Blocked", category="indeterminate")  # since creation
    w.jira_issue("PAY-3", "ada", assignee="bob")
    w.status("PAY-3", "bob", 2, "To Do", "Blocked")
    w.status("PAY-3", "bob", END, "Blocked", "Done")  # left exactly at the end: still blocked at it
    w.jira_issue("PAY-4", "ada", assignee="bob")
    w.status("PAY-4", "bob", 80, "To Do", "Blocked")  # too fresh for both
    w.jira_issue("PAY-5", "ada", assignee="bob")
    w.status("PAY-5", "bob", 1, "To Do", "Blocked")
    w.jira_comment("PAY-5", "ada", 30, PLAIN)  # stalled, but somebody talked about it: no opportunity
    return w


def test_waiting_reviews_and_stuck_blocks_are_the_stalled_work() -> None:
    settings = config(access={"exclude": ["finn"]})
    metrics = compute(_world().frame(), settings, until=at(END))
    stalled = stalled_work(
        metrics.measures.first_responses,
        metrics.measures.blocked_stays,
        as_of=pd.Timestamp(at(END)),
        wait_hours=settings.behaviours.unblock_wait_hours,
        blocked_days=settings.behaviours.unblock_window_days,
    ).set_index("item")
    found = metrics.opportunities
    waiting = found[found["kind"] == "waiting_review"].drop_duplicates("item").set_index("item")
    pulls = stalled[(stalled["kind"] == "pull_request") & stalled["owner_team"].notna()]
    assert (
        set(waiting.index)
        == set(pulls.index)
        == {f"acme/payments#{n}" for n in (1, 2, 3, 4, 5)} | {"acme/web#11"}
    )
    assert (waiting["since"] == pulls.loc[waiting.index, "since"]).all()
    assert "acme/unowned#12" in stalled.index  # the Team page shows it; nobody owns it to take it

    stuck = found[found["kind"] == "stuck_blocked"].drop_duplicates("item").set_index("item")
    blocked = stalled[stalled["kind"] == "jira_issue"]
    assert set(blocked.index) == {"PAY-1", "PAY-2", "PAY-3", "PAY-5"}
    assert set(stuck.index) == set(blocked.index) - {"PAY-5"}  # PAY-5 was talked about
    assert (stuck["since"] == blocked.loc[stuck.index, "since"]).all()
    assert stuck.loc["PAY-1", "reason"].endswith("(now On Hold) with no comment from anyone else")
    assert blocked.loc["PAY-2", "since"] == at(0)


def test_an_excluded_persons_review_is_no_first_response_for_the_evidence_either() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review(pr, "finn", 5, "APPROVED")
    w.review(pr, "ada", 30, "COMMENTED", PLAIN)
    metrics = compute(w.frame(), config(access={"exclude": ["finn"]}), until=at(END))
    row = metrics.measures.first_responses.set_index("item").loc[pr]
    assert row["waited_hours"] == 30.0  # ada's review is the first one anyone is shown
    assert metrics.evidence.loc[
        metrics.evidence["rules"].str.contains("first_response"), "person"
    ].tolist() == ["ada"]
