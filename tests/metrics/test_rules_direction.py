"""Scenario tests of the technical-direction rules."""

from tests.metrics.builders import DESIGN, PLAIN, World, rows, run


def test_design_prs_comments_and_issues() -> None:
    w = World()
    pr = w.pr("ada", 1, paths=["docs/adr/0003-queues.md"])
    w.pr("bob", 2, paths=["src/adr.py"])
    w.review_comment(pr, "cy", 1, DESIGN)
    w.review_comment(pr, "dee", 2, PLAIN)
    w.issue("bob", 3, labels=["RFC"])
    w.issue("cy", 4, labels=["bug"], repo="acme/web")
    w.jira_issue("PAY-1", "ada", labels=["architecture"], hours=3)
    metrics = run(w)
    assert rows(metrics, "direction.design_pr") == [
        ("ada", "proposed a design in acme/payments#1: docs/adr/0003-queues.md")
    ]
    found = rows(metrics, "direction.design_comment")
    assert [person for person, _ in found] == ["cy"]
    assert found[0][1].startswith("design discussion on acme/payments#1: 'design' (approach/design)")
    assert rows(metrics, "direction.design_issue") == [
        ("bob", "opened acme/payments#3 labelled 'RFC'"),
        ("ada", "opened PAY-1 labelled 'architecture'"),
    ]


def test_bots_set_no_direction() -> None:
    w = World()
    w.pr("renovate[bot]", 1, paths=["rfcs/0001.md"])
    pr = w.pr("bob", 2)
    w.comment(pr, "acme-ci[bot]", 1, DESIGN)
    w.issue("dependabot[bot]", 3, labels=["design"])
    metrics = run(w)
    assert metrics.evidence[metrics.evidence["behaviour"] == "direction"].empty
