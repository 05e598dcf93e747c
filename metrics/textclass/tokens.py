"""Words and word pairs of lower-cased texts, vectorised with pyarrow: the n-gram features of the model.

A text is tokenised the same way when the weights are fitted (:mod:`.fit`) and when they are scored
(:mod:`.model`), by :func:`ngrams` alone. Before splitting into words, things that are never vocabulary
become placeholder words, so that the model learns "a link", "some code", "a number" rather than one
project's URLs and identifiers:

- a link -> ``xurl``; inline code in backticks, and words that look like code (``snake_case``,
  ``dotted.names``, ``calls()``) -> ``xcode``; a number or version -> ``xnum``; a question mark -> ``xq``.

Words are runs of ``[a-z0-9']`` with outer apostrophes trimmed; a text's bigrams join neighbouring words
with one space. The start of every text is the word ``xs``, so that a bigram such as ``xs why`` says
"opens with why".
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Placeholder words (none is an English word or a likely identifier).
START, LINK, CODE, NUMBER, QUESTION = "xs", "xurl", "xcode", "xnum", "xq"

#: (pattern, replacement) applied in order to the lower-cased text before it is split into words.
_REWRITES: tuple[tuple[str, str], ...] = (
    (r"https?://\S+", f" {LINK} "),
    (r"`[^`\n]+`", f" {CODE} "),
    (r"\b([ei])\.([ge])\.", r" \1\2 "),  # e.g., i.e.
    (r"[^\s`'\"(]*(?:[a-z0-9]_[a-z0-9]|[a-z]\.[a-z_]|[a-z0-9]\(|\(\))[^\s`'\",;:]*", f" {CODE} "),
    (r"\b\d+(?:\.\d+)*\b", f" {NUMBER} "),
    (r"\?", f" {QUESTION} "),
)
_SPLIT = r"[^a-z0-9']+"


def words(lowered: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``(row, word)`` of every word of every text, in text order: row numbers and a string array."""
    text = pc.replace_substring_regex(lowered.cast(pa.large_string()), pattern="^", replacement=f"{START} ")
    for pattern, replacement in _REWRITES:
        text = pc.replace_substring_regex(text, pattern=pattern, replacement=replacement)
    lists = pc.split_pattern_regex(text, pattern=_SPLIT)
    flat = pc.utf8_trim(pc.list_flatten(lists), characters="'")
    rows = pc.list_parent_indices(lists).to_numpy()
    keep = pc.greater(pc.utf8_length(flat), 0)
    return rows[keep.to_numpy(zero_copy_only=False)], flat.filter(keep)


def ngrams(lowered: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``(row, n-gram)`` for every word and every pair of neighbouring words of every text."""
    rows, flat = words(lowered)
    if len(flat) < 2:
        return rows, flat
    same_text = rows[1:] == rows[:-1]
    pairs = pc.binary_join_element_wise(
        flat.slice(0, len(flat) - 1), flat.slice(1), pa.scalar(" ", flat.type)
    )
    pairs = pairs.filter(pa.array(same_text))
    return np.concatenate([rows, rows[1:][same_text]]), pa.concat_arrays([flat, pairs])
