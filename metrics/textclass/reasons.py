"""Readable reasons: the risk named and the words that decided a text's class.

A reason reads ``defect: security risk 'sql injection', 'parameter' (interface/signature)`` — the label,
then any named risk with the words that matched, then the (at most :data:`REASON_TOP`) lexicon features
and n-grams that added most to the label's score, strongest first; a phrase is quoted once, for its
strongest feature. A lexicon feature is quoted with the words it matched and its name in brackets
(``'crash' (crash/blow up)``); an n-gram (a stem or a pair of stems, :mod:`.tokens`) with the text's own
words where it was found, the placeholders written out (``<code>``, ``<link>``, ``<number>``, ``?``).

A **wordless** reason (``quote_words=False``, what a store with ``redact_text`` keeps) names the same
things without a word of the text: ``defect: load risk, (race/timing), (none/null)`` — the label, the
risks by name, the lexicon features by name; n-grams, which are words, are left out (``(wording)`` when
only they supported the class). The names are the classifier's own vocabulary, never the text's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .patterns import FEATURES
from .risks import RISKS
from .tokens import CODE, LINK, NUMBER, QUESTION, REDUCED, START, NgramHits
from .weights import Weights

#: How many features or n-grams a reason names at most.
REASON_TOP = 3
_SNIPPET_MAX = 40
_SHOWN = {CODE: "<code>", LINK: "<link>", NUMBER: "<number>", QUESTION: "?", REDUCED: "<reduced>"}


def rank_within(rows: np.ndarray) -> np.ndarray:
    """For sorted row numbers, each entry's place among the entries of its row (0, 1, ...)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
    return np.arange(len(rows)) - np.repeat(starts, np.diff(np.append(starts, len(rows))))


@lru_cache(maxsize=4)
def _ngram_shape(ngrams: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per n-gram, whether it is a word pair and whether it opens the text (a pair ``xs <stem>``)."""
    parts = [gram.split(" ") for gram in ngrams]
    return (
        np.array([len(words) == 2 for words in parts], dtype=bool),
        np.array([words[0] == START for words in parts], dtype=bool),
    )


def _shown(words: np.ndarray) -> np.ndarray:
    """Words with the placeholders written out."""
    out = words.copy()
    for placeholder, shown in _SHOWN.items():
        out[words == placeholder] = shown
    return out


def quote_ngrams(
    hits: NgramHits, ids: np.ndarray, at: np.ndarray, ngrams: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """How a reason quotes n-grams ``ids`` found at words ``at``, and the words alone: the text's own
    words there (``'failed'``, ``'never closed'``, ``'why' (opening)``), never the stems the vocabulary
    holds."""
    pair, opening = _ngram_shape(ngrams)
    pair, opening = pair[ids], opening[ids]
    last = max(len(hits.words) - 1, 0)
    first = _shown(hits.words.take(pa.array(at)).to_numpy(zero_copy_only=False).astype(object))
    second = _shown(
        hits.words.take(pa.array(np.minimum(at + 1, last))).to_numpy(zero_copy_only=False).astype(object)
    )
    joined = np.where(second == "?", first + "?", first + " " + second)
    words = np.where(opening, second, np.where(pair, joined, first))
    return np.where(opening, "'" + words + "' (opening)", "'" + words + "'").astype(object), words


@dataclass(frozen=True)
class Evidence:
    """The features that added most to each row's chosen class: entry i is row ``rows[i]`` and feature
    ``ids[i]`` (lexicon index, or ``len(features) + n-gram index``), by row, strongest first; an
    n-gram's ``at[i]`` is where it was found (:class:`.tokens.NgramHits`), -1 for a lexicon feature.
    ``supported``: per row, whether any feature added to the class at all."""

    rows: np.ndarray
    ids: np.ndarray
    at: np.ndarray
    supported: np.ndarray

    @classmethod
    def collect(
        cls,
        present: np.ndarray,
        hits: NgramHits,
        best: np.ndarray,
        weights: Weights,
        *,
        content: np.ndarray,
        keep: int = REASON_TOP + 2,
    ) -> Evidence:
        """Rank the positive contributions to each row's ``best`` class (``keep`` per row at most)."""
        lex_rows, lex_cols = np.nonzero(present & content)
        rows = np.concatenate([lex_rows, hits.rows])
        ids = np.concatenate([lex_cols, hits.ids + len(weights.features)])
        at = np.concatenate([np.full(len(lex_rows), -1, dtype=np.int64), hits.at])
        contrib = np.concatenate(
            [weights.matrix[lex_cols, best[lex_rows]], weights.ngram_matrix[hits.ids, best[hits.rows]]]
        )
        positive = contrib > 0
        rows, ids, at, contrib = rows[positive], ids[positive], at[positive], contrib[positive]
        order = np.lexsort((-contrib, rows))  # stable: ties keep lexicon before n-grams, by index
        rows, ids, at = rows[order], ids[order], at[order]
        rank = rank_within(rows)
        top = rank < keep
        return cls(rows[top], ids[top], at[top], np.bincount(rows, minlength=len(best)) > 0)


def snippets(texts: pa.Array, pattern: str) -> np.ndarray:
    """The words ``pattern`` matches in each text, whitespace squeezed, a code block's placeholder written
    out (``<code>``), at most 40 characters."""
    found = pc.fill_null(pc.extract_regex(texts, pattern=f"(?P<m>{pattern})").field("m"), "")
    found = pc.utf8_trim_whitespace(pc.replace_substring_regex(found, pattern=r"\s+", replacement=" "))
    found = pc.replace_substring_regex(found, pattern=rf"\b{CODE}\b", replacement=_SHOWN[CODE])
    return pc.utf8_slice_codeunits(found, 0, _SNIPPET_MAX).to_numpy(zero_copy_only=False).astype(object)


_PLACEHOLDERS = tuple(shown for shown in _SHOWN.values() if shown.startswith("<"))


def _with_placeholder(words: np.ndarray) -> np.ndarray:
    """Which quoted words hold a placeholder (``<code>``, ``see <link>``): never named in a reason."""
    if not len(words):
        return np.zeros(0, dtype=bool)
    series = pd.Series(words, dtype=object).astype(str)
    found = np.zeros(len(words), dtype=bool)
    for placeholder in _PLACEHOLDERS:
        found |= series.str.contains(placeholder, regex=False).to_numpy(dtype=bool)
    return found


def _in_risk_words(rows: np.ndarray, words: np.ndarray, risks: np.ndarray) -> np.ndarray:
    """Which quoted ``words`` the row's named risks already quote ("data-loss risk 'lose data'" makes
    'lose' and 'data' say nothing more)."""
    out = np.zeros(len(rows), dtype=bool)
    for i in np.flatnonzero(risks[rows] != "") if len(rows) else ():
        said = str(risks[rows[i]])
        out[i] = f"'{words[i]}'" in said or f" {words[i]} " in said.replace("'", " ")
    return out


def _stood_for(rows: np.ndarray, words: np.ndarray, size: int) -> np.ndarray:
    """Per row, what the placeholders among its quoted ``words`` stand for, named in brackets as a
    wordless reason names a feature (``(code)``, ``(code, link)``), or ""."""
    out = np.full(size, "", dtype=object)
    series = pd.Series(words, dtype=object).astype(str)
    for placeholder in _PLACEHOLDERS:
        at = np.unique(rows[series.str.contains(placeholder, regex=False).to_numpy(dtype=bool)])
        name = placeholder.strip("<>")
        out[at] = np.where(out[at] == "", name, out[at] + ", " + name)
    return np.where(out == "", "", "(" + out + ")").astype(object)


#: What a wordless reason says when only n-grams (words) supported the class.
WORDING = "(wording)"


def risk_phrases(lowered: pa.Array, risky: np.ndarray, *, quote_words: bool = True) -> np.ndarray:
    """Per row, every named risk present with its words ("security risk 'sql injection'"), or "";
    without ``quote_words``, the risk's name alone ("security risk")."""
    out = np.full(len(lowered), "", dtype=object)
    for j, (name, pattern) in enumerate(RISKS.items()):
        rows = np.flatnonzero(risky[:, j])
        if len(rows):
            if quote_words:
                phrase = f"{name} '" + snippets(lowered.take(pa.array(rows)), pattern) + "'"
            else:
                phrase = np.full(len(rows), name, dtype=object)
            out[rows] = np.where(out[rows] == "", phrase, out[rows] + ", " + phrase)
    return out


def write_reasons(
    scored: pa.Array,
    hits: NgramHits,
    labels: np.ndarray,
    evidence: Evidence,
    risks: np.ndarray,
    weights: Weights,
    *,
    default: str,
    quote_words: bool = True,
) -> np.ndarray:
    """One reason per row: the label, the risks named, then the strongest features; ``default`` where
    the label is ``other`` or nothing supports it. ``scored`` is the text the features were found in,
    ``hits`` the n-grams found in it. Without ``quote_words``, a wordless reason (module docstring):
    ``risks`` must then be wordless too."""
    n_features = len(weights.features)
    keep = labels[evidence.rows] != "other"
    if not quote_words:
        keep &= evidence.ids < n_features  # an n-gram is the text's words: never named
    rows, ids, found_at = evidence.rows[keep], evidence.ids[keep], evidence.at[keep]
    words = np.empty(len(ids), dtype=object)
    shown = np.empty(len(ids), dtype=object)
    lexical = ids < n_features
    for j in np.unique(ids[lexical]).tolist():
        at = np.flatnonzero(ids == j)
        name = weights.features[j]
        if quote_words:
            words[at] = snippets(scored.take(pa.array(rows[at])), FEATURES[name])
            shown[at] = "'" + words[at] + f"' ({name})"
        else:
            words[at] = shown[at] = f"({name})"
    grams = np.flatnonzero(~lexical)
    if len(grams):
        shown[grams], words[grams] = quote_ngrams(
            hits, ids[grams] - n_features, found_at[grams], weights.ngrams
        )
    first = np.ones(len(rows), dtype=bool)  # one feature per quoted phrase per row, the strongest
    first[pd.DataFrame({"row": rows, "words": words}).duplicated().to_numpy()] = False
    placeholder = _with_placeholder(words) if quote_words else np.zeros(len(rows), dtype=bool)
    stood_for = _stood_for(rows[first & placeholder], words[first & placeholder], len(labels))
    first &= ~placeholder  # a placeholder is no word of the comment: never quoted
    first &= ~_in_risk_words(rows, words, risks) if quote_words else True
    rows, shown = rows[first], shown[first]
    rank = rank_within(rows)
    body = np.full(len(labels), "", dtype=object)
    for place in range(REASON_TOP):
        at = rank == place
        body[rows[at]] = shown[at] if place == 0 else body[rows[at]] + ", " + shown[at]
    if not quote_words:  # a class only n-grams supported
        wording = np.zeros(len(labels), dtype=bool)
        wording[evidence.rows[evidence.ids >= n_features]] = True
        body[wording & (body == "")] = WORDING
    body = np.where((body == "") & (risks == ""), stood_for, body)  # only placeholders: what they were
    both = (body != "") & (risks != "")
    text = np.where(both, risks + ", " + body, risks + body)
    out = np.where((text != "") & (labels != "other"), labels.astype(object) + ": " + text, default)
    return out.astype(object)


def wordless(reason: str) -> str:
    """``reason`` with no word of its text: the label, then the risks and lexicon features it names, in
    its order (``defect: load risk 'retries forever', 'none' (none/null), 'later'`` -> ``defect: load
    risk, (none/null)``). For the reasons a store kept before it wrote wordless ones; a reason that
    quotes nothing is returned as it is."""
    if "'" not in reason:
        return reason
    label, _, body = reason.partition(": ")
    found = [(body.find(f"{name} '"), name) for name in RISKS]
    found += [(body.find(f"' ({name})"), f"({name})") for name in FEATURES]
    named = [name for at, name in sorted(found) if at >= 0]
    return f"{label}: {', '.join(named) or WORDING}"
