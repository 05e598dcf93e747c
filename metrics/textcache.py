"""The persisted text-class cache: classify each comment once, not on every compute.

Classifying is the most expensive part of a compute (dozens of regex passes over every comment). The
store's ``text_classes`` table keeps, per event, the classifier version and the result (and the SHA-1
of the text classified, or ``redacted``); :class:`TextClassCache` reuses every row of the current
version and classifies the rest, writing them back. A row is valid while it exists: ``Store.write``
deletes it when the event's text or attrs change, so no text is hashed or compared on a read.
``footprint sync`` warms it (:func:`warm_text_classes`) so the dashboard's first compute after a
sync classifies nothing. The cache is derived data: events are never rewritten,
and an unwritable store only means the next compute classifies again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, Event
from collectors.store import Store
from collectors.store.schema import REDACTED_TEXT

from .identities import Identities
from .kinds import ISSUE_TITLE_FIELDS, TEXT_KINDS
from .prepare import RuleContext, arrow_strings, classify_distinct, prepare
from .textclass import CUES
from .textclass.acknowledgements import ACKNOWLEDGEMENTS
from .textclass.model import WEIGHTS_PATH
from .textclass.patterns import CUE_PATTERNS, FEATURES

#: Bump when the classifier's code changes what it returns for a text (patterns and weights are
#: hashed anyway).
MODEL_REVISION = "2"

Progress = Callable[[int], None]


@cache
def classifier_version() -> str:
    """SHA-1 of everything that decides a text's class: patterns, cue patterns, weights, revision."""
    digest = hashlib.sha1(MODEL_REVISION.encode())
    digest.update(json.dumps([FEATURES, CUE_PATTERNS, ACKNOWLEDGEMENTS], sort_keys=True).encode())
    digest.update(WEIGHTS_PATH.read_bytes())
    return digest.hexdigest()


def text_digests(texts: pd.Series) -> np.ndarray:
    """SHA-1 (hex) of each text's UTF-8 bytes."""
    return np.array(
        [hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest() for text in texts.tolist()],
        dtype=object,
    )


def _cue_names(classes: pd.DataFrame) -> np.ndarray:
    """Comma-separated names of the cues present in each row, in alphabetical order."""
    out = np.full(len(classes), "", dtype=object)
    for cue in sorted(CUES):
        present = classes[cue].to_numpy(dtype=bool)
        out[present] = np.where(out[present] == "", cue, out[present] + "," + cue)
    return out


def _positions(ids: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each of ``ids``, its position in ``keys`` (unique), or -1. Hashed in Arrow: no Python
    string object is made for a million ids."""
    found = pc.index_in(arrow_strings(ids), value_set=arrow_strings(keys))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


def _from_cache(rows: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Cached rows as the frame ``classify_texts`` returns (``label, reason``, one bool per cue)."""
    # Arrow-backed, as read: rules edit reasons with vectorised string functions
    frame = pd.DataFrame({"label": rows["label"].array, "reason": rows["reason"].array}, index=index)
    codes, uniques = pd.factorize(rows["cues"].fillna(""))  # a few dozen distinct combinations
    names = [set(str(value).split(",")) for value in uniques]
    for cue in CUES:
        frame[cue] = np.array([cue in found for found in names], dtype=bool)[codes]
    return frame


class TextClassCache:
    """Text classes through the store's ``text_classes`` table. ``write=False`` only reads it;
    ``progress(n)`` is told how many texts are about to be classified (when there are any)."""

    def __init__(self, store: Store, *, write: bool = True, progress: Progress | None = None) -> None:
        self.store = store
        self.write = write
        self.progress = progress
        self.classified = 0  #: texts classified (cache misses) by the last call
        self._redacted: pd.DataFrame | None = None  # the redacted rows :meth:`classify` read

    def classify(self, texts: pd.Series, event_ids: pd.Series) -> pd.DataFrame:
        """``classify_texts`` of ``texts`` (``event_ids`` aligned with it), reusing the cached rows of
        this classifier version (and those of redacted texts). Same index as ``texts``."""
        version = classifier_version()
        cached = self._read(version, redacted_only=False)
        self._redacted = cached[cached["redacted"].astype(bool)]
        position = _positions(event_ids, cached["event_id"])
        hit = position >= 0
        parts = []
        if hit.any():
            parts.append(_from_cache(cached.iloc[position[hit]], texts.index[hit]))
        del cached
        missing = texts[~hit]
        self.classified = len(missing)
        if len(missing):
            if self.progress is not None:
                self.progress(len(missing))
            fresh = classify_distinct(missing)
            parts.append(fresh)
            if self.write:
                self._save(fresh, event_ids[~hit].to_numpy(dtype=object), text_digests(missing), version)
        if len(parts) == 1:
            return parts[0]
        return pd.concat(parts).reindex(texts.index)

    def redacted(self, event_ids: pd.Series) -> pd.DataFrame:
        """Classes kept for the redacted texts of ``event_ids``, as :meth:`classify` returns them,
        indexed like ``event_ids`` (ids without one are left out)."""
        cached = self._redacted
        if cached is None:
            cached = self._read(classifier_version(), redacted_only=True)
        position = _positions(event_ids, cached["event_id"])
        found = position >= 0
        return _from_cache(cached.iloc[position[found]], event_ids.index[found])

    def _read(self, version: str, *, redacted_only: bool) -> pd.DataFrame:
        try:
            return self.store.text_classes(version, redacted_only=redacted_only)
        except sa.exc.SQLAlchemyError:  # a store without the table (read-only, older program)
            return pd.DataFrame(columns=["event_id", "label", "cues", "reason", "redacted"])

    def _save(self, fresh: pd.DataFrame, ids: np.ndarray, digests: np.ndarray, version: str) -> None:
        rows = pd.DataFrame(
            {
                "event_id": ids,
                "text_sha1": digests,
                "label": fresh["label"].to_numpy(dtype=object),
                "cues": _cue_names(fresh),
                "reason": fresh["reason"].to_numpy(dtype=object),
            }
        )
        # derived data: a read-only or busy store only means classifying again next time
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            self.store.write_text_classes(rows, version)


def classify_for_redaction(events: Sequence[Event]) -> tuple[pd.DataFrame, str]:
    """Classes of the texts of ``events`` that are about to be redacted (the store's
    ``classify_redacted``): rows for :meth:`Store.write_text_classes` and the classifier version.
    The text classified is the one a compute would classify (an issue's title, newline, body)."""
    ids, texts = [], []
    for event in events:
        if event.kind not in TEXT_KINDS or not event.text:
            continue
        title = ISSUE_TITLE_FIELDS.get(event.kind)
        text = f"{event.attrs.get(title) or ''}\n{event.text}" if title else event.text
        ids.append(event.event_id)
        texts.append(text)
    classes = classify_distinct(pd.Series(texts, dtype=object))
    rows = pd.DataFrame(
        {
            "event_id": pd.Series(ids, dtype=object),
            "text_sha1": REDACTED_TEXT,
            "label": classes["label"].to_numpy(dtype=object),
            "cues": _cue_names(classes),
            "reason": classes["reason"].to_numpy(dtype=object),
        }
    )
    return rows, classifier_version()


def warm_text_classes(store: Store, config: Config, *, progress: Progress | None = None) -> int:
    """Classify the texts of every stored event that a compute would classify and that the cache does
    not hold yet (new events, edited texts, a changed classifier); returns how many were classified.
    ``footprint sync`` calls this after a successful sync."""
    columns = ["event_id", "kind", "actor", "target", "created_at", "text", "attrs"]
    events = store.events(columns=columns, kinds=TEXT_KINDS)
    for column in COLUMNS:
        if column not in events:
            events[column] = None
    identities = Identities(config)
    text_cache = TextClassCache(store, progress=progress)
    ctx = RuleContext(prepare(events[list(COLUMNS)], identities), config, identities, text_cache=text_cache)
    if ctx.texts.empty:
        return 0
    _ = ctx.text
    return text_cache.classified
