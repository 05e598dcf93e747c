"""Explainable text classes for review comments and comments (DESIGN §7), and their cues.

``classify`` / ``classify_texts`` label a text ``defect``, ``maintainability``, ``design``, ``question``,
``praise`` or ``other`` with a linear model over named lexicon patterns (:mod:`.patterns`) and frequent
word stems and pairs of stems (:mod:`.tokens`), whose readable weight table (``weights.toml``) is fitted by
:mod:`.fit`; the reason quotes the words that decided. Acknowledgements and procedural comments ("LGTM",
"+1", "thanks!", "done", "ping", "PTAL", "rebased on main", a lone emoji; :mod:`.acknowledgements`) are
``other`` with no cue, so they give no behaviour. A text naming a risk (:mod:`.risks`: security, data
loss, races, load, compatibility, migrations, deadlines) carries the ``risk`` cue and is ``defect``
unless it is a question or a design discussion. Independently, the cues ``suggestion``, ``explanation``,
``docs_link``, ``risk``, ``status_update`` and ``acknowledges_report`` (the text opens by acknowledging
what someone else found: "good catch", "thanks for the report", "yes, that's a bug", "I can reproduce
this"; the finding is theirs, so it names no risk and finds no defect for the replier) are reported.
Offline, no model download, no scikit-learn at run time; about a hundred thousand comments in a few
seconds (``benchmarks/bench_textclass.py``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .class_behaviours import behaviours_for
from .model import classify_frame

LABELS: tuple[str, ...] = ("defect", "maintainability", "design", "question", "praise", "other")
CUES: tuple[str, ...] = (
    "suggestion",
    "explanation",
    "docs_link",
    "risk",
    "status_update",
    "acknowledges_report",
)

__all__ = ["CUES", "LABELS", "TextClass", "behaviours_for", "classify", "classify_texts"]


@dataclass(frozen=True)
class TextClass:
    """The class of one text: ``label`` in LABELS, ``cues`` a subset of CUES, ``reason`` what matched,
    ``feedback`` the kind of maintainability feedback it gives (or None)."""

    label: str
    cues: frozenset[str]
    reason: str
    feedback: str | None = None


def classify_texts(texts: pd.Series, *, quote_words: bool = True) -> pd.DataFrame:
    """Classify every text; vectorised over the series.

    Returns a frame with the same index as ``texts`` and columns ``label`` (str), ``reason`` (str), one
    bool column per cue in CUES and ``feedback``: the kind of maintainability feedback
    (:func:`.feedback.feedback_kinds`: ``"naming"``, ``"tests"``, ...) or None. Missing or blank text is
    ``other``. Without ``quote_words`` the reason
    names the label, risks and features but no word of the text (what ``redact_text`` keeps).
    """
    return classify_frame(texts, quote_words=quote_words)


def classify(text: str | None) -> TextClass:
    """Classify one text; the same result as ``classify_texts`` gives for it in a series."""
    row = classify_frame(pd.Series([text], dtype="object")).iloc[0]
    cues = frozenset(cue for cue in CUES if bool(row[cue]))
    kind = row["feedback"]
    feedback = kind if isinstance(kind, str) else None
    return TextClass(label=str(row["label"]), cues=cues, reason=str(row["reason"]), feedback=feedback)
