"""Scenario tests of the ownership rules (Jira issues driven to done, epics, hand-offs, status updates)."""

from tests.metrics.builders import PLAIN, STATUS, World, rows, run


def test_done_by_the_assignee_uses_the_done_category() -> None:
    w = World()
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 5, "In Progress", "Shipped")
    w.jira_issue("PAY-2", "ada", assignee="bob", status="Shipped", category="done")
    w.status("PAY-2", "ada", 6, "In Progress", "Done")  # not the assignee
    w.status("PAY-2", "bob", 7, "To Do", "In Progress")  # not done
    metrics = run(w)
    assert rows(metrics, "ownership.done_by_assignee") == [("bob", "drove PAY-1 to Shipped as its assignee")]


def test_epics_and_handoffs() -> None:
    w = World()
    w.jira_issue("PAY-1", "bob", assignee="ada", type="Epic")
    w.jira_issue("PAY-2", "ada", assignee="ada")  # own issue: no hand-off
    w.jira_issue("PAY-3", "ada", assignee=None)  # nobody to hand to
    w.jira_issue("PAY-4", "ada", assignee="renovate[bot]")
    metrics = run(w)
    assert rows(metrics, "ownership.epic_lead") == [("ada", "leads the epic PAY-1")]
    assert rows(metrics, "ownership.handoff") == [("bob", "created PAY-1 and handed it to someone else")]


def test_status_updates_in_comments() -> None:
    w = World()
    w.jira_issue("WEB-1", "cy", assignee="dee")
    w.jira_comment("WEB-1", "dee", 1, STATUS)
    w.jira_comment("WEB-1", "cy", 2, PLAIN)
    w.jira_comment("WEB-1", "acme-ci[bot]", 3, STATUS)
    assert rows(run(w), "ownership.status_update") == [("dee", "status update on WEB-1: 'update:'")]
