"""Scenario tests of the risk-raising rules."""

from tests.metrics.builders import DEFECT, PLAIN, RISK, World, rows, run


def test_risk_comments_and_defect_reviews() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(pr, "ada", 1, RISK)
    w.review_comment(pr, "cy", 2, DEFECT)
    w.comment(pr, "dee", 3, PLAIN)
    w.comment(pr, "acme-ci[bot]", 4, RISK)
    metrics = run(w)
    merged = (  # one act, one row of risk_raising: the risk named, then the defect raised
        "cy",
        "named a risk on acme/payments#1: load risk 'leaks the connection'; raised a defect in review: "
        "load risk "
        "'leaks the connection', 'fails' (fails/breaks)",
    )
    assert rows(metrics, "risk_raising.risk_comment") == [
        ("ada", "named a risk on acme/payments#1: production risk 'risk'"),
        merged,
    ]
    assert rows(metrics, "risk_raising.defect_review") == [merged]


def test_defect_comment_on_own_pr_is_not_a_defect_review() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "bob", 1, DEFECT)
    assert rows(run(w), "risk_raising.defect_review") == []


def test_risk_issues_by_wording_or_label() -> None:
    w = World()
    w.issue("ada", 1, title="Token refresh", body=RISK)
    w.issue("bob", 2, title="Bump deps", labels=["Security"])
    w.issue("cy", 3, title="Add a button", body=PLAIN, repo="acme/web")
    w.issue("renovate[bot]", 4, title="Security: bump", labels=["security"])
    assert rows(run(w), "risk_raising.risk_issue") == [
        ("ada", "opened acme/payments#1 naming a risk: production risk 'risk'"),
        ("bob", "opened acme/payments#2 naming a risk: label 'Security'"),
    ]


def test_flagging_and_moving_to_blocked() -> None:
    w = World()
    w.jira_issue(
        "PAY-1", "ada", assignee="bob", flags=[(5, "cy", True), (6, "cy", False), (7, "renovate[bot]", True)]
    )
    w.status("PAY-1", "bob", 8, "In Progress", "Blocked")
    w.status("PAY-1", "bob", 9, "Blocked", "On Hold")  # already blocked: not raising anything new
    w.status("PAY-1", "bob", 10, "On Hold", "Done")
    metrics = run(w)
    flagged = metrics.evidence[metrics.evidence["rule"] == "risk_raising.flagged"]
    assert list(flagged["person"]) == ["cy"]
    assert list(flagged["reason"]) == ["flagged PAY-1 as impeded"]
    assert str(flagged["created_at"].iloc[0]) == "2025-03-03 14:00:00+00:00"  # when the flag was set
    assert rows(metrics, "risk_raising.moved_to_blocked") == [("bob", "moved PAY-1 to Blocked")]
