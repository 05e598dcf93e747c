"""Measuring the classifier against a labelled set: accuracy, macro-F1, per-class F1, confusion matrix.

The labelled set is a CSV with at least ``id``, ``text`` and ``label`` columns (the project measures on
``../shared/data/review-comments/labelled-dev.csv`` relative to the repository root; it is never shipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: Where the project's development set lives, relative to the repository root.
DEV_SET = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "review-comments" / "labelled-dev.csv"
)


def load_labelled(path: Path = DEV_SET) -> pd.DataFrame:
    """The labelled comments with columns ``id``, ``text`` (missing -> ""), ``label``."""
    frame = pd.read_csv(path, dtype={"id": "str", "text": "str", "label": "str"}, keep_default_na=False)
    missing = {"id", "text", "label"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    return frame[["id", "text", "label"]]


@dataclass(frozen=True)
class Scores:
    """Agreement of predictions with gold labels."""

    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    confusion: pd.DataFrame  # rows: gold label, columns: predicted label
    n: int

    def summary(self) -> str:
        """One line: n, accuracy and macro-F1."""
        return f"n={self.n} accuracy={self.accuracy:.3f} macro-F1={self.macro_f1:.3f}"


def score(gold: pd.Series, predicted: pd.Series) -> Scores:
    """Scores of ``predicted`` against ``gold``; macro-F1 averages over the gold classes only.

    A prediction outside the gold classes (e.g. ``other``) counts as wrong and shows as its own
    column in the confusion matrix.
    """
    gold = gold.astype(str).reset_index(drop=True)
    predicted = predicted.astype(str).reset_index(drop=True)
    classes = sorted(gold.unique())
    columns = classes + sorted(set(predicted.unique()) - set(classes))
    confusion = pd.crosstab(gold, predicted).reindex(index=classes, columns=columns, fill_value=0)
    f1 = {}
    for label in classes:
        tp = confusion.at[label, label] if label in confusion.columns else 0
        fp = confusion[label].sum() - tp if label in confusion.columns else 0
        fn = confusion.loc[label].sum() - tp
        f1[label] = 0.0 if tp == 0 else float(2 * tp / (2 * tp + fp + fn))
    accuracy = float((gold == predicted).mean()) if len(gold) else 0.0
    macro = sum(f1.values()) / len(f1) if f1 else 0.0
    return Scores(accuracy, macro, f1, confusion, len(gold))
