"""Words and word pairs of lower-cased texts, vectorised with pyarrow: the n-gram features of the model.

A text is tokenised the same way when the weights are fitted (:mod:`.fit`, through :func:`ngrams`) and
when they are scored (:mod:`.model`, through :func:`ngram_hits`). Before splitting into words, things
that are never vocabulary become placeholder words, so that the model learns "a link", "some code",
"a number" rather than one project's URLs and identifiers:

- a link -> ``xurl``; inline code in backticks, and words that look like code (``snake_case``,
  ``dotted.names``, ``calls()``) -> ``xcode``; a number or version -> ``xnum``; a question mark -> ``xq``.

Words are runs of ``[a-z0-9']`` with outer apostrophes trimmed; the start of every text is the word
``xs``, so that a bigram such as ``xs whi`` says "opens with why". The vocabulary is made of the words'
stems (the Snowball English stemmer, PyStemmer): "fails", "failed" and "failing" are one feature,
``fail``, which a few hundred labelled comments could not learn three times. A text's bigrams join
neighbouring stems with one space. Reasons never quote a stem: :class:`NgramHits` keeps where each
n-gram was found, and a reason quotes the text's own words there.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import Stemmer

#: Placeholder words (none is an English word or a likely identifier; the stemmer leaves them as they are).
START, LINK, CODE, NUMBER, QUESTION = "xs", "xurl", "xcode", "xnum", "xq"
#: What stands for the words a text describes as reduced or denied ("fewer races": :mod:`.risks`).
REDUCED = "xgone"

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
_OPENING = pa.scalar(f"{START} ", pa.large_string())
_NOTHING = pa.scalar("", pa.large_string())
_local = threading.local()  # a Stemmer object is not thread-safe: one per thread


def _stemmer() -> Stemmer.Stemmer:
    if not hasattr(_local, "stemmer"):
        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer


def words(lowered: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``(row, word)`` of every word of every text, in text order: row numbers and a string array."""
    text = pc.binary_join_element_wise(_OPENING, lowered.cast(pa.large_string()), _NOTHING)
    for pattern, replacement in _REWRITES:
        text = pc.replace_substring_regex(text, pattern=pattern, replacement=replacement)
    lists = pc.split_pattern_regex(text, pattern=_SPLIT)
    flat = pc.utf8_trim(pc.list_flatten(lists), characters="'")
    rows = pc.list_parent_indices(lists).to_numpy()
    keep = pc.greater(pc.utf8_length(flat), 0)
    return rows[keep.to_numpy(zero_copy_only=False)], flat.filter(keep)


def stems(flat: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct stems of a word array and, per word, the number of its stem in them. Each distinct
    word is stemmed once."""
    encoded = pc.dictionary_encode(flat)
    stemmed = _stemmer().stemWords(encoded.dictionary.to_pylist())
    distinct = pc.dictionary_encode(pa.array(stemmed, type=pa.large_string()))
    codes = distinct.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return distinct.dictionary, codes[encoded.indices.to_numpy(zero_copy_only=False)]


def ngrams(lowered: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``(row, n-gram)`` for every stem and every pair of neighbouring stems of every text."""
    rows, flat = words(lowered)
    names, codes = stems(flat)
    stemmed = names.take(pa.array(codes))
    if len(stemmed) < 2:
        return rows, stemmed
    same_text = rows[1:] == rows[:-1]
    pairs = pc.binary_join_element_wise(
        stemmed.slice(0, len(stemmed) - 1), stemmed.slice(1), pa.scalar(" ", stemmed.type)
    )
    pairs = pairs.filter(pa.array(same_text))
    return np.concatenate([rows, rows[1:][same_text]]), pa.concat_arrays([stemmed, pairs])


@dataclass(frozen=True)
class NgramHits:
    """The vocabulary n-grams present in each text, each (text, n-gram) once: entry i is text
    ``rows[i]`` and n-gram ``ids[i]``, found first at ``words[at[i]]`` (a bigram: and the next word).
    ``words`` are the texts' words, as written, with placeholders (:func:`words`)."""

    rows: np.ndarray
    ids: np.ndarray
    at: np.ndarray
    words: pa.Array

    @classmethod
    def none(cls) -> NgramHits:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty, pa.array([], type=pa.large_string()))


@lru_cache(maxsize=4)
def _ngram_lookup(vocabulary: tuple[str, ...]) -> tuple[pa.Array, np.ndarray, np.ndarray, np.ndarray]:
    """The stems of a vocabulary, and per stem its unigram's index (or -1), with the sorted keys
    ``first stem * len(stems) + second stem`` of its bigrams and their indices."""
    split = [gram.split(" ") for gram in vocabulary]
    names = sorted({word for parts in split for word in parts})
    position = {word: i for i, word in enumerate(names)}
    unigram = np.full(len(names), -1, dtype=np.int64)
    keys, ids = [], []
    for i, parts in enumerate(split):
        if len(parts) == 1:
            unigram[position[parts[0]]] = i
        else:
            keys.append(position[parts[0]] * len(names) + position[parts[1]])
            ids.append(i)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return (
        pa.array(names, type=pa.large_string()),
        unigram,
        np.array(keys, dtype=np.int64)[order],
        np.array(ids, dtype=np.int64)[order],
    )


def ngram_hits(lowered: pa.Array, vocabulary: tuple[str, ...]) -> NgramHits:
    """Every vocabulary n-gram (a stem or a pair of neighbouring stems, as :func:`ngrams` makes them)
    present in each text. Stems are looked up once per distinct word, and pairs by their stems'
    numbers, never built as strings."""
    if not vocabulary or len(lowered) == 0:
        return NgramHits.none()
    rows, flat = words(lowered)
    distinct, codes = stems(flat)
    names, unigram, keys, ids = _ngram_lookup(vocabulary)
    known_stems = pc.fill_null(pc.index_in(distinct, value_set=names), -1).to_numpy(zero_copy_only=False)
    word = known_stems.astype(np.int64)[codes] if len(codes) else codes
    known = word >= 0
    uni = np.where(known, unigram[np.where(known, word, 0)], -1)
    pair = (rows[1:] == rows[:-1]) & known[1:] & known[:-1]
    pair_at = np.flatnonzero(pair)
    key = word[pair_at] * len(names) + word[pair_at + 1]
    place = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
    found = keys[place] == key if len(keys) else np.zeros(len(key), dtype=bool)
    uni_at = np.flatnonzero(uni >= 0)
    at = np.concatenate([uni_at, pair_at[found]])
    hit_ids = np.concatenate([uni[uni_at], ids[place[found]]])
    combined, first = np.unique(rows[at].astype(np.int64) * len(vocabulary) + hit_ids, return_index=True)
    return NgramHits(combined // len(vocabulary), combined % len(vocabulary), at[first], flat)
