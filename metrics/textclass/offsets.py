"""Label-specific thresholds: per-class offsets added to the fitted bias, chosen by the inner CV only.

The softmax fit minimises a (re-weighted) log loss; the figures that matter are accuracy and macro-F1
after the rules of :func:`.model.classify_frame`. A per-class offset of the bias moves the decision
thresholds between classes without touching a word's weight, so the reason still names the words that
decided. The offsets are chosen by coordinate ascent (each class in turn, :data:`STEPS`, :data:`PASSES`
passes, a move kept only when it strictly improves) on the inner held-out predictions of the settings the
inner CV chose: never on rows the outer CV scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from .evaluate import Scores, score
from .weights import SCORED_LABELS, Weights

#: The offsets tried for each class (score units; a fitted bias is of the order of 1).
STEPS: tuple[float, ...] = (-0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6)
PASSES = 2

#: Held-out rows of each inner fold and the weights fitted without them.
HeldOut = list[tuple[np.ndarray, Weights]]


def shifted(weights: Weights, offsets: np.ndarray) -> Weights:
    """``weights`` with ``offsets`` added to the bias (rounded to two decimals, as the table is)."""
    return replace(weights, bias=np.round(weights.bias + offsets, 2))


def choose_offsets(
    held_out: HeldOut,
    gold: np.ndarray,
    predict: Callable[[np.ndarray, Weights], np.ndarray],
    criterion: Callable[[Scores], float],
) -> np.ndarray:
    """Per-class offsets (zeros if none helps) maximising ``criterion`` over the inner held-out rows;
    ``gold`` are the class indices of the corpus, ``predict(rows, weights)`` labels rows."""
    rows = np.concatenate([part for part, _ in held_out])
    truth = pd.Series(gold[rows]).map(dict(enumerate(SCORED_LABELS)))

    def value(offsets: np.ndarray) -> float:
        labels = np.concatenate([predict(part, shifted(w, offsets)) for part, w in held_out])
        return criterion(score(truth, pd.Series(labels)))

    offsets = np.zeros(len(SCORED_LABELS))
    best = value(offsets)
    for _ in range(PASSES):
        for j in range(len(offsets)):
            for step in STEPS:
                if step == offsets[j]:
                    continue
                trial = offsets.copy()
                trial[j] = step
                trial_value = value(trial)
                if trial_value > best + 1e-9:
                    best, offsets = trial_value, trial
    return offsets
