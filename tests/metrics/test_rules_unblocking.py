"""Scenario tests of the unblocking rules (waits measured from the events)."""

from tests.metrics.builders import ANSWER, PLAIN, QUESTION, World, rows, run


def test_first_response_after_a_long_wait() -> None:
    w = World()
    pr = w.pr("bob", 1, repo="acme/web")
    w.comment(pr, "acme-ci[bot]", 0.1, "CI passed")  # a bot is not a response
    w.comment(pr, "bob", 3, "ping?")  # nor is the author
    w.review(pr, "ada", 52, "COMMENTED", PLAIN)
    w.comment(pr, "cy", 60, PLAIN)  # not the first
    assert rows(run(w), "unblocking.first_response") == [
        ("ada", "first response on acme/web#1 after it waited 52 h")
    ]


def test_first_response_below_threshold_draft_or_after_close_does_not_count() -> None:
    w = World()
    quick = w.pr("bob", 1)
    w.review(quick, "ada", 23.5, "APPROVED")
    draft = w.pr("bob", 2, draft=True)
    w.review(draft, "ada", 40, "APPROVED")
    merged = w.pr("bob", 3, merged_at=10)
    w.comment(merged, "ada", 30, PLAIN)
    metrics = run(w)
    assert rows(metrics, "unblocking.first_response") == []
    assert rows(run(w, behaviours={"unblock_wait_hours": 20}), "unblocking.first_response") == [
        ("ada", "first response on acme/payments#1 after it waited 24 h")
    ]


def test_a_first_comment_on_a_jira_issue_is_not_unblocking_by_its_wait_alone() -> None:
    w = World()
    w.jira_issue("PAY-1", "bob", assignee="bob")  # a backlog ticket: it waits by design
    w.jira_comment("PAY-1", "bob", 30, PLAIN)
    w.jira_comment("PAY-1", "cy", 400, PLAIN)  # the first comment by someone else, after 400 h
    metrics = run(w)
    assert [b for b in metrics.evidence["behaviour"] if b == "unblocking"] == []
    assert "PAY-1" not in set(metrics.measures.first_responses["item"])


def test_merge_approval_of_a_waiting_pr() -> None:
    w = World()
    pr = w.pr("bob", 1, merged_at=33)
    w.review(pr, "cy", 5, "COMMENTED")
    w.review(pr, "ada", 30, "APPROVED")
    w.review(pr, "bob", 31, "APPROVED")  # own approval never counts
    assert rows(run(w), "unblocking.merge_approval") == [
        ("ada", "approved acme/payments#1 after it waited 30 h, which let it merge 3 h later")
    ]


def test_merge_approval_needs_a_wait_a_merge_and_a_merge_soon_after() -> None:
    w = World()
    quick = w.pr("bob", 1, merged_at=5)
    w.review(quick, "ada", 4, "APPROVED")  # waited 4 h only
    open_pr = w.pr("bob", 2)
    w.review(open_pr, "ada", 30, "APPROVED")  # never merged
    late = w.pr("bob", 3, merged_at=30 + 24 * 4)
    w.review(late, "ada", 30, "APPROVED")  # merged 4 days later: the approval did not unblock it
    bot = w.pr("bob", 4, merged_at=40)
    w.review(bot, "renovate[bot]", 39, "APPROVED")
    assert rows(run(w), "unblocking.merge_approval") == []


def _blocked_issue(w: World) -> None:
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "In Progress")
    w.status("PAY-1", "bob", 10, "In Progress", "Blocked")


def test_comment_while_blocked_after_which_it_left_blocked() -> None:
    w = World()
    _blocked_issue(w)
    w.jira_comment("PAY-1", "cy", 20, PLAIN)
    w.status("PAY-1", "bob", 30, "Blocked", "In Progress")
    assert rows(run(w), "unblocking.blocked_comment") == [
        ("cy", "commented on PAY-1 while it was Blocked; it left Blocked 10 h later")
    ]


def test_blocked_comment_negatives() -> None:
    w = World()
    _blocked_issue(w)
    w.jira_comment("PAY-1", "bob", 20, PLAIN)  # the assignee's own issue
    w.jira_comment("PAY-1", "renovate[bot]", 21, PLAIN)
    w.jira_comment("PAY-1", "cy", 5, PLAIN)  # before it was blocked
    w.status("PAY-1", "bob", 30, "Blocked", "In Progress")
    w.jira_issue("PAY-2", "ada", assignee="bob")
    w.status("PAY-2", "bob", 1, "To Do", "On Hold")
    w.jira_comment("PAY-2", "cy", 2, PLAIN)
    w.status("PAY-2", "bob", 2 + 24 * 3 + 1, "On Hold", "Done")  # left after the window
    assert rows(run(w), "unblocking.blocked_comment") == []


def test_answer_to_someone_elses_question() -> None:
    w = World()
    w.jira_issue("WEB-1", "cy", assignee="dee")
    w.jira_comment("WEB-1", "dee", 1, QUESTION)
    w.jira_comment("WEB-1", "dee", 2, ANSWER)  # asking again is not answering
    w.jira_comment("WEB-1", "ada", 3.5, ANSWER)
    w.jira_comment("WEB-1", "cy", 4, ANSWER)  # not the first answer
    assert rows(run(w), "unblocking.answer") == [("ada", "answered a question on WEB-1 asked 2.5 h earlier")]


def test_a_reply_without_content_is_not_an_answer() -> None:
    for reflex in ("thanks!", "done", "ok", "+1", "ping", "LGTM", PLAIN):
        w = World()
        w.jira_issue("WEB-1", "cy", assignee="dee")
        w.jira_comment("WEB-1", "dee", 1, QUESTION)
        w.jira_comment("WEB-1", "ada", 2, reflex)  # class other: not an answer
        w.jira_comment("WEB-1", "cy", 3, ANSWER)  # the first reply with content is
        assert rows(run(w), "unblocking.answer") == [
            ("cy", "answered a question on WEB-1 asked 2.0 h earlier")
        ]


def test_answers_on_own_pr_by_bots_or_in_another_thread_do_not_count() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "ada", 1, QUESTION, thread="T1")
    w.review_comment(pr, "bob", 2, ANSWER, thread="T1")  # the author answering on own PR
    w.review_comment(pr, "cy", 3, ANSWER, thread="T2")  # another thread
    w.comment(pr, "acme-ci[bot]", 4, ANSWER)
    assert rows(run(w), "unblocking.answer") == []


RISK_FLAG = "Flagging this: unbounded retries in `render_total` can take down the upstream under load."


def test_a_reviewers_question_in_the_conversation_is_for_the_author_not_the_next_speaker() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(pr, "ada", 1, "Curious: what happens to in-flight requests during the rollout?")
    w.comment(pr, "cy", 1.5, RISK_FLAG)  # a point of their own, not an answer
    w.comment(pr, "dee", 2, ANSWER)  # nor is this: the question was the author's to answer
    w.comment(pr, "bob", 3, ANSWER)
    assert rows(run(w), "unblocking.answer") == []


def test_a_question_about_ones_own_work_answered_in_its_conversation() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(pr, "bob", 1, "How do I run the settlement tests locally without credentials?")
    w.review(pr, "ada", 1.5, "COMMENTED", "A few thoughts inline, nothing blocking.")  # a review body
    w.review_comment(pr, "ada", 1.5, ANSWER, thread="T1")  # another conversation: a review thread
    w.comment(pr, "cy", 2, "Nice work, this is really clean!")  # praise answers nothing, nor takes the turn
    w.comment(pr, "dee", 3, ANSWER)
    w.comment(pr, "ada", 4, ANSWER)  # not the first answer
    issue = w.issue("cy", 2, title="How do I get a sandbox key?", body="Who can give me one?")
    w.comment(issue, "finn", 5, ANSWER)
    assert rows(run(w), "unblocking.answer") == [
        ("dee", "answered a question on acme/payments#1 asked 2.0 h earlier"),
        ("finn", "answered a question on acme/payments#2 asked 5.0 h earlier"),
    ]


def test_the_authors_reply_takes_the_turn_and_a_reply_must_be_in_the_askers_thread() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "ada", 1, QUESTION, thread="T1")
    w.review_comment(pr, "bob", 2, "Update: the retry part is done, tests next.", thread="T1")  # the author's
    w.review_comment(pr, "cy", 3, ANSWER, thread="T1")  # after the author replied: not the answer
    w.review_comment(pr, "ada", 4, QUESTION, thread="T2")
    w.review_comment(pr, "cy", 4.5, "Do you mean the retry loop?", thread="T2")  # a question of its own
    w.review_comment(pr, "dee", 5, ANSWER, thread="T3")  # another thread
    w.review_comment(pr, "dee", 6, ANSWER, thread="T2")  # answers both; credited once, for the latest
    w.review_comment(pr, "ada", 7, QUESTION, thread="T4")
    w.review_comment(pr, "cy", 7 + 24 * 4, ANSWER, thread="T4")  # after unblock_window_days
    assert rows(run(w), "unblocking.answer") == [
        ("dee", "answered a question on acme/payments#1 asked 1.5 h earlier")
    ]
