"""Quotes: the act's own words, cut at a word; for a bare review, its most telling inline comment."""

from __future__ import annotations

import pandas as pd

from metrics.quotes import EXCERPT_CHARS, excerpt, quoted, quoting_events, strongest_quoted
from tests.metrics.builders import DEFECT, DESIGN, MAINTAIN, World, run


def test_a_bare_review_quotes_its_defect_comment_before_earlier_lighter_ones() -> None:
    w = World()
    pr = w.pr("dee", 1)
    review = w.review(pr, "ada", 3, "CHANGES_REQUESTED", text="")
    w.review_comment(pr, "ada", 2.0, MAINTAIN, review=review)  # first, but lighter
    w.review_comment(pr, "ada", 2.1, DESIGN, thread="T2", review=review)
    w.review_comment(pr, "ada", 2.2, DEFECT, thread="T3", review=review)
    w.review_comment(pr, "bob", 2.3, DEFECT + " Also this one.", thread="T4")  # not ada's review
    metrics = run(w)
    mine = metrics.evidence[(metrics.evidence["person"] == "ada") & (metrics.evidence["kind"] == "review")]
    classes = metrics.evidence.drop_duplicates("event_id").set_index("event_id")["text_class"]
    out = quoted(mine, metrics.events, metrics.items, redact_text=False, classes=classes)
    assert set(out["quote"]) == {DEFECT} and set(out["quote_from"]) == {"inline"}
    hidden = quoted(mine, metrics.events, metrics.items, redact_text=True, classes=classes)
    assert hidden["quote"].isna().all() and hidden["title"].isna().all()


def test_excerpts_are_cut_at_a_word_with_an_ellipsis() -> None:
    long = "word " * 40 + "supercalifragilistic " * 10
    cut = excerpt(long)
    assert cut is not None and len(cut) <= EXCERPT_CHARS and cut.endswith("…")
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # ends where a word ends
    assert excerpt("fix `a|b` <x>\n```\ncode\n```\nthen") == "fix `a|b` <x> [code] `code` then"


def test_a_quote_keeps_inline_code_and_shows_the_first_line_of_a_code_block() -> None:
    suggestion = (
        "Suggest pulling the timeout from config:\n\n```suggestion\ntimeout = settings.timeout_s\n```"
    )
    assert (
        excerpt(suggestion)
        == "Suggest pulling the timeout from config: [suggestion] `timeout = settings.timeout_s`"
    )
    block = "Use a context manager for `pool`:\n```python\nwith pool() as conn:\n    run(conn)\n```"
    assert excerpt(block) == "Use a context manager for `pool`: [code] `with pool() as conn:` …"
    long = "```\n" + "x = 1; " * 20 + "\n```"
    assert excerpt(long) == "[code] `" + ("x = 1; " * 20)[:59].rstrip() + "` …"
    assert (
        excerpt("{code:java}\nint x = 1;{code} then <!-- a note -->", jira=True) == "[code] `int x = 1;` then"
    )
    assert excerpt("```\nrun(`x`)\n```") == "[code] `run('x')`"  # a backtick inside cannot close the mark
    assert excerpt("Empty block:\n```\n```") == "Empty block: [code]"
    mention = "Live on staging, [~accountid:557058:efe45aef-c931] you are good to go. cc [~bob]"
    assert excerpt(mention, jira=True) == "Live on staging, @someone you are good to go. cc @bob"


def test_words_pasted_on_several_items_are_one_example_not_several() -> None:
    w = World()
    for number in (1, 2, 3):
        pr = w.pr("dee", number)
        w.review_comment(pr, "ada", number + 0.5, DEFECT if number < 3 else DEFECT.upper())  # same words
    other = w.pr("dee", 4)
    w.review_comment(other, "ada", 0.2, MAINTAIN)
    metrics = run(w)
    mine = metrics.evidence[
        (metrics.evidence["person"] == "ada") & (metrics.evidence["behaviour"] == "reviewing")
    ]
    assert mine["item"].nunique() == 4
    top = strongest_quoted(mine, 3, metrics.events, metrics.items, redact_text=False)
    quotes = sorted(quote.lower() for quote in top["quote"])
    assert quotes == sorted([DEFECT.lower(), MAINTAIN.lower()])  # the repeat (any case) is shown once
    assert top["strength"].is_monotonic_decreasing
    hidden = strongest_quoted(mine, 3, metrics.events, metrics.items, redact_text=True)
    assert len(hidden) == 3 and hidden["quote"].isna().all()  # no words shown: nothing is a repeat


def test_quotes_from_the_events_quoting_reads_are_those_from_every_event() -> None:
    """:func:`quoting_events` keeps the acts and the inline review comments on their items only: the
    quotes (own words, a bare review's inline comment) and titles are those quoted from every event."""
    w = World()
    pr = w.pr("dee", 1)
    review = w.review(pr, "ada", 3, "CHANGES_REQUESTED", text="")
    w.review_comment(pr, "ada", 2.0, MAINTAIN, review=review)
    w.review_comment(pr, "ada", 2.2, DEFECT, thread="T3", review=review)
    w.review_comment(pr, "bob", 2.3, DESIGN, thread="T4")
    for number in (2, 3):
        w.review_comment(w.pr("dee", number), "ada", number + 0.5, DESIGN if number == 2 else DEFECT)
    w.pr("cy", 9)  # an item none of the acts is on
    metrics = run(w)
    mine = metrics.evidence[metrics.evidence["person"] == "ada"]
    classes = mine.drop_duplicates("event_id").set_index("event_id")["text_class"]
    few = quoting_events(metrics.events, mine)
    assert len(few) < len(metrics.events) and set(few["item"]) <= set(mine["item"])
    for _, rows in mine.groupby("behaviour"):
        every = strongest_quoted(rows, 3, metrics.events, metrics.items, redact_text=False, classes=classes)
        some = strongest_quoted(rows, 3, few, metrics.items, redact_text=False, classes=classes)
        pd.testing.assert_frame_equal(every, some)
    assert "inline" in set(quoted(mine, few, metrics.items, redact_text=False, classes=classes)["quote_from"])
