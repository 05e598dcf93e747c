"""Wordless reasons, what a store with ``redact_text`` keeps: the same class and cues as the quoting
reason, the label, risks and features by name, and no word of the text."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.store import Store, schema
from collectors.store.schema import REDACTED_TEXT
from metrics.textcache import TextClassCache, classifier_version, scrub_redacted_reasons
from metrics.textclass import CUES, classify_texts
from metrics.textclass.patterns import FEATURES
from metrics.textclass.reasons import WORDING, wordless
from metrics.textclass.risks import RISKS

TEXTS = [
    "`sync_batch` swallows the timeout and returns None, so the caller retries forever.",
    "This is a security hole: SQL injection via the `zorblat` parameter",
    "Could we name this `ttl_by_id`? `data` hides what the dict holds.",
    "Alternative approach: let platform own this and expose an event, instead of us polling them.",
    "Slightly simpler: `quuxify(x)`",
    "The inline flange handling needs another look, details inline.",
    "Why not reuse the existing retry helper in grommet_utils?",
    "this branch has no test for the frobnicated widget",
    "Nice refactor, the splined reticulator reads much better now.",
    "LGTM",
    "Update: the wombat part is done, the tests are next. Should be ready tomorrow.",
]
#: The words a wordless reason may use: the label, the classifier's names, its fixed phrases.
NAMES = " ".join([*FEATURES, *RISKS, *CUES, WORDING, "other acknowledgement status report no class cue"])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text.lower()))


@pytest.fixture(scope="module")
def both() -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = pd.Series(TEXTS, dtype=object)
    return classify_texts(texts), classify_texts(texts, quote_words=False)


def test_same_class_and_cues_as_the_quoting_reason(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    quoting, bare = both
    pd.testing.assert_frame_equal(quoting.drop(columns="reason"), bare.drop(columns="reason"))
    assert (quoting["reason"] != bare["reason"]).sum() >= 6  # the quoting ones do quote


def test_names_what_decided_and_no_word_of_the_text(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, bare = both
    vocabulary = _words(NAMES) | {"defect", "maintainability", "design", "question", "praise", "approval"}
    for text, (label, reason) in zip(TEXTS, bare[["label", "reason"]].itertuples(index=False), strict=True):
        assert reason.startswith(f"{label}: ") and "'" not in reason, reason
        assert _words(reason) <= vocabulary, (text, reason)
    assert bare["reason"][0] == "defect: load risk, (race/timing), (none/null), (quoted identifier)"
    assert bare["reason"][1].startswith("defect: security risk")


def test_older_quoting_reasons_are_made_wordless() -> None:
    quoting = classify_texts(pd.Series(TEXTS, dtype=object))["reason"]
    bare = classify_texts(pd.Series(TEXTS, dtype=object), quote_words=False)["reason"]
    assert wordless("maintainability: 'inline', 'look'") == f"maintainability: {WORDING}"
    assert wordless("other: acknowledgement (approval)") == "other: acknowledgement (approval)"
    for old, new in zip(quoting, bare, strict=True):
        assert "'" not in wordless(old) and _words(wordless(old)) <= _words(new) | _words(WORDING), old


QUOTING = "defect: load risk 'retries forever', 'none' (none/null)"


def _write_quoting_classes(store: Store, version: str) -> None:
    """c1 redacted, c2 not; both with a reason that quotes words, as older classifiers wrote."""
    store.write_text_classes(
        pd.DataFrame(
            {
                "event_id": ["github:c1", "github:c2"],
                "text_sha1": [REDACTED_TEXT, "0" * 40],
                "label": ["defect", "defect"],
                "cues": ["risk", "risk"],
                "reason": [QUOTING, QUOTING],
            }
        ),
        version,
    )


def test_a_store_kept_quoting_reasons_of_redacted_texts_reads_them_wordless(store: Store) -> None:
    """Redacted classes written before reasons were kept wordless: read, they quote nothing."""
    _write_quoting_classes(store, classifier_version())
    cache = TextClassCache(store, write=False)
    kept = cache.redacted(pd.Series(["github:c1", "github:c2"]))
    assert kept["reason"].tolist() == ["defect: load risk, (none/null)"]  # c2 is not redacted
    assert bool(kept["risk"].iloc[0])


def test_sync_rewrites_a_store_s_quoting_reasons_of_redacted_texts(store: Store) -> None:
    """After a sync (its warm-up), the store itself no longer holds the words such a reason quoted."""
    _write_quoting_classes(store, "an older classifier")
    assert scrub_redacted_reasons(store) == 1
    with store.engine.connect() as conn:
        kept = dict(
            conn.execute(sa.select(schema.text_classes.c.event_id, schema.text_classes.c.reason)).all()
        )
    assert kept == {"github:c1": "defect: load risk, (none/null)", "github:c2": QUOTING}
    assert scrub_redacted_reasons(store) == 0  # done once
