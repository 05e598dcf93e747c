"""A variant measured, not shipped: a linear SVM over word and character n-grams and the lexicon features.

Run ``python -m metrics.textclass.svm_variant`` (``dev`` extras). The same nested cross-validation as
:mod:`.crossval` (the same outer splits, shuffles and inner folds): the inner CV chooses ``C`` and the
class weighting among :data:`CANDIDATES` by accuracy + macro-F1; the vectorisers are fitted on the
training rows only. Its scores go through the shipped rules that need no weight table (acknowledgements
and agreements are ``other``, a proposal is ``design``, a risk is ``defect``, teaching is never
``defect``); the "nothing supports the class" rule has no equivalent here (an SVM has no per-word
support), which can only help this variant's figures, since ``other`` is always an error.

Not shipped: its decisions rest on character n-grams, which name no word, so its reason could not say
which words decided (issue 13), and it did not beat the shipped model (README, *Behaviours and
evidence*).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .crossval import FOLDS, INNER_FOLDS, INNER_SEED, REPEATS, CrossValidation, _criterion, _splits
from .evaluate import DEV_SET, load_labelled, score
from .fit import Corpus
from .intent import demoted
from .model import RISK_KEEPS
from .weights import SCORED_LABELS

#: (C, class_weight) the inner CV chooses among.
CANDIDATES: tuple[tuple[float, str | None], ...] = tuple(
    (c, weight) for c in (0.1, 0.3, 1.0) for weight in (None, "balanced")
)


def _scores(
    corpus: Corpus, texts: np.ndarray, train: np.ndarray, test: np.ndarray, c: float, weight: str | None
):
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)

    def matrix(rows: np.ndarray, fitted: bool) -> sp.csr_matrix:
        parts = [(v.transform if fitted else v.fit_transform)(texts[rows]) for v in (words, chars)]
        return sp.hstack([*parts, sp.csr_matrix(corpus.lexicon[rows])]).tocsr()

    model = LinearSVC(C=c, class_weight=weight).fit(matrix(train, False), corpus.y[train])
    out = np.full((len(test), len(SCORED_LABELS)), -1e9)
    out[:, model.classes_] = model.decision_function(matrix(test, True))
    return out


def _labels(corpus: Corpus, rows: np.ndarray, scored: np.ndarray) -> np.ndarray:
    labels = np.array(SCORED_LABELS, dtype=object)[scored.argmax(axis=1)]
    labels[(labels == "question") & corpus.proposal[rows]] = "design"
    labels[corpus.risky[rows] & ~np.isin(labels, list(RISK_KEEPS)) & ~corpus.tip[rows]] = "defect"
    labels = demoted(labels, scored, SCORED_LABELS, corpus.teaches[rows])
    labels[corpus.other[rows] | corpus.agreed[rows]] = "other"
    return labels


def _gold(corpus: Corpus, rows: np.ndarray) -> pd.Series:
    return pd.Series(corpus.y[rows]).map(dict(enumerate(SCORED_LABELS)))


def _choose(corpus: Corpus, texts: np.ndarray, rows: np.ndarray) -> tuple[float, str | None]:
    predicted = {candidate: np.empty(len(rows), dtype=object) for candidate in CANDIDATES}
    for train, test in _splits(corpus.y[rows], INNER_FOLDS, INNER_SEED):
        for candidate in CANDIDATES:
            scored = _scores(corpus, texts, rows[train], rows[test], *candidate)
            predicted[candidate][test] = _labels(corpus, rows[test], scored)
    values = [_criterion(score(_gold(corpus, rows), pd.Series(predicted[c]))) for c in CANDIDATES]
    return CANDIDATES[int(np.argmax(values))]


def cross_validate_svm(frame: pd.DataFrame, *, folds: int = FOLDS, repeats: int = REPEATS) -> CrossValidation:
    """Nested CV of the variant (see the module docstring)."""
    corpus = Corpus(frame["text"], frame["label"])
    texts = np.array(corpus.scored.to_pylist(), dtype=object)
    results = []
    for seed in range(repeats):
        predicted = np.empty(len(corpus), dtype=object)
        for train, test in _splits(corpus.y, folds, seed):
            candidate = _choose(corpus, texts, train)
            predicted[test] = _labels(corpus, test, _scores(corpus, texts, train, test, *candidate))
        results.append(score(_gold(corpus, np.arange(len(corpus))), pd.Series(predicted)))
    return CrossValidation(tuple(results), folds)


if __name__ == "__main__":
    print(cross_validate_svm(load_labelled(DEV_SET)).summary())
