"""Per-class bias offsets chosen on inner held-out rows (metrics/textclass/offsets.py)."""

from __future__ import annotations

import numpy as np

from metrics.textclass.evaluate import Scores
from metrics.textclass.offsets import choose_offsets, shifted
from metrics.textclass.weights import SCORED_LABELS, Weights


def _weights(bias: list[float]) -> Weights:
    k = len(SCORED_LABELS)
    return Weights(SCORED_LABELS, (), np.array(bias), np.zeros((0, k)), (), np.zeros((0, k)))


def _by_bias(rows: np.ndarray, weights: Weights) -> np.ndarray:
    """Every row gets the class of the largest bias (a stand-in for the classifier)."""
    return np.full(len(rows), SCORED_LABELS[int(np.argmax(weights.bias))], dtype=object)


def _accuracy(scores: Scores) -> float:
    return scores.accuracy


def test_offsets_move_the_threshold_towards_the_gold_class() -> None:
    gold = np.full(6, SCORED_LABELS.index("praise"))
    bias = [0.0] * len(SCORED_LABELS)
    bias[SCORED_LABELS.index("maintainability")] = 0.3
    held = [(np.arange(0, 3), _weights(bias)), (np.arange(3, 6), _weights(bias))]
    offsets = choose_offsets(held, gold, _by_bias, _accuracy)
    assert _by_bias(np.arange(1), shifted(held[0][1], offsets))[0] == "praise"


def test_no_offset_when_nothing_improves() -> None:
    gold = np.full(4, SCORED_LABELS.index("maintainability"))
    bias = [0.0] * len(SCORED_LABELS)
    bias[SCORED_LABELS.index("maintainability")] = 2.0
    offsets = choose_offsets([(np.arange(4), _weights(bias))], gold, _by_bias, _accuracy)
    assert (offsets == 0).all()
