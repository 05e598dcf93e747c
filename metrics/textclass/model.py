"""The scoring engine: lexicon features -> weighted class scores -> label, cues and a readable reason.

A text's score for a class is ``bias[class] + sum(weight[feature][class] for each feature present)``;
the label is the best-scoring class. The weights live in ``weights.toml`` beside this file (fitted by
:mod:`metrics.textclass.fit`, readable and editable by hand). The text is ``other`` when it is empty or
when no content feature (one whose name does not start with ``shape:``) is present: form alone is not
evidence of what a comment says.

Everything is vectorised per pattern over the whole series (one pyarrow regex pass per pattern); the
only per-row Python work is quoting the matched words in the reason.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .patterns import CUE_PATTERNS, FEATURES, SHAPE

#: Classes the weights score (``other`` is decided by the absence of content features).
SCORED_LABELS: tuple[str, ...] = ("defect", "maintainability", "design", "question", "praise")
WEIGHTS_PATH = Path(__file__).with_name("weights.toml")
#: How many matched features a reason names at most.
REASON_TOP = 3
_SNIPPET_MAX = 40


@dataclass(frozen=True)
class Weights:
    """Per-class bias and per-feature weights; ``matrix[i, j]`` is feature i's weight for class j."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    bias: np.ndarray
    matrix: np.ndarray

    @classmethod
    def from_toml(cls, path: Path = WEIGHTS_PATH) -> Weights:
        """Load the table; features absent from the file weigh 0, unknown feature names are an error."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        labels = tuple(data["labels"])
        if labels != SCORED_LABELS:
            raise ValueError(f"{path}: labels must be {list(SCORED_LABELS)}, got {list(labels)}")
        unknown = sorted(set(data.get("weights", {})) - set(FEATURES))
        if unknown:
            raise ValueError(f"{path}: weights for unknown features {unknown}")
        names = tuple(FEATURES)
        matrix = np.zeros((len(names), len(labels)))
        for i, name in enumerate(names):
            row = data.get("weights", {}).get(name, {})
            matrix[i] = [float(row.get(label, 0.0)) for label in labels]
        bias = np.array([float(data["bias"][label]) for label in labels])
        return cls(labels, names, bias, matrix)

    def to_toml(self, header: str) -> str:
        """The table as TOML text with ``header`` as leading comment lines (used by the fitter)."""
        lines = [f"# {line}".rstrip() for line in header.splitlines()]
        lines += ["", f"labels = {list(self.labels)!r}".replace("'", '"'), "", "[bias]"]
        lines += [f"{label} = {value:.2f}" for label, value in zip(self.labels, self.bias, strict=True)]
        lines += ["", "[weights]"]
        for name, row in zip(self.features, self.matrix, strict=True):
            cells = ", ".join(f"{label} = {value:.2f}" for label, value in zip(self.labels, row, strict=True))
            lines.append(f'"{name}" = {{ {cells} }}')
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The shipped weight table, loaded once."""
    return Weights.from_toml()


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)  # as close to RE2's ASCII classes as Python gets


def normalise(texts: pd.Series) -> pd.Series:
    """Lower-cased text with missing values as ``""``; every pattern is written against this form."""
    return texts.astype("str").fillna("").str.lower()


def _arrow(lowered: pd.Series) -> pa.Array:
    return pa.array(lowered.to_numpy(dtype=object), type=pa.large_string())


def feature_matrix(lowered: pd.Series, names: tuple[str, ...] = tuple(FEATURES)) -> np.ndarray:
    """Boolean matrix (rows x features): does feature ``names[j]`` match row i of ``lowered``.

    Runs pyarrow's RE2 engine directly rather than ``Series.str.contains``, which falls back to a
    per-row Python ``re`` loop as soon as the data hold one non-ASCII character. RE2's ``\\w`` and
    ``\\b`` are ASCII-only, which suits an English lexicon.
    """
    arrow = _arrow(lowered)
    out = np.zeros((len(lowered), len(names)), dtype=bool)
    for j, name in enumerate(names):
        out[:, j] = pc.match_substring_regex(arrow, FEATURES[name]).to_numpy(zero_copy_only=False)
    return out


def cue_frame(lowered: pd.Series) -> pd.DataFrame:
    """One bool column per cue name, same index as ``lowered``."""
    arrow = _arrow(lowered)
    return pd.DataFrame(
        {
            cue: pc.match_substring_regex(arrow, pattern).to_numpy(zero_copy_only=False)
            for cue, pattern in CUE_PATTERNS.items()
        },
        index=lowered.index,
    )


def predict(present: np.ndarray, weights: Weights) -> np.ndarray:
    """Index into ``weights.labels`` of the best class per row (ignores the ``other`` rule)."""
    scores = present.astype(float) @ weights.matrix + weights.bias
    return scores.argmax(axis=1)


def _snippet(lowered: str, pattern: str) -> str:
    match = _compiled(pattern).search(lowered)
    text = match.group(0).strip() if match else ""
    return " ".join(text.split())[:_SNIPPET_MAX] or pattern


def _top_features(row: np.ndarray, label_index: int, weights: Weights) -> list[str]:
    """Names of the present content features that support the label most, strongest first."""
    contrib = np.where(row, weights.matrix[:, label_index], -np.inf)
    order = np.argsort(-contrib, kind="stable")
    names = []
    for j in order[:REASON_TOP]:
        if contrib[j] <= 0 or weights.features[j].startswith(SHAPE):
            continue
        names.append(weights.features[j])
    if not names:  # the label won on bias/shape; still name the content that was there
        names = [
            weights.features[j] for j in np.flatnonzero(row) if not weights.features[j].startswith(SHAPE)
        ]
    return names[:REASON_TOP]


def classify_frame(texts: pd.Series, weights: Weights | None = None) -> pd.DataFrame:
    """Label, reason and cue columns for every text (the implementation of ``classify_texts``)."""
    weights = weights or default_weights()
    lowered = normalise(texts)
    present = feature_matrix(lowered, weights.features)
    content = ~np.array([name.startswith(SHAPE) for name in weights.features])
    has_content = present[:, content].any(axis=1)
    best = predict(present, weights)
    labels = np.where(has_content, np.array(weights.labels, dtype=object)[best], "other")

    # Reasons depend only on (label, features present): work them out once per distinct combination.
    packed = np.concatenate([best[:, None].astype(np.uint8), np.packbits(present, axis=1)], axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    tops = [_top_features(present[i], int(best[i]), weights) for i in first]
    empty = lowered.str.strip().eq("").to_numpy()
    reasons = []
    for i, (text, top_index) in enumerate(zip(lowered.tolist(), inverse.ravel().tolist(), strict=True)):
        if not has_content[i]:
            reasons.append("other: empty text" if empty[i] else "other: no class cue matched")
            continue
        by_snippet: dict[str, list[str]] = {}
        for name in tops[top_index]:
            by_snippet.setdefault(_snippet(text, FEATURES[name]), []).append(name)
        quoted = ", ".join(f"'{snippet}' ({', '.join(names)})" for snippet, names in by_snippet.items())
        reasons.append(f"{labels[i]}: {quoted}")
    frame = pd.DataFrame({"label": labels.astype(str), "reason": reasons}, index=texts.index)
    return pd.concat([frame, cue_frame(lowered)], axis=1)
