"""recurring_problem and repeated_feedback: three of a kind in the window, and what does not make three."""

from __future__ import annotations

import pandas as pd

from metrics.textclass import classify_texts
from metrics.textclass.feedback import feedback_kinds
from tests.metrics.builders import MAINTAIN, PLAIN, World, at
from tests.metrics.opportunities import items, opportunities, rows


def _flaky(w: World, numbers: tuple[int, ...], *, repo: str = "acme/web", label: str = "flaky-ci") -> None:
    for index, number in enumerate(numbers):
        w.issue("dee", number, repo=repo, hours=10 * index, labels=[label.upper() if index else label, "bug"])


def test_three_issues_of_one_label_no_retro_mentions_are_a_chance_for_the_whole_team() -> None:
    w = World()
    _flaky(w, (1, 2, 3))
    reason = (
        "3 issues labelled 'flaky-ci' since 2025-03-03 that no retrospective mentions: "
        "acme/web#1, acme/web#2, acme/web#3"
    )
    assert rows(w, "recurring_problem", until=100) == [
        ("cy", "label:flaky-ci", reason),
        ("dee", "label:flaky-ci", reason),
    ]
    found = opportunities(w, until=100)
    assert set(found["since"]) == {at(20)}  # the third issue made it recurring
    assert set(found["url"]) == {"https://github.com/acme/web/pull/3#issue-1003"}


def test_two_repeats_generic_labels_and_issues_outside_the_window_are_no_pattern() -> None:
    w = World()
    _flaky(w, (1, 2))
    assert items(w, "recurring_problem", until=100) == set()  # two, not three
    assert items(w, "recurring_problem", until=100, behaviours={"recurring_problem_issues": 2}) == {
        "label:flaky-ci"
    }
    generic = World()
    _flaky(generic, (1, 2, 3), label="bug")
    assert items(generic, "recurring_problem", until=100) == set()
    custom = World()
    _flaky(custom, (1, 2, 3))
    labels = ["flaky-ci", "bug"]
    assert items(custom, "recurring_problem", until=100, behaviours={"generic_labels": labels}) == set()
    windowed = opportunities(custom, until=100, since=5)  # the first issue is before the window
    assert "label:flaky-ci" not in set(windowed["item"])
    assert items(custom, "recurring_problem", until=15) == set()  # the third is after the window end


def test_issues_a_retrospective_references_do_not_count() -> None:
    for mention in (
        "the flaky job again (#2)",
        "acme/web#2 keeps failing",
        "https://github.com/acme/web/issues/2",
    ):
        w = World()
        _flaky(w, (1, 2, 3))
        retro = w.retro("cy", 9, repo="acme/web", hours=50)
        w.retro_item(retro, "dee", 50, mention)
        assert items(w, "recurring_problem", until=100) == set(), mention
        assert items(w, "recurring_problem", until=45) == {"label:flaky-ci"}, (
            "a retro after the end does not count"
        )
    elsewhere = World()
    _flaky(elsewhere, (1, 2, 3))
    other = elsewhere.retro("ada", 9, repo="acme/payments", hours=50)
    elsewhere.retro_item(other, "ada", 50, "#2 keeps failing")  # #2 of acme/payments: another issue
    assert items(elsewhere, "recurring_problem", until=100) == {"label:flaky-ci"}


def test_github_and_jira_issues_pool_per_team_and_jira_keys_are_references() -> None:
    w = World()
    w.issue("bob", 1, labels=["slow-build"])
    w.jira_issue("PAY-1", "ada", labels=["Slow-Build"], hours=5)
    w.jira_issue("PAY-2", "finn", labels=["slow-build"], hours=6)
    assert items(w, "recurring_problem", until=100) == {"label:slow-build"}
    retro = w.retro("ada", 9, hours=50)
    w.retro_item(retro, "bob", 50, "PAY-2: builds take 20 minutes")
    assert items(w, "recurring_problem", until=100) == set()


NAMING = "naming feedback on 3 pull requests of other people: acme/payments#1, acme/web#2, acme/web#3"


def _naming(w: World, authors: tuple[str, ...], by: str = "ada") -> list[str]:
    prs = []
    for number, author in enumerate(authors, start=1):
        pr = w.pr(author, number, repo="acme/payments" if number == 1 else "acme/web", hours=number)
        w.review_comment(pr, by, number + 1, MAINTAIN)
        prs.append(pr)
    return prs


def test_the_same_feedback_on_three_pull_requests_of_others_is_a_chance_to_automate_it() -> None:
    w = World()
    prs = _naming(w, ("bob", "cy", "dee"))
    w.review_comment(prs[0], "ada", 10, MAINTAIN)  # again on the same PR: still three PRs
    assert rows(w, "repeated_feedback", until=100) == [("ada", "feedback:naming", NAMING)]
    found = opportunities(w, until=100)
    assert set(found["since"]) == {at(4)} and set(found["behaviours"]) == {("improvement",)}


def test_two_repeats_own_bot_and_issue_feedback_and_other_kinds_are_no_pattern() -> None:
    w = World()
    _naming(w, ("bob", "cy"))
    assert items(w, "repeated_feedback", until=100) == set()  # two, not three
    own = World()
    _naming(own, ("bob", "cy", "ada"))
    assert items(own, "repeated_feedback", until=100) == set()  # the third is ada's own pull request
    bot = World()
    _naming(bot, ("bob", "cy", "dependabot[bot]"))
    assert items(bot, "repeated_feedback", until=100) == set()
    issue = World()
    _naming(issue, ("bob", "cy"))
    on_issue = issue.issue("dee", 9, repo="acme/web")
    issue.comment(on_issue, "ada", 5, MAINTAIN)
    assert items(issue, "repeated_feedback", until=100) == set()
    mixed = World()
    prs = _naming(mixed, ("bob", "cy"))
    third = mixed.pr("dee", 3, repo="acme/web")
    mixed.review_comment(third, "ada", 5, "Please add a docstring explaining the retry policy.")
    mixed.review_comment(prs[0], "ada", 6, PLAIN)
    assert items(mixed, "repeated_feedback", until=100) == set()  # documentation is another kind


def test_feedback_counts_in_the_window_only_and_excluded_people_get_nothing() -> None:
    w = World()
    _naming(w, ("bob", "cy", "dee"))
    assert items(w, "repeated_feedback", until=3.5) == set()  # the third came after the end
    assert "feedback:naming" not in set(opportunities(w, until=100, since=2.5)["item"])
    assert items(w, "repeated_feedback", until=100, access={"exclude": ["ada"]}) == set()
    excluded_author = World()
    _naming(excluded_author, ("bob", "cy", "finn"))
    assert items(excluded_author, "repeated_feedback", until=100, access={"exclude": ["finn"]}) == set()


def test_feedback_kinds_name_what_maintainability_feedback_is_about() -> None:
    texts = pd.Series(
        [
            "Rename this variable to user_id, the name is confusing.",
            "nit: typo in the log line, recieve -> receive",
            "Please add a docstring explaining the retry policy.",
            "This branch has no test.",
            "The indentation is off here, please run black.",
            "Extract this into a helper, it is duplicated in three places.",
            "This leaks the connection when the request fails.",
            "Why do we need this?",
        ]
    )
    labels = classify_texts(texts)["label"]
    kinds = feedback_kinds(texts, labels).tolist()
    assert kinds[:6] == ["naming", "typos", "documentation", "tests", "formatting", "structure"]
    assert kinds[6:] == [None, None]  # a defect that is not about tests, a question: no kind
    assert feedback_kinds(texts, pd.Series("other", index=texts.index)).isna().all()
