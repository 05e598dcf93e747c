"""Evidence a skeptical manager can read aloud: who found a defect, which risk the words name, reasons
that quote real words, and code lines cut where a token ends."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from metrics.quotes import CODE_LINE_CHARS, excerpt
from metrics.textclass import classify, classify_texts
from tests.metrics.builders import DEFECT, World, rows, run

ACKNOWLEDGING = [
    "Thanks for the report. The refund flow path misses a check for `due_at`; a fix is on its way.",
    "Good catch: the connection is never closed on the error path, fixing now.",
    "Yes, that's a bug: the lock is never released when the upload fails.",
    "I can reproduce this on main: `parse` gets an empty payload and crashes.",
    "You're right, this leaks the socket when the request fails.",
]


BARE = ["good catch, fixing", "yes that's a bug, thanks", "Confirmed. Looking into it."]


@pytest.mark.parametrize("text", BARE)
def test_a_bare_acknowledgement_of_a_bug_report_is_no_class(text: str) -> None:
    found = classify(text)
    assert (found.label, found.cues) == ("other", frozenset()), found


@pytest.mark.parametrize("text", ACKNOWLEDGING)
def test_a_reply_acknowledging_a_report_carries_the_cue(text: str) -> None:
    assert "acknowledges_report" in classify(text).cues


def test_acknowledging_someone_elses_bug_report_finds_no_defect_for_the_replier() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.review_comment(pr, "cy", 1, DEFECT)  # cy finds it
    w.review_comment(pr, "ada", 2, "Good catch, " + DEFECT[0].lower() + DEFECT[1:], thread="T1")
    w.review_comment(pr, "dee", 3, ACKNOWLEDGING[4], thread="T2")
    metrics = run(w)
    assert [person for person, _ in rows(metrics, "risk_raising.defect_review")] == ["cy"]
    assert [person for person, _ in rows(metrics, "risk_raising.risk_comment")] == ["cy"]
    whys = metrics.evidence.set_index("person")["why"].astype(str)
    repliers = " ".join(whys.loc[["ada", "dee"]])  # they still get credit for reviewing, not for finding
    assert "finds a defect" not in repliers and "names a risk" not in repliers
    assert "names a risk" in " ".join(whys.loc[["cy"]])


def test_a_triage_reply_on_a_reported_issue_is_not_a_defect_found() -> None:
    w = World()
    issue = w.issue("bob", 1, title="Crash in render_total", body="It crashes when the cart is empty.")
    w.comment(issue, "ada", 30, ACKNOWLEDGING[0])  # the first response, after 30 h
    evidence = run(w).evidence
    mine = evidence[evidence["person"] == "ada"]
    assert not mine.empty
    assert not mine["why"].astype(str).str.contains("finds a defect|names a risk").any()


@pytest.mark.parametrize(
    ("text", "risk", "not_named"),
    [
        (
            "Tip: retries without jitter make every client retry at the same moment after an outage. "
            "Adding jitter spreads them out.",
            "load risk 'without jitter'",
            "production risk",
        ),
        ("Heads-up: this touches the refund flow two days before the release freeze.", "deadline risk", ""),
        ("Please land this before the code freeze on Friday.", "deadline risk 'code freeze'", ""),
        ("If this slips past the ship date we lose the launch slot.", "deadline risk 'ship date'", ""),
        ("This has to merge before the cut or it waits a month.", "deadline risk 'before the cut'", ""),
        ("This is risky: it caused an outage last time.", "production risk", ""),
    ],
)
def test_the_named_risk_is_the_one_the_words_say(text: str, risk: str, not_named: str) -> None:
    found = classify(text)
    assert "risk" in found.cues and risk in found.reason, found
    assert not not_named or not_named not in found.reason, found


def test_a_risk_comment_quotes_the_named_risk_not_the_first_risky_word() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(pr, "ada", 1, "Retries without jitter all fire at the same moment after an outage.")
    assert rows(run(w), "risk_raising.risk_comment") == [
        ("ada", "named a risk on acme/payments#1: load risk 'without jitter'")
    ]


REASON_TEXTS = [
    "Suggest pulling the timeout from config:\n```suggestion\ntimeout = settings.cursor_timeout_s\n```",
    "Lena, suggest a set here, since we only test membership:\n```suggestion\nseen = set()\n```",
    "Retries without jitter make every client retry together, see https://sre.google/sre-book/overload/",
    "This is the same as `foo_bar` in `baz_qux`: `a.b()` and `c.d()`.",
    "Use 30 s, not 3000 ms: `timeout_ms` is read as seconds.",
    "What I was looking for was this around L2059:\n\n    if resource_request:\n        x = y.z\n",
]


@pytest.mark.parametrize("quote_words", [True, False])
def test_a_reason_never_names_a_placeholder(quote_words: bool) -> None:
    frame = classify_texts(pd.Series(REASON_TEXTS), quote_words=quote_words)
    for reason, label in zip(frame["reason"], frame["label"], strict=True):
        assert not re.search(r"<(?:code|link|number|reduced)>|\bx(?:code|url|num|gone|q)\b", reason), reason
        assert reason.startswith(f"{label}: ") and reason != f"{label}: ", reason


def test_a_reason_supported_only_by_code_says_so_in_words() -> None:
    found = classify(REASON_TEXTS[5])  # only the code placeholder supports its class
    assert found.reason == f"{found.label}: (code)" and found.label != "other", found


def test_a_long_suggestion_line_is_cut_where_a_token_ends() -> None:
    line = 'amount = Decimal(raw).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)'
    quote = excerpt(f"Suggest this:\n```suggestion\n{line}\n```")
    assert quote is not None
    shown = re.search(r"`([^`]*)` …$", quote)
    assert shown is not None, quote
    assert len(shown.group(1)) < CODE_LINE_CHARS and line.startswith(shown.group(1))
    rest = line[len(shown.group(1)) :]
    assert rest[:1] in {" ", ""} or shown.group(1)[-1] in ",;([{", (shown.group(1), rest)
    assert shown.group(1) == 'amount = Decimal(raw).quantize(Decimal("0.01"),'


def test_a_code_line_without_a_boundary_is_cut_hard_with_an_ellipsis() -> None:
    quote = excerpt("See:\n```\n" + "x" * 100 + "\n```")
    assert quote is not None and quote.endswith("` …") and "x" * (CODE_LINE_CHARS - 1) in quote
