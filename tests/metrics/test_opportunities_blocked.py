"""stuck_blocked: a Jira issue blocked without a break for unblock_window_days at the window end, with
nobody but who moved it there talking about it; look-alikes that must not count."""

from __future__ import annotations

from tests.metrics.builders import PLAIN, World, at
from tests.metrics.opportunities import items, opportunities, rows

DAY = 24


def _blocked(w: World, key: str = "PAY-1", *, at_hours: float = 20) -> str:
    """An issue of ada's assigned to bob, In Progress at 10 h and moved to Blocked by bob."""
    w.jira_issue(key, "ada", assignee="bob")
    w.status(key, "bob", 10, "To Do", "In Progress")
    w.status(key, "bob", at_hours, "In Progress", "Blocked")
    w.jira_comment(key, "bob", at_hours + 0.1, "Blocked: waiting for the bank.")  # the mover's own note
    return key


def test_blocked_for_the_window_is_a_chance_for_the_team_but_who_moved_it_there() -> None:
    w = World()
    _blocked(w)
    w.status("PAY-1", "bob", 50, "Blocked", "On Hold")  # one stay, not two
    reason = "PAY-1 has been blocked for 3.0 days (now On Hold) with no comment from anyone else"
    assert rows(w, "stuck_blocked", until=20 + 3 * DAY) == [
        ("ada", "PAY-1", reason),
        ("finn", "PAY-1", reason),
    ]
    found = opportunities(w, until=20 + 3 * DAY)
    assert set(found["since"]) == {at(20)}
    assert set(found["behaviours"]) == {("unblocking", "risk_raising")}


def test_a_fresh_block_or_one_somebody_talked_about_is_no_chance() -> None:
    fresh = World()
    _blocked(fresh)
    assert items(fresh, "stuck_blocked", until=20 + 3 * DAY - 1) == set()
    assert items(fresh, "stuck_blocked", until=30, behaviours={"unblock_window_days": 10 / 24}) == {"PAY-1"}
    talked = World()
    _blocked(talked)
    talked.jira_comment("PAY-1", "cy", 40, PLAIN)  # someone else, of another team even, commented
    assert items(talked, "stuck_blocked", until=20 + 5 * DAY) == set()


def test_bots_and_excluded_people_talking_do_not_count() -> None:
    w = World()
    _blocked(w)
    w.jira_comment("PAY-1", "acme-ci[bot]", 30, "Automated reminder: this issue is blocked.")
    w.jira_comment("PAY-1", "finn", 40, PLAIN)
    assert items(w, "stuck_blocked", until=20 + 4 * DAY) == set()  # finn's comment counts...
    found = opportunities(w, until=20 + 4 * DAY, access={"exclude": ["finn"]})
    assert set(found.loc[found["kind"] == "stuck_blocked", "person"]) == {"ada"}  # ...unless excluded


def test_the_status_is_the_last_transition_before_the_window_end() -> None:
    w = World()
    _blocked(w)
    w.status("PAY-1", "bob", 40, "Blocked", "In Progress")  # left blocked: the stay ended
    w.status("PAY-1", "ada", 60, "In Progress", "Blocked")  # a new stay, moved there by ada
    w.status("PAY-1", "ada", 60 + 10 * DAY, "Blocked", "Done")  # after the window end
    assert items(w, "stuck_blocked", until=60 + 3 * DAY - 1) == set()  # the new stay is too fresh
    reason = "PAY-1 has been blocked for 3.0 days (now Blocked) with no comment from anyone else"
    assert rows(w, "stuck_blocked", until=60 + 3 * DAY) == [
        ("bob", "PAY-1", reason),
        ("finn", "PAY-1", reason),
    ]
    assert items(w, "stuck_blocked", until=60 + 11 * DAY) == set()  # done by then


def test_an_issue_created_blocked_and_an_unowned_project() -> None:
    w = World()
    w.jira_issue("PAY-2", "cy", assignee="bob", status="Blocked", category="indeterminate")
    w.jira_issue("OPS-1", "ada", assignee="bob")
    w.status("OPS-1", "bob", 1, "To Do", "Blocked")  # no team owns OPS
    found = opportunities(w, until=4 * DAY)
    stuck = found[found["kind"] == "stuck_blocked"]
    assert set(stuck["item"]) == {"PAY-2"} and set(stuck["since"]) == {at(0)}
    assert set(stuck["person"]) == {"ada", "bob", "finn"}  # cy, who created it blocked, is in web anyway
