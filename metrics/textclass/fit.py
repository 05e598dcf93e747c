"""Fit the weight table ``weights.toml`` from a labelled set (measured by :mod:`.crossval`).

How the weights are made (run ``python -m metrics.textclass.fit``; needs the ``dev`` extras, scipy
and scikit-learn, which the classifier itself does not use):

1. The vocabulary is every stem and pair of stems (:mod:`.tokens`) found in at least ``min_df`` of the
   training texts (2: nothing unique to a single comment is ever shipped), except those made only of
   English function words (scikit-learn's stop-word list, and their stems: "the", "is this", "to be",
   "whi"): they are style, not content, and a reason quoting them would explain nothing. Function words
   still count inside a pair with a content word ("no test") and in the lexicon ("why not", "should").
2. Every text becomes a row of 0/1 values: one per named lexicon feature (:data:`.patterns.FEATURES`)
   and one per vocabulary n-gram.
3. A multinomial logistic regression (softmax) is fitted by L-BFGS with two L2 penalties. Lexicon
   weights are pulled towards a prior (``prior`` for the class a pattern was written for,
   :data:`.patterns.WRITTEN_FOR`, 0 elsewhere), so where the data are silent a pattern keeps its intent;
   n-gram weights are pulled towards 0, so that one project's words cannot dominate. Rows are
   re-weighted by ``(n / count of their class) ** balance`` so that rare classes (praise, defect) are not
   drowned by the majority class.
4. Weights are rounded to two decimals; n-grams whose weights all round to 0 are dropped.

``prior``, ``balance`` and ``l2_ngrams`` are not picked by hand: :func:`.crossval.fit_chosen` chooses
them among :data:`GRID` by an inner cross-validation on the training rows alone, so the outer
cross-validation that reports the figures (nested) never sees a choice made on its held-out rows.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .acknowledgements import acknowledgement_kinds
from .evaluate import DEV_SET, load_labelled
from .intent import agreement_only, teaching, tips
from .model import PROPOSAL, feature_matrix, match_all, model_text, normalise
from .patterns import FEATURES, SHAPE, WRITTEN_FOR
from .risks import RISKS, prose
from .tokens import START, ngrams, stems
from .weights import SCORED_LABELS, WEIGHTS_PATH, Weights

if TYPE_CHECKING:
    import scipy.sparse as sp


@dataclass(frozen=True)
class Settings:
    """Fitting settings (see the module docstring)."""

    min_df: int = 2
    l2_ngrams: float = 0.02
    l2_lexicon: float = 0.01
    prior: float = 0.6
    balance: float = 0.55
    max_iter: int = 500


#: The settings an inner cross-validation chooses among: around the values the fitter used to be run with
#: (prior 0.6, balance 0.55, n-gram penalty 0.02), at about two thirds, once and one and a half times
#: them (the penalty: half, once, twice).
GRID: tuple[Settings, ...] = tuple(
    Settings(prior=prior, balance=balance, l2_ngrams=l2_ngrams)
    for prior in (0.4, 0.6, 0.9)
    for balance in (0.4, 0.55, 0.7)
    for l2_ngrams in (0.01, 0.02, 0.04)
)


def prior_matrix(prior: float) -> np.ndarray:
    """Features x classes: ``prior`` where a feature was written for the class, else 0."""
    out = np.zeros((len(FEATURES), len(SCORED_LABELS)))
    for i, name in enumerate(FEATURES):
        if name in WRITTEN_FOR:
            out[i, SCORED_LABELS.index(WRITTEN_FOR[name])] = prior
    return out


def _function_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    names, codes = stems(pa.array(sorted(ENGLISH_STOP_WORDS), type=pa.large_string()))
    return frozenset(ENGLISH_STOP_WORDS) | frozenset(names.take(pa.array(codes)).to_pylist()) | {START}


class Corpus:
    """A labelled set ready to fit on any of its rows: the lexicon features and every n-gram of each
    text, and what the rules of :func:`.model.classify_frame` decide without weights (computed once)."""

    def __init__(self, texts: pd.Series, labels: pd.Series) -> None:
        y = labels.reset_index(drop=True).map({label: i for i, label in enumerate(SCORED_LABELS)})
        if y.isna().any():
            raise ValueError(f"labels must be among {SCORED_LABELS}")
        self.y = y.to_numpy(dtype=int)
        lowered = normalise(texts.reset_index(drop=True))
        self.arrow = pa.array(lowered.to_numpy(dtype=object), type=pa.large_string())
        self.scored = model_text(lowered)
        self.lexicon = feature_matrix(self.scored).astype(float)
        rows, grams = ngrams(self.scored)
        encoded = pc.dictionary_encode(grams)
        self.names = np.array(encoded.dictionary.to_pylist(), dtype=object)
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        function_words = _function_words()
        self.content = np.array([not function_words.issuperset(name.split(" ")) for name in self.names])
        self._occurrences = rows.astype(np.int64), codes

    def __len__(self) -> int:
        return len(self.y)

    @cached_property
    def grams(self) -> sp.csr_matrix:
        """Texts x every n-gram of the corpus, 0/1."""
        import scipy.sparse as sp

        rows, codes = self._occurrences
        out = sp.csr_matrix((np.ones(len(rows)), (rows, codes)), shape=(len(self), len(self.names)))
        out.data[:] = 1.0
        return out

    @cached_property
    def other(self) -> np.ndarray:
        """Texts the rules call ``other`` whatever the weights: blank, or an acknowledgement."""
        blank = match_all(self.arrow, [r"^\s*$"])[:, 0]
        return blank | (acknowledgement_kinds(self.arrow) != "")

    @cached_property
    def risky(self) -> np.ndarray:
        return match_all(prose(self.arrow), list(RISKS.values())).any(axis=1)

    @cached_property
    def tip(self) -> np.ndarray:
        """Texts that open as a tip: a risk they name does not make them a defect."""
        return tips(self.arrow)

    @cached_property
    def teaches(self) -> np.ndarray:
        """Texts that teach or suggest (:func:`.intent.teaching`): never a defect found."""
        return teaching(self.arrow) & (self.tip | ~self.risky)

    @cached_property
    def agreed(self) -> np.ndarray:
        """Texts that only agree (:func:`.intent.agreement_only`) and name no risk: ``other``."""
        return agreement_only(self.arrow) & ~self.risky & ~self.other

    @cached_property
    def proposal(self) -> np.ndarray:
        return match_all(self.arrow, [PROPOSAL])[:, 0]

    @cached_property
    def column(self) -> dict[str, int]:
        """Each n-gram's column in :attr:`grams`."""
        return {name: i for i, name in enumerate(self.names)}

    def vocabulary(self, rows: np.ndarray, min_df: int) -> np.ndarray:
        """Columns of :attr:`grams` found in at least ``min_df`` of ``rows`` with a content word."""
        df = np.asarray(self.grams[rows].sum(axis=0)).ravel()
        return np.flatnonzero((df >= min_df) & self.content)


def softmax_fit(
    lex: np.ndarray, grams: sp.csr_matrix, y: np.ndarray, settings: Settings, start: np.ndarray | None = None
) -> np.ndarray:
    """Bias, lexicon weights and n-gram weights (one flat vector, see :func:`unpack`) minimising the
    penalised, re-weighted softmax loss; ``start`` is where L-BFGS begins (default: the prior).

    BLAS runs on one thread: these products are small, and OpenBLAS threads waiting for work make a fit
    several times slower on a busy machine."""
    from scipy.optimize import minimize
    from threadpoolctl import threadpool_limits

    n, k = len(y), len(SCORED_LABELS)
    n_lex = lex.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    counts = np.maximum(onehot.sum(axis=0), 1.0)
    sample_w = ((n / counts) ** settings.balance)[y]
    sample_w /= sample_w.mean()
    anchor = prior_matrix(settings.prior)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        bias, w_lex, w_grams = unpack(theta, n_lex)
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

    if start is None:
        start = np.concatenate([np.log(counts / n), anchor.ravel(), np.zeros(grams.shape[1] * k)])
    with threadpool_limits(1, user_api="blas"):
        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": settings.max_iter})
    return result.x


def unpack(theta: np.ndarray, n_lex: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bias, lexicon weights (features x classes) and n-gram weights of a flat parameter vector."""
    k = len(SCORED_LABELS)
    return theta[:k], theta[k : k + n_lex * k].reshape(n_lex, k), theta[k + n_lex * k :].reshape(-1, k)


def table(corpus: Corpus, vocab: np.ndarray, theta: np.ndarray) -> Weights:
    """The weight table of fitted parameters: rounded to two decimals, n-grams all 0 dropped."""
    bias, w_lex, w_grams = unpack(theta, len(FEATURES))
    w_grams = np.round(w_grams, 2)
    kept = np.abs(w_grams).max(axis=1) > 0
    return Weights(
        SCORED_LABELS,
        tuple(FEATURES),
        np.round(bias, 2),
        np.round(w_lex, 2),
        tuple(corpus.names[vocab[kept]]),
        w_grams[kept],
    )


def fit_rows(corpus: Corpus, rows: np.ndarray, settings: Settings) -> Weights:
    """The whole fitting pipeline on ``rows`` of the corpus (vocabulary included); deterministic."""
    vocab = corpus.vocabulary(rows, settings.min_df)
    grams = corpus.grams[rows][:, vocab]
    return table(corpus, vocab, softmax_fit(corpus.lexicon[rows], grams, corpus.y[rows], settings))


def fit(texts: pd.Series, labels: pd.Series, settings: Settings = Settings()) -> Weights:
    """The fitting pipeline with fixed ``settings`` on labelled texts (labels among SCORED_LABELS)."""
    corpus = Corpus(texts, labels)
    return fit_rows(corpus, np.arange(len(corpus)), settings)


def content_features() -> np.ndarray:
    """Which lexicon features are about content (not ``shape:``): only they can support a class."""
    return np.array([not name.startswith(SHAPE) for name in FEATURES], dtype=bool)


def main(argv: list[str] | None = None) -> None:
    """Command line: cross-validate (nested), print the figures, and (unless --check) write the weights."""
    from .crossval import OFFSETS, REPEATS, cross_validate, fit_chosen

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEV_SET, help="labelled CSV (id,text,label)")
    for name, value in asdict(Settings()).items():
        parser.add_argument(
            f"--{name.replace('_', '-')}", type=type(value), help=f"fix {name} (default: chosen)"
        )
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--check", action="store_true", help="only print the cross-validated figures")
    parser.add_argument(
        "--offsets",
        action=argparse.BooleanOptionalAction,
        default=OFFSETS,
        help="choose per-class bias offsets",
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)

    fixed = {name: getattr(args, name) for name in asdict(Settings()) if getattr(args, name) is not None}
    grid = tuple(dict.fromkeys(Settings(**{**asdict(s), **fixed}) for s in GRID))
    frame = load_labelled(args.csv)
    checked = cross_validate(frame, grid, repeats=args.repeats, offsets=args.offsets)
    majority = frame["label"].value_counts(normalize=True).iloc[0]
    print(f"{checked.summary()} (majority class {majority:.3f})")
    if args.check:
        return
    weights, settings = fit_chosen(Corpus(frame["text"], frame["label"]), grid, offsets=args.offsets)
    header = (
        "Weights of the text classifier: score(class) = bias + the weights of the lexicon features\n"
        "and n-grams (Snowball stems and pairs of stems) present.\n"
        "Generated by `python -m metrics.textclass.fit` (see that module for how); hand edits are fine.\n"
        f"Fitted on {args.csv.name} ({len(frame)} rows), {settings} (chosen by inner CV).\n"
        f"Nested {checked.summary()}; majority class {majority:.3f}."
    )
    args.out.write_text(weights.to_toml(header), encoding="utf-8")
    print(f"wrote {args.out}: {len(weights.features)} lexicon features, {len(weights.ngrams)} n-grams")


if __name__ == "__main__":
    main()
