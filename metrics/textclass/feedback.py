"""The kind of maintainability feedback a review comment gives: naming, documentation, tests, ...

An addition beside the classifier, not part of it: :func:`feedback_kinds` reads texts the classifier
already labelled and says what the feedback is about, so that feedback a reviewer keeps giving by hand
can be noticed (the ``repeated_feedback`` opportunity: "suggest a lint rule, a doc or a convention").
Only ``maintainability`` texts have a kind, and ``defect`` texts asking for tests (the classifier files
"this branch has no test" under defect). Each text gets at most one kind, the first of
:data:`FEEDBACK_KINDS` whose words it uses: the specific asks (a typo, a name, a docstring, a test)
come before the general ones (formatting, structure).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Each kind and the words that show it (a regular expression, RE2 syntax, matched without case).
FEEDBACK_KINDS: Final[dict[str, str]] = {
    "typos": r"\b(?:typo\w*|spell\w*|misspel\w*|grammar)\b",
    "naming": r"\b(?:renam\w*|naming|(?:better|clearer|more descriptive|misleading|confusing) name|"
    r"name (?:is|it|this|that)|call (?:it|this)|variable name|function name)\b",
    "documentation": r"\b(?:docstrings?|document\w*|docs?|readme|changelog|release notes?|"
    r"(?:add|needs?|missing|write) (?:a |an )?comment|comment (?:here|explaining|why)|help text)\b",
    "tests": r"\b(?:tests?|unit ?tests?|test cases?|coverage|asserts?|assertions?)\b",
    "formatting": r"\b(?:indent\w*|whitespace|white space|blank lines?|line length|long line|"
    r"formatt\w*|pep ?8|trailing spaces?|spacing|newlines?|black|prettier|isort|lint\w*)\b",
    "typing": r"\b(?:type hints?|type annotations?|annotat\w*|typing|mypy|typed)\b",
    "logging": r"\b(?:log messages?|logging|log level|logger|log line)\b",
    "constants": r"\b(?:magic (?:number|string|value)s?|hard-?coded|constants?)\b",
    "structure": r"\b(?:extract\w*|refactor\w*|duplicat\w*|helper|split (?:this|it|the)|reuse|re-use|"
    r"(?:too|very) long|nested|move (?:this|it) (?:to|into)|separate (?:function|method|module|class))\b",
}
#: Text classes whose feedback has a kind; ``defect`` texts only of the kinds listed with it.
KIND_LABELS: Final[dict[str, tuple[str, ...] | None]] = {"maintainability": None, "defect": ("tests",)}


#: Any kind at all: one pass over every text first, since most feedback has none.
_ANY_KIND: Final = "|".join(f"(?:{pattern})" for pattern in FEEDBACK_KINDS.values())


def feedback_kinds(texts: pd.Series, labels: pd.Series) -> pd.Series:
    """The feedback kind of each text (a key of :data:`FEEDBACK_KINDS`), or None when it has none;
    ``labels`` are the texts' classes (:func:`~metrics.textclass.classify_texts`), same index."""
    out = np.full(len(texts), None, dtype=object)
    labels = labels.reindex(texts.index)
    candidates = np.flatnonzero(labels.isin(list(KIND_LABELS)).to_numpy(dtype=bool))
    if len(candidates):
        arrow = pa.array(
            texts.iloc[candidates].to_numpy(dtype=object), type=pa.large_string(), from_pandas=True
        )
        arrow = pc.fill_null(arrow, "")
        some = pc.match_substring_regex(arrow, _ANY_KIND, ignore_case=True).to_numpy(zero_copy_only=False)
        candidates, arrow = candidates[some], arrow.filter(pa.array(some))
    if not len(candidates):
        return pd.Series(out, index=texts.index, dtype=object)
    candidate_labels = labels.iloc[candidates].to_numpy(dtype=object)
    every_kind = np.isin(candidate_labels, [label for label, only in KIND_LABELS.items() if only is None])
    found = np.full(len(candidates), None, dtype=object)
    for kind, pattern in FEEDBACK_KINDS.items():
        some = [label for label, only in KIND_LABELS.items() if only is not None and kind in only]
        allowed = every_kind | np.isin(candidate_labels, some)
        open_rows = np.flatnonzero(allowed & pd.isna(found))
        if not len(open_rows):
            continue
        hits = pc.match_substring_regex(arrow.take(pa.array(open_rows)), pattern, ignore_case=True)
        found[open_rows[hits.to_numpy(zero_copy_only=False)]] = kind
    out[candidates] = found
    return pd.Series(out, index=texts.index, dtype=object)
