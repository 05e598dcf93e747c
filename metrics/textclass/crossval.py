"""Honest figures for the text classifier: nested, repeated, stratified k-fold cross-validation.

Outer loop (:func:`cross_validate`): for each of ``folds`` folds, the whole pipeline of :mod:`.fit` —
the choice of settings, the vocabulary, the weights — runs on the other folds only, and the shipped
classifier (:func:`.model.classify_frame`, with its acknowledgement, risk and no-evidence rules) labels
the held-out fold. Repeated over ``repeats`` shuffles (seeds 0, 1, ...): the mean and the range are
reported. Class ``other`` never appears in the labelled set, so every text the rules call ``other``
("++", a lone ✔, "ack, good catch.") counts as an error.

Inner loop (:func:`choose`): on the outer training rows only, each candidate of :data:`.fit.GRID` is
fitted on :data:`INNER_FOLDS` - 1 parts and scored on the last; the candidate with the best mean of
accuracy and macro-F1 is fitted on all the training rows. To be fast it labels the inner held-out rows
from the corpus' precomputed features (:func:`predict`), the same rules as ``classify_frame`` in the
same order (a test holds the two equal). With ``offsets`` (off by default: measured, no real gain), per-class
bias offsets are chosen on the inner held-out rows of the chosen settings too (:mod:`.offsets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from .evaluate import Scores, score
from .fit import GRID, Corpus, Settings, content_features, softmax_fit, table
from .intent import demoted
from .model import RISK_KEEPS, best_class, classify_frame
from .offsets import HeldOut, choose_offsets, shifted
from .weights import SCORED_LABELS, Weights

FOLDS = 5
#: Shuffles of the outer k-fold split whose figures are averaged (seeds 0, 1, ...).
REPEATS = 5
INNER_FOLDS = 3
#: Seed of the inner split (the same for every outer fold; the rows differ).
INNER_SEED = 1000
#: Whether per-class bias offsets (:mod:`.offsets`) are chosen by the inner CV too.
OFFSETS = False


def _splits(labels: np.ndarray, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(labels, labels))


def predict(corpus: Corpus, rows: np.ndarray, weights: Weights) -> np.ndarray:
    """The labels :func:`.model.classify_frame` gives ``rows`` of the corpus with ``weights`` (which must
    be fitted on this corpus: its n-grams are among the corpus'), from the precomputed features."""
    grams = corpus.grams[rows][:, [corpus.column[gram] for gram in weights.ngrams]]
    lex = corpus.lexicon[rows]
    scores = lex @ weights.matrix + np.asarray(grams @ weights.ngram_matrix) + weights.bias
    labels = np.array(weights.labels, dtype=object)[best_class(scores)]
    labels[(labels == "question") & corpus.proposal[rows]] = "design"
    risky = corpus.risky[rows]
    labels[risky & ~np.isin(labels, list(RISK_KEEPS)) & ~corpus.tip[rows]] = "defect"
    labels = demoted(labels, scores, weights.labels, corpus.teaches[rows])
    best = np.array([weights.labels.index(label) for label in labels])
    content = lex.astype(bool) & content_features()
    supported = (content & (weights.matrix[:, best].T > 0)).any(axis=1)
    gram_rows, gram_cols = grams.nonzero()
    positive = weights.ngram_matrix[gram_cols, best[gram_rows]] > 0
    supported[gram_rows[positive]] = True
    labels[(~supported & ~risky) | corpus.other[rows] | corpus.agreed[rows]] = "other"
    return labels


def _criterion(scores: Scores) -> float:
    return scores.accuracy + scores.macro_f1


def choose(corpus: Corpus, rows: np.ndarray, grid: tuple[Settings, ...] = GRID) -> Settings:
    """The candidate of ``grid`` with the best inner cross-validated accuracy + macro-F1 on ``rows``
    (ties: the first)."""
    return _inner(corpus, rows, grid)[0]


def _inner(corpus: Corpus, rows: np.ndarray, grid: tuple[Settings, ...]) -> tuple[Settings, HeldOut]:
    """:func:`choose`, and the inner held-out rows with the weights the chosen candidate fitted without
    them. Candidates share each inner fold's vocabulary when their ``min_df`` does, and each starts
    L-BFGS where the previous one ended."""
    gold = pd.Series(corpus.y[rows]).map(dict(enumerate(SCORED_LABELS)))
    predicted = {settings: np.empty(len(rows), dtype=object) for settings in grid}
    held: dict[Settings, HeldOut] = {settings: [] for settings in grid}
    for train, test in _splits(corpus.y[rows], INNER_FOLDS, INNER_SEED):
        fit_rows, start, last_vocab = rows[train], None, None
        for settings in grid:
            vocab = corpus.vocabulary(fit_rows, settings.min_df)
            if last_vocab is None or not np.array_equal(vocab, last_vocab):
                grams, start, last_vocab = corpus.grams[fit_rows][:, vocab], None, vocab
            theta = softmax_fit(corpus.lexicon[fit_rows], grams, corpus.y[fit_rows], settings, start)
            start = theta
            weights = table(corpus, vocab, theta)
            predicted[settings][test] = predict(corpus, rows[test], weights)
            held[settings].append((rows[test], weights))
    values = [_criterion(score(gold, pd.Series(predicted[settings]))) for settings in grid]
    chosen = grid[int(np.argmax(values))]
    return chosen, held[chosen]


def _fit(
    corpus: Corpus, rows: np.ndarray, grid: tuple[Settings, ...], offsets: bool
) -> tuple[Weights, Settings]:
    """The weights fitted on ``rows`` with the settings (and, with ``offsets``, the per-class bias
    offsets of :mod:`.offsets`) an inner CV on those rows chooses."""
    if len(grid) > 1 or offsets:
        settings, held = _inner(corpus, rows, grid)
    else:
        settings, held = grid[0], []
    vocab = corpus.vocabulary(rows, settings.min_df)
    theta = softmax_fit(corpus.lexicon[rows], corpus.grams[rows][:, vocab], corpus.y[rows], settings)
    weights = table(corpus, vocab, theta)
    if offsets:
        shift = choose_offsets(held, corpus.y, partial(predict, corpus), _criterion)
        weights = shifted(weights, shift)
    return weights, settings


def fit_chosen(
    corpus: Corpus, grid: tuple[Settings, ...] = GRID, *, offsets: bool = OFFSETS
) -> tuple[Weights, Settings]:
    """The weights fitted on the whole corpus with the settings an inner CV on it chooses."""
    return _fit(corpus, np.arange(len(corpus)), grid, offsets)


@dataclass(frozen=True)
class CrossValidation:
    """Scores of each repeat of stratified k-fold cross-validation, their mean, and the settings the
    inner cross-validations chose (one per outer fold)."""

    repeats: tuple[Scores, ...]
    folds: int
    chosen: tuple[Settings, ...] = ()

    @property
    def accuracy(self) -> float:
        return float(np.mean([s.accuracy for s in self.repeats]))

    @property
    def macro_f1(self) -> float:
        return float(np.mean([s.macro_f1 for s in self.repeats]))

    def per_class_f1(self) -> dict[str, float]:
        """Each class's F1, averaged over the repeats."""
        return {
            k: float(np.mean([s.per_class_f1[k] for s in self.repeats])) for k in self.repeats[0].per_class_f1
        }

    def summary(self) -> str:
        """One line: the mean figures and their range over the repeats."""
        accs = [s.accuracy for s in self.repeats]
        f1s = [s.macro_f1 for s in self.repeats]
        return (
            f"{self.folds}-fold CV x{len(self.repeats)}, n={self.repeats[0].n}: accuracy={self.accuracy:.3f} "
            f"({min(accs):.3f}-{max(accs):.3f}) macro-F1={self.macro_f1:.3f} ({min(f1s):.3f}-{max(f1s):.3f})"
        )


def cross_validate(
    frame: pd.DataFrame,
    grid: tuple[Settings, ...] = GRID,
    *,
    folds: int = FOLDS,
    repeats: int = REPEATS,
    offsets: bool = OFFSETS,
) -> CrossValidation:
    """Nested CV of the whole pipeline (see the module docstring); a one-candidate ``grid`` fixes the
    settings (plain CV)."""
    corpus = Corpus(frame["text"], frame["label"])
    texts, gold = frame["text"].reset_index(drop=True), frame["label"].reset_index(drop=True)
    results, chosen = [], []
    for seed in range(repeats):
        predicted = pd.Series("", index=gold.index, dtype=object)
        for train, test in _splits(corpus.y, folds, seed):
            weights, settings = _fit(corpus, train, grid, offsets)
            predicted.iloc[test] = classify_frame(texts.iloc[test], weights)["label"].to_numpy()
            chosen.append(settings)
        results.append(score(gold, predicted))
    return CrossValidation(tuple(results), folds, tuple(chosen))
