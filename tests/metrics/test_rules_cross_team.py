"""Scenario tests of cross-team communication: another team's repo/project, or a person of another team."""

from tests.metrics.builders import PLAIN, World, rows, run


def test_reviews_and_comments_across_teams() -> None:
    w = World()
    web = w.pr("dee", 1, repo="acme/web")
    w.review(web, "ada", 1, "APPROVED")  # payments person on web's repo
    w.comment(web, "bob", 2, PLAIN)
    mine = w.pr("cy", 2, repo="acme/payments")  # a web person's PR in payments' repo
    w.review(mine, "ada", 3, "APPROVED")  # same team as the repo, other team than the author
    w.jira_issue("WEB-1", "dee", assignee="dee")
    w.jira_comment("WEB-1", "ada", 4, PLAIN)
    metrics = run(w)
    assert rows(metrics, "cross_team.review") == [
        ("ada", "reviewed acme/web#1, owned by team web"),
        ("ada", "reviewed acme/payments#2, by a person of team web"),
    ]
    assert rows(metrics, "cross_team.comment") == [
        ("bob", "commented on acme/web#1, owned by team web"),
        ("ada", "commented on WEB-1, owned by team web"),
    ]


def test_same_team_bots_and_people_without_team_are_not_cross_team() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review(pr, "ada", 1, "APPROVED")  # same team, own repo
    w.review(pr, "renovate[bot]", 2, "APPROVED")
    w.review(pr, "zed-freelance", 3, "APPROVED")  # unmapped: no team
    unowned = w.pr("ada", 2, repo="acme/tools")
    w.comment(unowned, "bob", 4, PLAIN)  # nobody owns the repo, author same team
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.jira_comment("PAY-1", "finn", 5, PLAIN)
    metrics = run(w)
    assert rows(metrics, "cross_team.review") == []
    assert rows(metrics, "cross_team.comment") == []
