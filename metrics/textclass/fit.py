"""Fit the weight table ``weights.toml`` from a labelled set, and check it on held-out halves.

How the weights are made (run ``python -m metrics.textclass.fit``):

1. Every text becomes a row of 0/1 features, one per named pattern in :data:`patterns.FEATURES`.
2. A multinomial logistic regression (softmax) is fitted on those features by full-batch gradient
   descent with an L2 penalty (``--l2``) that pulls weights towards a prior: ``--prior`` for the class a
   pattern was written for (:data:`patterns.WRITTEN_FOR`), 0 elsewhere. So no single pattern dominates,
   rare patterns cannot memorise a few rows, and where the data say little a pattern keeps its intent.
   Classes are re-weighted by ``(n / count) ** balance``
   (``--balance``) so that rare classes (praise, defect) are not drowned by the majority class; that
   trades a little accuracy for macro-F1.
3. Weights are rounded to two decimals and written to ``weights.toml`` with a header recording the
   data set, the settings and the held-out check.

The held-out check (``--check``) fits on rows with an even id and scores the odd ones, then the other
way round, so the figures reported are never in-sample. Only the final table is fitted on all rows.
The classifier stays explainable: a reason names the present patterns with the largest weights for
the chosen class.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from .evaluate import DEV_SET, Scores, id_parity, load_labelled, score
from .model import SCORED_LABELS, WEIGHTS_PATH, Weights, feature_matrix, normalise, predict
from .patterns import FEATURES, SHAPE, WRITTEN_FOR

DEFAULT_L2 = 0.03
DEFAULT_BALANCE = 0.55
DEFAULT_PRIOR = 1.0
_STEPS = 3000
_RATE = 0.5


def prior_matrix(prior: float) -> np.ndarray:
    """Features x classes: ``prior`` where a feature was written for the class, else 0."""
    out = np.zeros((len(FEATURES), len(SCORED_LABELS)))
    for i, name in enumerate(FEATURES):
        if name in WRITTEN_FOR:
            out[i, SCORED_LABELS.index(WRITTEN_FOR[name])] = prior
    return out


def fit(
    present: np.ndarray,
    gold: pd.Series,
    *,
    l2: float = DEFAULT_L2,
    balance: float = DEFAULT_BALANCE,
    prior: float = DEFAULT_PRIOR,
) -> Weights:
    """Softmax regression of ``gold`` (labels from SCORED_LABELS) on boolean features; deterministic."""
    x = present.astype(float)
    y_index = gold.map({label: i for i, label in enumerate(SCORED_LABELS)}).to_numpy()
    if np.isnan(y_index.astype(float)).any():
        raise ValueError(f"labels must be among {SCORED_LABELS}")
    y_index = y_index.astype(int)
    n, k = len(x), len(SCORED_LABELS)
    y = np.zeros((n, k))
    y[np.arange(n), y_index] = 1.0
    counts = np.maximum(y.sum(axis=0), 1.0)
    sample_w = ((n / counts) ** balance)[y_index]
    sample_w /= sample_w.mean()
    anchor = prior_matrix(prior)
    w = anchor.copy()
    b = np.log(counts / n)
    for _ in range(_STEPS):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - y) * sample_w[:, None] / n
        w -= _RATE * (x.T @ err + l2 * (w - anchor))
        b -= _RATE * err.sum(axis=0)
    return Weights(SCORED_LABELS, tuple(FEATURES), np.round(b, 2), np.round(w, 2))


def evaluate(weights: Weights, present: np.ndarray, gold: pd.Series, has_content: np.ndarray) -> Scores:
    """Scores of the weights on rows, applying the same ``other`` rule as the classifier."""
    labels = np.array(weights.labels, dtype=object)[predict(present, weights)]
    labels = np.where(has_content, labels, "other")
    return score(gold, pd.Series(labels))


def held_out_check(frame: pd.DataFrame, present: np.ndarray, **settings: float) -> dict[str, Scores]:
    """Fit on one id-parity half and score the other, both ways: {"even->odd": .., "odd->even": ..}."""
    parity = id_parity(frame["id"]).to_numpy()
    content = _content_mask(present)
    out = {}
    for train, test, name in ((0, 1, "even->odd"), (1, 0, "odd->even")):
        tr, te = parity == train, parity == test
        weights = fit(present[tr], frame["label"][tr].reset_index(drop=True), **settings)
        out[name] = evaluate(weights, present[te], frame["label"][te].reset_index(drop=True), content[te])
    return out


def _content_mask(present: np.ndarray) -> np.ndarray:
    content = ~np.array([name.startswith(SHAPE) for name in FEATURES])
    return present[:, content].any(axis=1)


def main(argv: list[str] | None = None) -> None:
    """Command line: fit, print the held-out check, and (unless --check) write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEV_SET, help="labelled CSV (id,text,label)")
    parser.add_argument("--l2", type=float, default=DEFAULT_L2)
    parser.add_argument("--balance", type=float, default=DEFAULT_BALANCE)
    parser.add_argument("--prior", type=float, default=DEFAULT_PRIOR)
    parser.add_argument("--check", action="store_true", help="only print the held-out check")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)

    frame = load_labelled(args.csv)
    present = feature_matrix(normalise(frame["text"]))
    settings = {"l2": args.l2, "balance": args.balance, "prior": args.prior}
    checks = held_out_check(frame, present, **settings)
    for name, result in checks.items():
        print(f"held-out {name}: {result.summary()}")
    if args.check:
        return
    weights = fit(present, frame["label"], **settings)
    in_sample = evaluate(weights, present, frame["label"], _content_mask(present))
    print(f"in-sample (all rows): {in_sample.summary()}")
    header = (
        "Weights of the text classifier: score(class) = bias + sum of weights of the patterns present.\n"
        "Generated by `python -m metrics.textclass.fit` (see that module for how); hand edits are fine.\n"
        f"Fitted on {args.csv.name} ({len(frame)} rows), "
        f"l2={args.l2}, balance={args.balance}, prior={args.prior}.\n"
        + "".join(f"Held-out {name}: {result.summary()}\n" for name, result in checks.items())
        + f"In-sample: {in_sample.summary()}"
    )
    args.out.write_text(weights.to_toml(header), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
