"""The scoring engine: lexicon features and n-grams -> weighted class scores -> label, cues and reason.

A text's score for a class is ``bias[class]`` plus the weights (``weights.toml``, :mod:`.weights`) of
the named lexicon features (:mod:`.patterns`) and of the word stems and pairs of stems (:mod:`.tokens`)
present in it (an opening acknowledgement sentence, "Thanks! ...", is not scored); the label is the
best-scoring class. Rules then apply, in this order:

1. an empty text is ``other``;
2. an acknowledgement or procedural comment (:mod:`.acknowledgements`: "LGTM", "done", "ping", a lone
   emoji) is ``other`` with no cue;
3. a question that proposes an alternative ("why not reuse the retry helper?", "what about a set?")
   is ``design``: it is review feedback, not a request for clarification;
4. a text naming a risk (:mod:`.risks`) is ``defect`` unless it is a question, a design discussion or
   a tip (:mod:`.intent`), and its reason names the risk first; a text that teaches or suggests and
   names no failure (:func:`.intent.teaching`) is never ``defect``: it takes the better of
   maintainability and design;
5. a text in which nothing supports the best class (it won on the bias alone) is ``other``;
6. a status report that opens with its label ("Update: the key part is done, tests next", "ETA:
   Friday") and names no risk is ``other``: a progress note is not review feedback. It keeps its
   ``status_update`` cue, so it still shows ownership; only its words ("tests", "should") no longer
   make it a "defect" found;
7. a reply that opens by agreeing and raises nothing new (:func:`.intent.agreement_only`) and names no
   risk is ``other`` ("other: agreement, no new point"). An opening acknowledgement followed by a new
   point ("Thanks, fixed. One more: ...") does not carry the ``acknowledges_report`` cue.

Everything is vectorised over the whole series: one pyarrow regex pass per pattern (in threads, on
every core, for large inputs), n-gram lookups, scores and reasons (:mod:`.reasons`) with numpy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .acknowledgements import acknowledgement_kinds, without_leading_acknowledgement
from .feedback import feedback_kinds
from .intent import agreement_only, demoted, new_point, teaching, tips, without_point_lead
from .patterns import CUE_PATTERNS, FEATURES, SHAPE
from .reasons import Evidence, risk_phrases, write_reasons
from .risks import FENCED_CODE, RISKS, URL_PATH, prose, specific_risks, without_reduced
from .tokens import CODE, NgramHits, ngram_hits
from .weights import SCORED_LABELS, WEIGHTS_PATH, Weights, default_weights

__all__ = [
    "SCORED_LABELS",
    "WEIGHTS_PATH",
    "Weights",
    "classify_frame",
    "default_weights",
    "feature_matrix",
    "model_text",
    "ngram_hits",
    "normalise",
]
#: A status report by its opening label (rule 6): "Update:", "Status update:", "Progress:", "ETA:", "WIP:".
STATUS_REPORT = r"^[\W_]*(?:(?:status|progress|quick) )?(?:update|status|progress|eta|wip)\b[^\w\n]*:"

#: What a fenced code block is scored as: an indented block holding the code placeholder of :mod:`.tokens`.
CODE_BLOCK = f"\n    {CODE}\n"

T = TypeVar("T")
#: From how many texts patterns are matched in parallel threads.
_PARALLEL_FROM = 2000
#: How many patterns share a first pass (their union; see ``_match_group``).
_GROUP = 4
#: How many texts are classified at once.
CHUNK = 20_000
#: Labels a risk does not turn into ``defect``: asking about a risk, or weighing it in a design.
RISK_KEEPS = frozenset({"question", "design"})
#: A question that proposes an alternative (rule 3).
PROPOSAL = (
    r"\b(?:why not|why don'?t (?:we|you)|how about|what about|any reason not to|"
    r"(?:could|can|should|shall)(?:n'?t)? we (?:just |simply |also )?"
    r"(?:use|do|make|move|add|drop|remove|switch|call|pass|keep|put|return|reuse|split|extract|rename|inline|"
    r"replace|have))\b[^?\n]*\?"
)


def normalise(texts: pd.Series) -> pd.Series:
    """Lower-cased text with missing values as ``""``; every pattern is written against this form."""
    return texts.astype("str").fillna("").str.lower()


def _arrow(lowered: pd.Series) -> pa.Array:
    return pa.array(lowered.to_numpy(dtype=object), type=pa.large_string())


def _match(arrow: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(arrow, pattern).to_numpy(zero_copy_only=False)


def run_all(jobs: list[Callable[[], T]], size: int) -> list[T]:
    """The results of ``jobs`` (for ``size`` texts), in order. pyarrow releases the GIL while it matches
    and splits, so for many texts the jobs run in threads, on every core."""
    if size < _PARALLEL_FROM or len(jobs) < 2:
        return [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [future.result() for future in futures]


def _match_group(arrow: pa.Array, patterns: list[str]) -> np.ndarray:
    """Boolean matrix (rows x patterns) of a few patterns: one pass with their union over every text,
    then each pattern over the texts the union matched only (exact: the union holds every match)."""
    out = np.zeros((len(arrow), len(patterns)), dtype=bool)
    if len(patterns) == 1:
        out[:, 0] = _match(arrow, patterns[0])
        return out
    at = np.flatnonzero(_match(arrow, "|".join(f"(?:{pattern})" for pattern in patterns)))
    if len(at):
        subset = arrow.take(pa.array(at))
        for j, pattern in enumerate(patterns):
            out[at, j] = _match(subset, pattern)
    return out


def _group_jobs(arrow: pa.Array, patterns: list[str]) -> list[Callable[[], np.ndarray]]:
    return [partial(_match_group, arrow, patterns[i : i + _GROUP]) for i in range(0, len(patterns), _GROUP)]


def _stack(blocks: list[np.ndarray], rows: int) -> np.ndarray:
    return np.concatenate(blocks, axis=1) if blocks else np.zeros((rows, 0), dtype=bool)


def match_all(arrow: pa.Array, patterns: list[str]) -> np.ndarray:
    """Boolean matrix (rows x patterns)."""
    return _stack(run_all(_group_jobs(arrow, patterns), len(arrow)), len(arrow))


def scored_text(arrow: pa.Array) -> pa.Array:
    """What the weights score, of lower-cased texts: without an opening acknowledgement sentence; what it
    describes as reduced or denied ("fewer races", "this removes the race", "not a security issue") as a
    placeholder (:func:`.risks.without_reduced`); links cut to their host (the words of a path such as
    ``…/deadlock-and-race-conditions`` are nobody's prose: :data:`.risks.URL_PATH`); and a fenced code
    block (a suggested change) written as the indented code block the weights know
    (:data:`CODE_BLOCK`): the words of code are not the reviewer's ("timeout = settings.timeout_s")."""
    text = without_reduced(without_point_lead(without_leading_acknowledgement(arrow)))
    text = pc.replace_substring_regex(text, pattern=URL_PATH, replacement=r"\1")
    return pc.replace_substring_regex(text, pattern=FENCED_CODE, replacement=CODE_BLOCK)


def model_text(lowered: pd.Series) -> pa.Array:
    """:func:`scored_text` of a series of lower-cased texts (what :mod:`.fit` fits on)."""
    return scored_text(_arrow(lowered))


def feature_matrix(texts: pd.Series | pa.Array, names: tuple[str, ...] = tuple(FEATURES)) -> np.ndarray:
    """Boolean matrix (rows x features): does feature ``names[j]`` match row i of lower-cased ``texts``.

    Runs pyarrow's RE2 engine directly rather than ``Series.str.contains``, which falls back to a
    per-row Python ``re`` loop as soon as the data hold one non-ASCII character. RE2's ``\\w`` and
    ``\\b`` are ASCII-only, which suits an English lexicon.
    """
    arrow = texts if isinstance(texts, pa.Array) else _arrow(texts)
    return match_all(arrow, [FEATURES[name] for name in names])


def scores(present: np.ndarray, hits: NgramHits, weights: Weights) -> np.ndarray:
    """Class scores (rows x classes) from lexicon features present and n-gram hits. Summed with
    ``bincount`` rather than a matrix product: BLAS threads spinning for a few small products cost more
    CPU than the products themselves."""
    lex_rows, lex_cols = np.nonzero(present)
    rows = np.concatenate([lex_rows, hits.rows])
    added = np.concatenate([weights.matrix[lex_cols], weights.ngram_matrix[hits.ids]])
    out = np.empty((len(present), len(weights.labels)))
    for j in range(len(weights.labels)):
        out[:, j] = weights.bias[j] + np.bincount(rows, weights=added[:, j], minlength=len(present))
    return out


def best_class(scored: np.ndarray) -> np.ndarray:
    """Per row, the best-scoring class; a tie goes to the first class. Scores are rounded to 1e-6 first:
    weights have two decimals, so equal sums compare equal whatever the order they were added in."""
    return np.round(scored, 6).argmax(axis=1)


def classify_frame(
    texts: pd.Series, weights: Weights | None = None, *, quote_words: bool = True
) -> pd.DataFrame:
    """Label, reason, cue and feedback columns for every text (the implementation of ``classify_texts``), in
    chunks of :data:`CHUNK` texts so that memory stays flat however many texts there are. Without
    ``quote_words`` the reasons are wordless (:mod:`.reasons`); labels and cues are the same."""
    weights = weights or default_weights()
    if len(texts) <= CHUNK:
        return _classify_chunk(texts, weights, quote_words)
    return pd.concat(
        [
            _classify_chunk(texts.iloc[i : i + CHUNK], weights, quote_words)
            for i in range(0, len(texts), CHUNK)
        ]
    )


def _classify_chunk(texts: pd.Series, weights: Weights, quote_words: bool = True) -> pd.DataFrame:
    lowered = normalise(texts)
    arrow = _arrow(lowered)
    scored = scored_text(arrow)
    flagged = [*CUE_PATTERNS.values(), r"^\s*$"]
    feature_jobs = _group_jobs(scored, [FEATURES[name] for name in weights.features])
    hits, *blocks = run_all(
        [partial(ngram_hits, scored, weights.ngrams), *feature_jobs, *_group_jobs(arrow, flagged)], len(arrow)
    )
    present = _stack(blocks[: len(feature_jobs)], len(arrow))
    flags = _stack(blocks[len(feature_jobs) :], len(arrow))
    cues = pd.DataFrame(flags[:, :-1], columns=list(CUE_PATTERNS), index=texts.index)
    empty = flags[:, -1]
    words = prose(arrow)
    risky = specific_risks(_subset_matches(words, cues["risk"].to_numpy(), list(RISKS.values())))
    cues["risk"] = risky.any(axis=1)

    scored_classes = scores(present, hits, weights)
    best = best_class(scored_classes)
    labels = np.array(weights.labels, dtype=object)[best]
    proposal = _subset_matches(arrow, labels == "question", [PROPOSAL])[:, 0]
    labels[proposal] = "design"
    best[proposal] = weights.labels.index("design")

    any_risk = risky.any(axis=1)
    tip = tips(arrow)
    to_defect = any_risk & ~np.isin(labels, list(RISK_KEEPS)) & ~tip
    labels[to_defect] = "defect"
    labels = demoted(labels, scored_classes, weights.labels, teaching(arrow) & (tip | ~any_risk))
    best = np.array([weights.labels.index(label) for label in labels], dtype=int)

    evidence = Evidence.collect(present, hits, best, weights, content=_content(weights))
    unsupported = ~evidence.supported & ~any_risk
    acknowledged = acknowledgement_kinds(arrow)
    is_ack = (acknowledged != "") & ~empty
    report = _match(arrow, STATUS_REPORT) & ~any_risk & ~is_ack
    agreed = agreement_only(arrow) & ~any_risk & ~is_ack & ~empty
    labels[unsupported | is_ack | empty | report | agreed] = "other"

    reasons = write_reasons(
        scored,
        hits,
        labels,
        evidence,
        risk_phrases(words, risky, quote_words=quote_words),
        weights,
        default="other: no class cue matched",
        quote_words=quote_words,
    )
    reasons[report] = "other: a status report"
    reasons[agreed] = "other: agreement, no new point"
    reasons[is_ack] = "other: acknowledgement (" + acknowledged[is_ack] + ")"
    reasons[empty] = "other: empty text"
    cues.loc[is_ack | empty] = False
    cues["acknowledges_report"] &= ~new_point(arrow)
    frame = pd.DataFrame({"label": labels.astype(str), "reason": reasons.astype(str)}, index=texts.index)
    kinds = feedback_kinds(pd.Series(lowered.to_numpy(dtype=object), index=texts.index), frame["label"])
    return pd.concat([frame, cues, kinds.rename("feedback")], axis=1)


def _subset_matches(arrow: pa.Array, rows: np.ndarray, patterns: list[str]) -> np.ndarray:
    """``match_all`` on the rows where ``rows`` is true; false elsewhere."""
    out = np.zeros((len(arrow), len(patterns)), dtype=bool)
    at = np.flatnonzero(rows)
    if len(at):
        out[at] = match_all(arrow.take(pa.array(at)), patterns)
    return out


def _content(weights: Weights) -> np.ndarray:
    """Which lexicon features are about content (not ``shape:``): only they can support a class."""
    return np.array([not name.startswith(SHAPE) for name in weights.features], dtype=bool)
