"""Unit tests of the text classifier on hand-written examples (not the labelled data set)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from metrics.textclass import CUES, LABELS, TextClass, behaviours_for, classify, classify_texts
from metrics.textclass.model import Weights, classify_frame, default_weights, match_all
from metrics.textclass.patterns import CUE_PATTERNS, FEATURES
from metrics.textclass.tokens import ngram_hits, ngrams

CLASS_EXAMPLES = [
    ("defect", "This will crash with a KeyError when the port is None."),
    ("defect", "There is a race here: the lock is released before the write, so this can fail."),
    ("defect", "This leaks the file handle on the error path; it is never closed."),
    ("maintainability", "nit: typo in the docstring"),
    ("maintainability", "Please rename this variable, the name is confusing."),
    ("maintainability", "max_retries"),
    ("maintainability", "ditto"),
    ("design", "I'd rather use a strategy object here instead of the long if/elif chain; better approach."),
    ("design", "You could just use a dict lookup for this, something like a mapping from type to handler."),
    ("question", "Why do we need this?"),
    ("question", "What happens if the list is empty? I'm not sure I understand."),
    ("praise", "Nice, thanks for cleaning this up!"),
    ("praise", "nice use of the context manager here, much cleaner than the try/finally"),
    ("defect", "This is a security hole: SQL injection via the name parameter"),
    ("defect", "unbounded retries can take down the upstream"),
    ("design", "why not reuse the existing retry helper?"),
]


@pytest.mark.parametrize(("label", "text"), CLASS_EXAMPLES)
def test_class_examples(label: str, text: str) -> None:
    result = classify(text)
    assert result.label == label, result.reason
    assert result.reason.startswith(f"{label}: ")


@pytest.mark.parametrize("text", [None, "", "   \n"])
def test_missing_or_blank_text_is_other(text: str | None) -> None:
    result = classify(text)
    assert result == TextClass(label="other", cues=frozenset(), reason="other: empty text")


def test_text_without_any_class_cue_is_other() -> None:
    result = classify("Deployed to the staging environment at 10:00, all green there today as planned")
    assert result.label == "other"
    assert result.reason == "other: no class cue matched"


def test_reason_quotes_the_matched_words() -> None:
    result = classify("This will CRASH when the value is None")
    assert result.label == "defect"
    assert "'crash' (crash/blow up)" in result.reason
    assert "'none' (none/null)" in result.reason


def test_reason_names_the_risk_first() -> None:
    result = classify("This is a security hole: SQL injection via the name parameter")
    assert result.reason.startswith("defect: security risk '")
    assert "risk" in result.cues
    leaked = classify("We log the API key in plain text.")
    assert leaked.label == "defect"
    assert leaked.reason.startswith("defect: security risk 'log the api key'")


def test_a_question_about_a_risk_stays_a_question_and_raises_it() -> None:
    result = classify("Is this safe with concurrent writes? It looks racy.")
    assert result.label == "question"
    assert "risk" in result.cues
    assert "concurrency risk 'concurrent writes'" in result.reason


def test_reason_quotes_ngrams_with_placeholders_written_out() -> None:
    result = classify("rename `tmp` to `pending_orders`")
    assert result.label == "maintainability"
    assert result.reason.startswith("maintainability: 'rename' (naming)")
    assert "xcode" not in result.reason


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("LGTM", "approval"),
        ("Thanks!", "thanks"),
        ("Good catch, fixed.", "approval, done"),
        ("rebased on main", "rebase"),
        ("👍", "emoji or punctuation only"),
        ("@alice PTAL", "ping"),
    ],
)
def test_acknowledgements_are_other_without_cues(text: str, kinds: str) -> None:
    assert classify(text) == TextClass(
        label="other", cues=frozenset(), reason=f"other: acknowledgement ({kinds})"
    )


def test_an_opening_acknowledgement_does_not_decide_the_class() -> None:
    assert classify("Thanks! One more thing: the file handle is never closed.").label == "defect"
    assert classify("LGTM, but the lock is never released on the error path.").label == "defect"
    assert classify("Done: migrated the first two services.").cues == {"status_update"}


def test_tokens_use_placeholders_for_code_links_numbers_and_questions() -> None:
    rows, grams = ngrams(
        pa.array(["see https://x.org/a, `foo` or foo_bar() in 2.68?"], type=pa.large_string())
    )
    words = [gram for gram in grams.to_pylist() if " " not in gram]
    assert words == ["xs", "see", "xurl", "xcode", "or", "xcode", "in", "xnum", "xq"]
    assert "xs see" in grams.to_pylist()
    assert set(rows.tolist()) == {0}


def test_ngrams_are_stems_so_that_inflections_share_one_feature() -> None:
    texts = ["It fails here.", "it failed again", "Failing tests", "why?"]
    rows, grams = ngrams(pa.array([text.lower() for text in texts], type=pa.large_string()))
    table = pd.DataFrame({"row": rows, "gram": grams.to_pylist()})
    assert set(table.loc[table["gram"] == "fail", "row"]) == {0, 1, 2}
    assert {"xs fail", "fail test", "xs whi", "whi xq"} <= set(table["gram"])
    assert {"xs", "xq"} <= set(table["gram"])  # placeholders are never stemmed


def _ngram_only_weights(grams: dict[str, float]) -> Weights:
    """No lexicon weight at all; the given n-grams for maintainability (so only they decide)."""
    labels = default_weights().labels
    column = labels.index("maintainability")
    matrix = np.zeros((len(grams), len(labels)))
    matrix[:, column] = list(grams.values())
    return Weights(
        labels,
        tuple(FEATURES),
        np.zeros(len(labels)),
        np.zeros((len(FEATURES), len(labels))),
        tuple(grams),
        matrix,
    )


def test_reasons_quote_the_words_of_the_text_never_the_stems() -> None:
    weights = _ngram_only_weights({"realli necessari": 3.0, "xs mayb": 2.0, "retri": 1.0, "xcode xq": 0.5})
    texts = pd.Series(["Maybe the retries are really necessary for `foo`?", "Retrying is really NECESSARY"])
    reasons = classify_frame(texts, weights)["reason"].tolist()
    assert reasons[0] == ("maintainability: 'really necessary', 'maybe' (opening), 'retries'"), reasons[0]
    assert reasons[1] == "maintainability: 'really necessary', 'retrying'", reasons[1]


def test_ngram_hits_keep_where_each_ngram_was_found_first() -> None:
    lowered = pa.array(["xs", "a retry, then retries and a retry"], type=pa.large_string())
    hits = ngram_hits(lowered, ("retri", "a retri"))
    found = sorted(zip(hits.rows.tolist(), hits.ids.tolist(), hits.at.tolist(), strict=True))
    words = hits.words.to_pylist()
    assert [(row, gram) for row, gram, _ in found] == [(1, 0), (1, 1)]  # each (text, n-gram) once
    assert [words[at] for _, _, at in found] == ["retry", "a"]
    assert words[found[1][2] + 1] == "retry"


CUE_EXAMPLES = [
    ("suggestion", "```suggestion\nreturn value\n```"),
    ("suggestion", "Consider extracting a helper."),
    ("suggestion", "You could return early here."),
    ("suggestion", "What about a dataclass?"),
    ("suggestion", "nit: trailing space"),
    ("explanation", "We retry here because the API is flaky."),
    ("explanation", "Sort the keys so that the output is stable."),
    ("explanation", "The reason is that the cache is shared."),
    ("explanation", "This means every caller pays for it."),
    ("docs_link", "See https://docs.python.org/3/library/typing.html for the details."),
    ("docs_link", "Follow https://github.com/acme/handbook/blob/main/guide/errors.md please."),
    ("docs_link", "This is what RFC 7231 says about it."),
    ("risk", "This is a breaking change for old clients."),
    ("risk", "Risk of data loss if the migration runs twice."),
    ("risk", "Looks like a security issue: the token is logged."),
    ("risk", "We will miss the deadline if this slips again."),
    ("risk", "This caused an outage last time; watch for a regression."),
    ("status_update", "Update: the fix is merged, next steps are the docs."),
    ("status_update", "ETA Friday."),
    ("status_update", "Blocked on the infra team."),
    ("status_update", "Done: migrated the first two services."),
    ("status_update", "Status: in review."),
    ("acknowledges_report", "Thanks for the report. The refund path misses a check for `due_at`."),
    ("acknowledges_report", "Good catch: the lock is never released on the error path."),
    ("acknowledges_report", "Yes, that's a bug: the cursor is never closed."),
    ("acknowledges_report", "I can reproduce this on main: `parse` gets an empty payload and crashes."),
    ("acknowledges_report", "You're right, this leaks the connection when the upload fails."),
]


@pytest.mark.parametrize(("cue", "text"), CUE_EXAMPLES)
def test_cue_examples(cue: str, text: str) -> None:
    assert cue in classify(text).cues


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        ("suggestion", "This looks fine to me."),
        ("explanation", "Renamed."),
        ("docs_link", "See https://github.com/acme/web/pull/12 for the change."),
        ("risk", "Renamed the helper."),
        ("risk", "Add security groups to the instance."),
        ("risk", "This leaks into the next paragraph of the docs."),
        ("status_update", "Please rename this."),
        ("acknowledges_report", "This leaks the connection when the upload fails."),
        ("acknowledges_report", "The report generator swallows the timeout."),
        ("acknowledges_report", "Is this a bug or intended?"),
    ],
)
def test_cue_absent(cue: str, text: str) -> None:
    assert cue not in classify(text).cues


def test_classify_texts_keeps_index_and_columns() -> None:
    texts = pd.Series(["Why?", None, "nit: typo", "LGTM"], index=[10, 7, 3, 99])
    frame = classify_texts(texts)
    assert list(frame.index) == [10, 7, 3, 99]
    assert list(frame.columns) == ["label", "reason", *CUES, "feedback"]
    assert frame["label"].tolist() == ["question", "other", "maintainability", "other"]
    for cue in CUES:
        assert frame[cue].dtype == bool
    assert frame.loc[3, "suggestion"]
    assert set(frame["label"]) <= set(LABELS)


def test_classify_texts_agrees_with_classify() -> None:
    texts = [text for _, text in CLASS_EXAMPLES] + [text for _, text in CUE_EXAMPLES]
    frame = classify_texts(pd.Series(texts))
    for i, text in enumerate(texts):
        single = classify(text)
        row = frame.iloc[i]
        assert (row["label"], row["reason"]) == (single.label, single.reason)
        assert {cue for cue in CUES if row[cue]} == set(single.cues)


def test_empty_series() -> None:
    frame = classify_texts(pd.Series([], dtype="object"))
    assert frame.empty
    assert list(frame.columns) == ["label", "reason", *CUES, "feedback"]


@pytest.mark.parametrize(
    ("label", "cues", "expected"),
    [
        ("defect", [], ["reviewing", "risk_raising"]),
        ("design", [], ["reviewing", "direction"]),
        ("maintainability", [], ["reviewing"]),
        ("praise", [], ["mentoring"]),
        ("question", [], []),
        ("other", [], []),
        ("other", ["suggestion"], ["mentoring"]),
        ("other", ["explanation", "docs_link"], ["mentoring"]),
        ("question", ["risk"], ["risk_raising"]),
        ("other", ["status_update"], ["ownership"]),
        ("defect", ["acknowledges_report"], ["reviewing"]),
        ("defect", ["risk", "acknowledges_report"], ["reviewing"]),
        (
            "maintainability",
            ["suggestion", "risk", "status_update"],
            ["reviewing", "mentoring", "risk_raising", "ownership"],
        ),
    ],
)
def test_behaviours_for(label: str, cues: list[str], expected: list[str]) -> None:
    assert behaviours_for(label, cues) == expected


def test_behaviours_for_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown text class"):
        behaviours_for("bug", [])
    with pytest.raises(ValueError, match="unknown cue"):
        behaviours_for("defect", ["urgent"])


def test_interface_constants() -> None:
    assert LABELS == ("defect", "maintainability", "design", "question", "praise", "other")
    assert CUES == ("suggestion", "explanation", "docs_link", "risk", "status_update", "acknowledges_report")
    assert set(CUE_PATTERNS) == set(CUES)


def test_shipped_weights_cover_every_feature() -> None:
    weights = default_weights()
    assert weights.features == tuple(FEATURES)
    assert (weights.matrix != 0).any(axis=1).all(), "every feature should carry some weight"


def test_shipped_ngrams_are_content_not_function_words() -> None:
    weights = default_weights()
    assert 100 < len(weights.ngrams) < 5000
    assert len(set(weights.ngrams)) == len(weights.ngrams)
    for gram in weights.ngrams:
        assert 1 <= len(gram.split(" ")) <= 2 and gram == gram.strip().lower(), gram
    assert not {"the", "is", "this", "of the", "to be"} & set(weights.ngrams)
    assert (weights.ngram_matrix != 0).any(axis=1).all()


def test_weights_round_trip_and_reject_unknown_features(tmp_path) -> None:
    weights = default_weights()
    path = tmp_path / "w.toml"
    text = weights.to_toml("test")
    path.write_text(text, encoding="utf-8")
    again = Weights.from_toml(path)
    assert (again.matrix == weights.matrix).all()
    assert (again.bias == weights.bias).all()
    assert again.ngrams == weights.ngrams
    assert (again.ngram_matrix == weights.ngram_matrix).all()
    weights_section = text.index("[ngrams]")
    bad = text[:weights_section] + '"no such pattern" = { defect = 1.0 }\n\n' + text[weights_section:]
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match="unknown features"):
        Weights.from_toml(path)
    path.write_text(text + '"some words" = { bug = 1.0 }\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown classes"):
        Weights.from_toml(path)


def test_grouped_matching_is_exact() -> None:
    """Patterns are matched four at a time (their union first): the result equals one pass each."""
    texts = pa.array(
        [s.lower() for _, s in CLASS_EXAMPLES + CUE_EXAMPLES] + ["", "  ", "lgtm", "ok?", "x" * 300],
        type=pa.large_string(),
    )
    patterns = list(FEATURES.values()) + list(CUE_PATTERNS.values())
    grouped = match_all(texts, patterns)
    for j, pattern in enumerate(patterns):
        single = pc.match_substring_regex(texts, pattern).to_numpy(zero_copy_only=False)
        assert (grouped[:, j] == single).all(), pattern


def test_large_inputs_classify_like_small_ones() -> None:
    """Chunks and threads (from a few thousand texts) change nothing in the result."""
    texts = pd.Series([text for _, text in CLASS_EXAMPLES + CUE_EXAMPLES] * 600)  # > one chunk
    big = classify_texts(texts)
    small = pd.concat([classify_texts(texts.iloc[i : i + 999]) for i in range(0, len(texts), 999)])
    pd.testing.assert_frame_equal(big, small)
