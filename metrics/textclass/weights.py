"""The fitted weight table (``weights.toml``): per-class bias, lexicon weights and n-gram weights.

The file is plain TOML, readable and editable by hand:

- ``labels``: the scored classes, in the order every row of numbers below follows;
- ``[bias]``: one number per class;
- ``[weights]``: one inline table per named lexicon feature (:data:`.patterns.FEATURES`);
- ``[ngrams]``: one inline table per word or word pair of the vocabulary (see :mod:`.tokens` for the
  placeholder words ``xs``, ``xcode``, ``xurl``, ``xnum``, ``xq``); classes with weight 0 are left out.

A text's score for a class is its bias plus the weights of the features and n-grams present in it.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .patterns import FEATURES

#: Classes the weights score (``other`` is decided by rules, not scored).
SCORED_LABELS: tuple[str, ...] = ("defect", "maintainability", "design", "question", "praise")
WEIGHTS_PATH = Path(__file__).with_name("weights.toml")


@dataclass(frozen=True)
class Weights:
    """``matrix[i, j]``: lexicon feature i's weight for class j; ``ngram_matrix[i, j]``: n-gram i's."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    bias: np.ndarray
    matrix: np.ndarray
    ngrams: tuple[str, ...] = ()
    ngram_matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, len(SCORED_LABELS))))

    @classmethod
    def from_toml(cls, path: Path = WEIGHTS_PATH) -> Weights:
        """Load the table; absent features weigh 0, unknown feature names or classes are an error."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        labels = tuple(data["labels"])
        if labels != SCORED_LABELS:
            raise ValueError(f"{path}: labels must be {list(SCORED_LABELS)}, got {list(labels)}")
        unknown = sorted(set(data.get("weights", {})) - set(FEATURES))
        if unknown:
            raise ValueError(f"{path}: weights for unknown features {unknown}")
        names = tuple(FEATURES)
        matrix = _rows(path, [data.get("weights", {}).get(name, {}) for name in names], labels)
        ngram_rows = data.get("ngrams", {})
        ngram_matrix = _rows(path, list(ngram_rows.values()), labels)
        bias = np.array([float(data["bias"][label]) for label in labels])
        return cls(labels, names, bias, matrix, tuple(ngram_rows), ngram_matrix)

    def to_toml(self, header: str) -> str:
        """The table as TOML text with ``header`` as leading comment lines (used by the fitter)."""
        lines = [f"# {line}".rstrip() for line in header.splitlines()]
        lines += ["", f"labels = {json.dumps(list(self.labels))}", "", "[bias]"]
        lines += [f"{label} = {value:.2f}" for label, value in zip(self.labels, self.bias, strict=True)]
        lines += ["", "[weights]"]
        lines += [
            f"{json.dumps(name)} = {self._cells(row)}"
            for name, row in zip(self.features, self.matrix, strict=True)
        ]
        lines += ["", "[ngrams]"]
        lines += [
            f"{json.dumps(gram)} = {self._cells(row)}"
            for gram, row in zip(self.ngrams, self.ngram_matrix, strict=True)
        ]
        return "\n".join(lines) + "\n"

    def _cells(self, row: np.ndarray) -> str:
        cells = ", ".join(
            f"{label} = {value:.2f}" for label, value in zip(self.labels, row, strict=True) if round(value, 2)
        )
        return f"{{ {cells} }}" if cells else "{}"


def _rows(path: Path, tables: list[dict[str, float]], labels: tuple[str, ...]) -> np.ndarray:
    out = np.zeros((len(tables), len(labels)))
    for i, table in enumerate(tables):
        extra = set(table) - set(labels)
        if extra:
            raise ValueError(f"{path}: unknown classes {sorted(extra)}")
        out[i] = [float(table.get(label, 0.0)) for label in labels]
    return out


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The shipped weight table, loaded once."""
    return Weights.from_toml()
