"""Scenario tests of the reviewing rules."""

from tests.metrics.builders import DEFECT, MAINTAIN, PLAIN, QUESTION, World, rows, run


def test_review_on_someone_elses_pr_counts_with_its_verb() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review(pr, "Ada", 2, "APPROVED")
    w.review(pr, "cy", 3, "CHANGES_REQUESTED")
    w.review(pr, "dee", 4, "COMMENTED")
    assert rows(run(w), "reviewing.review") == [
        ("ada", "approved acme/payments#1"),
        ("cy", "requested changes on acme/payments#1"),
        ("dee", "reviewed acme/payments#1"),
    ]


def test_own_pr_and_bots_are_not_reviewing() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review(pr, "bob", 2, "COMMENTED", DEFECT)
    w.review(pr, "renovate[bot]", 2, "APPROVED")
    w.review(pr, "acme-ci[bot]", 3, "CHANGES_REQUESTED", DEFECT)
    w.review_comment(pr, "bob", 4, DEFECT)
    metrics = run(w)
    assert rows(metrics, "reviewing.review") == []
    assert rows(metrics, "reviewing.substantive_comment") == []


def test_substantive_comments_are_defect_maintainability_or_design_on_prs_only() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "ada", 1, DEFECT)
    w.review_comment(pr, "ada", 2, MAINTAIN)
    w.review_comment(pr, "ada", 3, QUESTION)
    w.review_comment(pr, "ada", 4, PLAIN)
    issue = w.issue("bob", 2)
    w.comment(issue, "ada", 5, DEFECT)  # on an issue: not a review
    found = rows(run(w), "reviewing.substantive_comment")
    assert [reason.split(":")[0] for _, reason in found] == [
        "defect feedback on acme/payments#1",
        "maintainability feedback on acme/payments#1",
    ]
    assert "load risk 'leaks the connection'" in found[0][1]
    assert "'leaks' (leak/resource)" not in found[0][1]  # the risk's words are quoted once
