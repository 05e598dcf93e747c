"""Scenario tests of the mentoring rules: only toward less senior people, never on one's own work."""

from tests.metrics.builders import DEFECT, MENTOR, PLAIN, PRAISE, World, rows, run


def test_explanatory_feedback_and_praise_toward_a_less_senior_author() -> None:
    w = World()
    pr = w.pr("bob", 1)  # bob is level 2
    w.review_comment(pr, "ada", 1, MENTOR)  # ada is level 4
    w.review(pr, "ada", 2, "APPROVED", PRAISE)
    w.comment(pr, "ada", 3, "See https://docs.python.org/3/library/contextlib.html for the pattern.")
    metrics = run(w)
    assert rows(metrics, "mentoring.feedback") == [
        (
            "ada",
            "suggestion and explanation for a less senior author on acme/payments#1 (level 2, reviewer 4)",
        ),
        ("ada", "link to docs for a less senior author on acme/payments#1 (level 2, reviewer 4)"),
    ]
    assert rows(metrics, "mentoring.praise") == [
        ("ada", "praise for a less senior author on acme/payments#1 (level 2, reviewer 4)")
    ]


def test_no_mentoring_toward_equal_or_more_senior_or_unknown_levels() -> None:
    w = World()
    senior = w.pr("ada", 1)  # level 4
    w.review_comment(senior, "bob", 1, MENTOR)  # level 2 -> 4: upward
    w.review_comment(senior, "ada", 2, MENTOR)  # own PR
    peer = w.pr("cy", 2, repo="acme/web")  # level 3
    w.review_comment(peer, "cy", 3, PRAISE)
    unknown = w.pr("finn", 3)  # no level
    w.review_comment(unknown, "ada", 4, MENTOR)
    stranger = w.pr("zed-freelance", 4)  # unmapped
    w.review_comment(stranger, "ada", 5, PRAISE)
    junior = w.pr("dee", 5, repo="acme/web")
    w.review_comment(junior, "acme-ci[bot]", 6, MENTOR)  # bots never mentor
    w.review_comment(junior, "ada", 7, PLAIN)  # no mentoring cue
    w.review_comment(junior, "ada", 8, DEFECT)
    metrics = run(w)
    assert rows(metrics, "mentoring.feedback") == []
    assert rows(metrics, "mentoring.praise") == []


def test_mentoring_is_only_on_pull_requests() -> None:
    w = World()
    issue = w.issue("dee", 9, repo="acme/web")
    w.comment(issue, "ada", 1, MENTOR)
    assert rows(run(w), "mentoring.feedback") == []
