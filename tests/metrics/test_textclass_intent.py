"""Table-driven: what a comment does beside its words' class (agrees, teaches, suggests, makes a new point).

Each table has near-misses that must keep their class: agreement followed by a new point, a suggestion
that names a failure, an acknowledgement followed by a finding of one's own. The texts are written for
this test, not taken from the labelled data set.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard.commands.classify import classify_stream
from metrics.textclass import classify_texts

#: Replies that agree and raise nothing new: no behaviour, neither a defect found nor praise.
AGREEMENTS = [
    "Makes sense. The parser already has most of it; the missing part is `flush_batch`.",
    "Makes sense, the missing piece is the retry.",
    "Agreed, this needs attention before the next release. I'll put it on the board as PAY-12.",
    "Sounds good, I'll open a ticket for it.",
    "Fair point; let's discuss it in the next design review.",
]
#: ... unless they go on: a contrast, an addition or a question is classified on its words.
AGREEMENT_THEN_POINT = [
    ("Makes sense, but the lock is never released on the error path.", "defect"),
    ("Agreed. One more thing: the file handle is never closed.", "defect"),
    ("Makes sense. Should we also cover the empty list?", None),
]

#: Tips, conventions explained and suggestions that name no failure: mentoring, never a defect found.
TEACHING = [
    "Tip, Lena: we validate `user_id` at the API edge and nowhere else, so that the inner functions can "
    "trust their inputs. The handbook page: https://wiki.example.com/eng/handbook/validation",
    "Suggest a guard clause here:\n\n```suggestion\nif not items:\n    return []\n```",
    "Consider an early return here, so that the happy path reads first.",
    "FYI, we keep money in integer cents because floats cannot hold 0.10 exactly.",
    "Worth knowing: we add columns empty and backfill them in batches, because adding a column with a "
    "default rewrites the whole table.",
]
#: ... a suggestion that names a failure is still a defect found.
SUGGESTED_FIXES = [
    "Suggest a guard clause here: `items[0]` raises IndexError on an empty list.",
    "Consider this case: the lock is never released when `fetch` fails.",
]

#: An acknowledgement, then a finding of the reviewer's own: the finding counts (reviewing, a defect).
ACK_THEN_FINDING = [
    "Thanks, fixed. One more: the file handle is never closed.",
    "Done, thanks. Also, the connection leaks when the request fails.",
    "Good catch, thanks. One more thing: the connection leaks when the request fails.",
]


def _classified(texts: list[str]) -> dict[str, dict]:
    lines = "".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(texts))
    sink = io.BytesIO()
    result = classify_stream(io.BytesIO(lines.encode()), sink)
    assert result.written == len(texts) and result.problems == []
    return {texts[row["id"]]: row for row in map(json.loads, sink.getvalue().decode().splitlines())}


@pytest.fixture(scope="module")
def classified() -> dict[str, dict]:
    """Every text of the tables through `footprint classify`'s stream, by text."""
    texts = AGREEMENTS + [text for text, _ in AGREEMENT_THEN_POINT] + TEACHING + SUGGESTED_FIXES
    return _classified(texts + ACK_THEN_FINDING)


@pytest.mark.parametrize("text", AGREEMENTS)
def test_an_agreement_is_no_evidence(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] == "other" and row["behaviours"] == [], row
    assert row["reason"] == "other: agreement, no new point", row


@pytest.mark.parametrize(("text", "label"), AGREEMENT_THEN_POINT)
def test_an_agreement_that_goes_on_is_classified(classified: dict[str, dict], text: str, label: str) -> None:
    row = classified[text]
    assert row["label"] != "other", row
    if label:
        assert row["label"] == label and "reviewing" in row["behaviours"], row


@pytest.mark.parametrize("text", TEACHING)
def test_teaching_is_mentoring_not_a_defect(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] in ("maintainability", "design"), row
    assert "mentoring" in row["behaviours"], row


def test_a_tip_that_explains_a_risk_still_names_it(classified: dict[str, dict]) -> None:
    row = classified[TEACHING[-1]]
    assert "risk_raising" in row["behaviours"] and "migration risk '" in row["reason"], row


@pytest.mark.parametrize("text", SUGGESTED_FIXES)
def test_a_suggestion_naming_a_failure_is_a_defect(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] == "defect" and "reviewing" in row["behaviours"], row


@pytest.mark.parametrize("text", ACK_THEN_FINDING)
def test_a_finding_after_an_acknowledgement_counts(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] == "defect" and "reviewing" in row["behaviours"], row


def test_a_new_point_lifts_the_acknowledged_report_cue() -> None:
    frame = classify_texts(pd.Series(["Good catch, this leaks the connection.", ACK_THEN_FINDING[2]]))
    assert frame["acknowledges_report"].tolist() == [True, False]
    assert frame["risk"].tolist() == [True, True]
