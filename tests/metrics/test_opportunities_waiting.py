"""waiting_review and unanswered_question, as of a window's end, with the look-alikes that must not count.

Teams (tests/metrics/builders.py): payments = ada (level 4), bob (2), finn (no level), owning
acme/payments and PAY; web = cy (3), dee (1), owning acme/web and WEB.
"""

from __future__ import annotations

from tests.metrics.builders import PLAIN, QUESTION, World, at
from tests.metrics.opportunities import items, opportunities, rows

WAITING = "acme/payments#1 by bob has waited {:.0f} h for a first review"


def test_a_pull_request_nobody_reviewed_is_a_chance_for_each_teammate_but_its_author() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(pr, "acme-ci[bot]", 0.1, "CI passed")  # a bot is not a response
    w.comment(pr, "bob", 2, "ping?")  # nor is the author
    assert rows(w, "waiting_review", until=30) == [
        ("ada", pr, WAITING.format(30)),
        ("finn", pr, WAITING.format(30)),
    ]
    found = opportunities(w, until=30).set_index("person")
    assert found.loc["ada", "since"] == at(0)
    assert found.loc["ada", "url"] == "https://github.com/acme/payments/pull/1#pull_request-1001"
    # bob (level 2) is less senior than ada (4): mentoring too; finn has no level: unblocking only
    assert found.loc["ada", "behaviours"] == ("unblocking", "mentoring")
    assert found.loc["finn", "behaviours"] == ("unblocking",)


def test_the_wait_threshold_is_inclusive() -> None:
    w = World()
    w.pr("bob", 1)
    assert items(w, "waiting_review", until=23.99) == set()
    assert items(w, "waiting_review", until=24) == {"acme/payments#1"}
    assert items(w, "waiting_review", until=10, behaviours={"unblock_wait_hours": 10}) == {"acme/payments#1"}


def test_responses_drafts_bots_closed_and_unowned_pull_requests_are_no_chance() -> None:
    w = World()
    reviewed = w.pr("bob", 1)
    w.review(reviewed, "cy", 5, "COMMENTED", PLAIN)  # anyone's review, another team's too, ends the wait
    inline = w.pr("bob", 2)
    w.review_comment(inline, "finn", 6, PLAIN)
    w.pr("bob", 3, draft=True)
    w.pr("dependabot[bot]", 4)
    w.pr("bob", 5, merged_at=20)  # merged before the window end
    w.pr("bob", 6, repo="acme/unowned")  # no team owns the repository
    assert items(w, "waiting_review", until=48) == set()


def test_state_is_replayed_at_the_window_end() -> None:
    w = World()
    w.pr("bob", 1, merged_at=60)  # merged after the window end: open at it
    later = w.pr("bob", 2)
    w.review(later, "ada", 50, "APPROVED")  # after the window end: ignored
    w.pr("bob", 3, hours=45)  # opened less than 24 h before the end
    w.pr("bob", 4, hours=49)  # opened after the end
    assert items(w, "waiting_review", until=48) == {"acme/payments#1", "acme/payments#2"}
    assert items(w, "waiting_review", until=73) == {"acme/payments#3", "acme/payments#4"}


def test_excluded_people_get_no_rows_their_items_none_and_their_acts_are_no_response() -> None:
    w = World()
    by_finn = w.pr("finn", 1)
    answered_by_finn = w.pr("bob", 2)
    w.review(answered_by_finn, "finn", 3, "APPROVED")
    found = opportunities(w, until=30, access={"exclude": ["finn"]})
    assert set(found["item"]) == {answered_by_finn} and by_finn not in set(found["item"])
    assert "finn" not in set(found["person"])
    assert set(found["person"]) == {"ada"}


QUESTION_BY_CY = "a question by cy on acme/payments#1 has waited {:.0f} h for an answer"


def test_an_unanswered_question_is_a_chance_for_the_owning_team_but_the_asker_and_the_author() -> None:
    w = World()
    pr = w.pr("ada", 1)
    asked = w.review_comment(pr, "cy", 2, QUESTION)
    w.comment(pr, "acme-ci[bot]", 3, "Build passed")  # a bot's reply is no answer
    w.review_comment(pr, "cy", 4, "Also, is this covered?")  # nor is the asker's own follow-up
    assert rows(w, "unanswered_question", until=30) == [
        ("bob", pr, QUESTION_BY_CY.format(28)),
        ("finn", pr, QUESTION_BY_CY.format(28)),
    ]
    found = opportunities(w, until=30)
    assert set(found.loc[found["kind"] == "unanswered_question", "url"]) == {
        next(e.url for e in w.events if e.event_id == asked)
    }


def test_answered_closed_fresh_and_unowned_questions_are_no_chance() -> None:
    w = World()
    answered = w.pr("ada", 1)
    w.comment(answered, "cy", 1, QUESTION)
    w.comment(answered, "ada", 5, PLAIN)  # the author answers
    approved = w.pr("ada", 2)
    w.comment(approved, "cy", 1, QUESTION)
    w.review(approved, "bob", 3, "APPROVED")  # a review after the question is a response too
    merged = w.pr("ada", 3, merged_at=10)
    w.comment(merged, "cy", 1, QUESTION)
    fresh = w.pr("ada", 4)
    w.comment(fresh, "cy", 20, QUESTION)  # asked 10 h before the end only
    elsewhere = w.pr("ada", 5, repo="acme/unowned")
    w.comment(elsewhere, "cy", 1, QUESTION)
    plain = w.pr("ada", 6)
    w.comment(plain, "cy", 1, PLAIN)  # not a question
    assert items(w, "unanswered_question", until=30) == set()
    assert items(w, "unanswered_question", until=44) == {fresh}  # exactly 24 h: counts


def test_an_answer_after_the_window_end_does_not_count_and_jira_questions_count_too() -> None:
    w = World()
    w.jira_issue("WEB-1", "cy", assignee="dee")
    w.jira_comment("WEB-1", "ada", 2, QUESTION)
    w.jira_comment("WEB-1", "dee", 40, PLAIN)
    assert rows(w, "unanswered_question", until=30) == [
        ("dee", "WEB-1", "a question by Ada L on WEB-1 has waited 28 h for an answer")
    ]  # cy is the author; dee answers only after the end
    assert items(w, "unanswered_question", until=50) == set()


def test_an_excluded_persons_answer_is_none_and_their_question_makes_no_row() -> None:
    w = World()
    pr = w.pr("ada", 1)
    w.comment(pr, "cy", 1, QUESTION)
    w.comment(pr, "finn", 2, PLAIN)  # finn answers, but is excluded
    theirs = w.pr("ada", 2)
    w.comment(theirs, "finn", 1, QUESTION)
    found = opportunities(w, until=30, access={"exclude": ["finn"]})
    questions = found[found["kind"] == "unanswered_question"]
    assert set(questions["item"]) == {pr} and set(questions["person"]) == {"bob"}
