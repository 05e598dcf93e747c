"""Fit the weight table ``weights.toml`` from a labelled set, and measure it by cross-validation.

How the weights are made (run ``python -m metrics.textclass.fit``; needs the ``dev`` extras, scipy
and scikit-learn, which the classifier itself does not use):

1. The vocabulary is every word and word pair (:mod:`.tokens`) found in at least ``min_df`` of the
   training texts (2: nothing unique to a single comment is ever shipped), except those made only of
   English function words (scikit-learn's stop-word list: "the", "is this", "to be"): they are style,
   not content, and a reason quoting them would explain nothing. Function words still count inside
   a pair with a content word ("no test") and in the lexicon ("why not", "should").
2. Every text becomes a row of 0/1 values: one per named lexicon feature (:data:`.patterns.FEATURES`)
   and one per vocabulary n-gram.
3. A multinomial logistic regression (softmax) is fitted by L-BFGS with two L2 penalties. Lexicon
   weights are pulled towards a prior (``prior`` for the class a pattern was written for,
   :data:`.patterns.WRITTEN_FOR`, 0 elsewhere), so where the data are silent a pattern keeps its intent;
   n-gram weights are pulled towards 0, more strongly, so that one project's words cannot dominate.
   Rows are re-weighted by ``(n / count of their class) ** balance`` so that rare classes (praise,
   defect) are not drowned by the majority class.
4. Weights are rounded to two decimals; n-grams whose weights all round to 0 are dropped.

The figures reported are from stratified k-fold cross-validation (:func:`cross_validate`): the whole
pipeline above, vocabulary included, is fitted on the training folds only and the shipped classifier
(:func:`.model.classify_frame`, with its acknowledgement, risk and no-evidence rules) labels the held-out
fold. Only the final table is fitted on all rows. Class ``other`` never appears in the labelled set, so
every text the rules call ``other`` (e.g. "++", a lone ✔) counts as an error.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .evaluate import DEV_SET, Scores, load_labelled, score
from .model import classify_frame, feature_matrix, model_text, ngram_hits, normalise
from .patterns import FEATURES, WRITTEN_FOR
from .tokens import START, ngrams
from .weights import SCORED_LABELS, WEIGHTS_PATH, Weights

if TYPE_CHECKING:
    import scipy.sparse as sp

FOLDS = 5
#: Shuffles of the k-fold split whose figures are averaged (seeds 0, 1, ...).
REPEATS = 5


@dataclass(frozen=True)
class Settings:
    """Fitting settings (see the module docstring)."""

    min_df: int = 2
    l2_ngrams: float = 0.02
    l2_lexicon: float = 0.01
    prior: float = 0.6
    balance: float = 0.55
    max_iter: int = 500


def prior_matrix(prior: float) -> np.ndarray:
    """Features x classes: ``prior`` where a feature was written for the class, else 0."""
    out = np.zeros((len(FEATURES), len(SCORED_LABELS)))
    for i, name in enumerate(FEATURES):
        if name in WRITTEN_FOR:
            out[i, SCORED_LABELS.index(WRITTEN_FOR[name])] = prior
    return out


def vocabulary(arrow: pa.Array, min_df: int) -> tuple[str, ...]:
    """The n-grams found in at least ``min_df`` texts with a content word (the opening marker is none)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    rows, grams = ngrams(arrow)
    encoded = pc.dictionary_encode(grams)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    names = encoded.dictionary.to_pylist()
    pairs = np.unique(rows.astype(np.int64) * len(names) + codes) % len(names)
    df = np.bincount(pairs, minlength=len(names))
    return tuple(
        sorted(
            name
            for name, count in zip(names, df, strict=True)
            if count >= min_df and not ENGLISH_STOP_WORDS.issuperset(set(name.split(" ")) - {START})
        )
    )


def _design(scored: pa.Array, vocab: tuple[str, ...]) -> tuple[np.ndarray, sp.csr_matrix]:
    """The lexicon features (dense) and n-gram hits (sparse) of the texts, as 0/1."""
    import scipy.sparse as sp

    rows, index = ngram_hits(scored, vocab)
    grams = sp.csr_matrix((np.ones(len(rows)), (rows, index)), shape=(len(scored), len(vocab)))
    return feature_matrix(scored).astype(float), grams


def _softmax_fit(
    lex: np.ndarray, grams: sp.csr_matrix, y: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bias, lexicon weights and n-gram weights minimising the penalised, re-weighted softmax loss."""
    from scipy.optimize import minimize

    n, k = len(y), len(SCORED_LABELS)
    n_lex, n_grams = lex.shape[1], grams.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    counts = np.maximum(onehot.sum(axis=0), 1.0)
    sample_w = ((n / counts) ** settings.balance)[y]
    sample_w /= sample_w.mean()
    anchor = prior_matrix(settings.prior)

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            theta[:k],
            theta[k : k + n_lex * k].reshape(n_lex, k),
            theta[k + n_lex * k :].reshape(n_grams, k),
        )

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        bias, w_lex, w_grams = unpack(theta)
        logits = lex @ w_lex + grams @ w_grams + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        value = -(sample_w * np.log(p[np.arange(n), y] + 1e-12)).sum() / n
        value += 0.5 * settings.l2_lexicon * ((w_lex - anchor) ** 2).sum()
        value += 0.5 * settings.l2_ngrams * (w_grams**2).sum()
        err = (p - onehot) * sample_w[:, None] / n
        grad_lex = lex.T @ err + settings.l2_lexicon * (w_lex - anchor)
        grad_grams = np.asarray(grams.T @ err) + settings.l2_ngrams * w_grams
        return value, np.concatenate([err.sum(axis=0), grad_lex.ravel(), grad_grams.ravel()])

    start = np.concatenate([np.log(counts / n), anchor.ravel(), np.zeros(n_grams * k)])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": settings.max_iter})
    return unpack(result.x)


def fit(texts: pd.Series, labels: pd.Series, settings: Settings = Settings()) -> Weights:
    """The whole fitting pipeline on labelled texts (labels among SCORED_LABELS); deterministic."""
    y = labels.map({label: i for i, label in enumerate(SCORED_LABELS)})
    if y.isna().any():
        raise ValueError(f"labels must be among {SCORED_LABELS}")
    scored = model_text(normalise(texts.reset_index(drop=True)))
    vocab = vocabulary(scored, settings.min_df)
    lex, grams = _design(scored, vocab)
    bias, w_lex, w_grams = _softmax_fit(lex, grams, y.to_numpy(dtype=int), settings)
    w_grams = np.round(w_grams, 2)
    kept = np.abs(w_grams).max(axis=1) > 0
    return Weights(
        SCORED_LABELS,
        tuple(FEATURES),
        np.round(bias, 2),
        np.round(w_lex, 2),
        tuple(gram for gram, keep in zip(vocab, kept, strict=True) if keep),
        w_grams[kept],
    )


@dataclass(frozen=True)
class CrossValidation:
    """Scores of each repeat of stratified k-fold cross-validation, and their mean."""

    repeats: tuple[Scores, ...]
    folds: int

    @property
    def accuracy(self) -> float:
        return float(np.mean([s.accuracy for s in self.repeats]))

    @property
    def macro_f1(self) -> float:
        return float(np.mean([s.macro_f1 for s in self.repeats]))

    def summary(self) -> str:
        """One line: the mean figures and their range over the repeats."""
        accs = [s.accuracy for s in self.repeats]
        f1s = [s.macro_f1 for s in self.repeats]
        return (
            f"{self.folds}-fold CV x{len(self.repeats)}, n={self.repeats[0].n}: accuracy={self.accuracy:.3f} "
            f"({min(accs):.3f}-{max(accs):.3f}) macro-F1={self.macro_f1:.3f} ({min(f1s):.3f}-{max(f1s):.3f})"
        )


def cross_validate(
    frame: pd.DataFrame, settings: Settings = Settings(), *, folds: int = FOLDS, repeats: int = REPEATS
) -> CrossValidation:
    """Stratified ``folds``-fold CV of the whole pipeline, repeated over ``repeats`` shuffles (seed 0..)."""
    from sklearn.model_selection import StratifiedKFold

    texts, gold = frame["text"].reset_index(drop=True), frame["label"].reset_index(drop=True)
    results = []
    for seed in range(repeats):
        predicted = pd.Series("", index=gold.index, dtype=object)
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, gold):
            weights = fit(texts.iloc[train], gold.iloc[train], settings)
            predicted.iloc[test] = classify_frame(texts.iloc[test], weights)["label"].to_numpy()
        results.append(score(gold, predicted))
    return CrossValidation(tuple(results), folds)


def main(argv: list[str] | None = None) -> None:
    """Command line: cross-validate, print the figures, and (unless --check) write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEV_SET, help="labelled CSV (id,text,label)")
    defaults = Settings()
    for name, value in asdict(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--check", action="store_true", help="only print the cross-validated figures")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)

    frame = load_labelled(args.csv)
    settings = Settings(**{name: getattr(args, name) for name in asdict(defaults)})
    checked = cross_validate(frame, settings, repeats=args.repeats)
    majority = frame["label"].value_counts(normalize=True).iloc[0]
    print(f"{checked.summary()} (majority class {majority:.3f})")
    if args.check:
        return
    weights = fit(frame["text"], frame["label"], settings)
    header = (
        "Weights of the text classifier: score(class) = bias + the weights of the lexicon features\n"
        "and n-grams present.\n"
        "Generated by `python -m metrics.textclass.fit` (see that module for how); hand edits are fine.\n"
        f"Fitted on {args.csv.name} ({len(frame)} rows), {settings}.\n"
        f"{checked.summary()}; majority class {majority:.3f}."
    )
    args.out.write_text(weights.to_toml(header), encoding="utf-8")
    print(f"wrote {args.out}: {len(weights.features)} lexicon features, {len(weights.ngrams)} n-grams")


if __name__ == "__main__":
    main()
