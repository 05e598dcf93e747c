"""The persisted text-class cache: classify each comment once, not on every compute.

Classifying is the most expensive part of a compute (dozens of regex passes over every comment). The
store's ``text_classes`` table keeps, per event, the classifier version and the result (and the SHA-1
of the text classified, or ``redacted``); :class:`TextClassCache` reuses every row of the current
version and classifies the rest, writing them back.

This module owns the table's validity. A row is valid while it exists: ``footprint sync`` hands every
page to :func:`keep_classes_current` before writing it, which drops the class of an event whose text
changes or goes away (compared by digest) and, with ``redact_text``, classifies the texts while they
still exist, keeping wordless reasons (no word of the text reaches the store). So no text is hashed
or compared on a read. ``footprint sync`` then warms the cache
(:func:`warm_text_classes`) so the dashboard's first compute after a sync classifies nothing. The
cache is derived data: events are never rewritten, and an unwritable store only means the next compute
classifies again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import sqlalchemy as sa

from collectors.base import Page
from collectors.config import Config
from collectors.events import COLUMNS, Event
from collectors.store import Store, schema
from collectors.store.read import read_frame
from collectors.store.schema import REDACTED_TEXT

from .identities import Identities
from .kinds import ISSUE_TITLE_FIELDS, TEXT_KINDS
from .prepare import STR, RuleContext, arrow_strings, classify_distinct, prepare
from .textclass import CUES
from .textclass.acknowledgements import ACKNOWLEDGEMENTS
from .textclass.model import WEIGHTS_PATH
from .textclass.patterns import CUE_PATTERNS, FEATURES
from .textclass.reasons import wordless

#: Bump when the classifier's code changes what it returns for a text (patterns and weights are
#: hashed anyway).
MODEL_REVISION = "8"

Progress = Callable[[int], None]
#: Text events :func:`warm_text_classes` reads and classifies together, about (one item is never split).
WARM_BATCH = 200_000


@cache
def classifier_version() -> str:
    """SHA-1 of everything that decides a text's class: patterns, cue patterns, weights, revision."""
    digest = hashlib.sha1(MODEL_REVISION.encode())
    digest.update(json.dumps([FEATURES, CUE_PATTERNS, ACKNOWLEDGEMENTS], sort_keys=True).encode())
    digest.update(WEIGHTS_PATH.read_bytes())
    return digest.hexdigest()


def text_digest(text: str) -> str:
    """SHA-1 (hex) of a text's UTF-8 bytes: what a cached class records of the text it classified."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_digests(texts: pd.Series) -> np.ndarray:
    """:func:`text_digest` of each text."""
    return np.array([text_digest(text) for text in texts.tolist()], dtype=object)


#: How the ``cues`` column of the ``text_classes`` table names a text's feedback kind: ``feedback:naming``.
FEEDBACK_CUE = "feedback:"


def _cue_names(classes: pd.DataFrame) -> np.ndarray:
    """Comma-separated names of the cues present in each row, in alphabetical order, then its feedback
    kind (``feedback:tests``): kept with the class, it needs no text (``redact_text``)."""
    out = np.full(len(classes), "", dtype=object)
    for cue in sorted(CUES):
        present = classes[cue].to_numpy(dtype=bool)
        out[present] = np.where(out[present] == "", cue, out[present] + "," + cue)
    if "feedback" in classes:
        kinds = classes["feedback"].to_numpy(dtype=object)
        has = pd.notna(kinds)
        named = FEEDBACK_CUE + kinds[has].astype(str).astype(object)
        out[has] = np.where(out[has] == "", named, out[has] + "," + named)
    return out


def _feedback_kind(names: set[str]) -> str | None:
    return next((name[len(FEEDBACK_CUE) :] for name in names if name.startswith(FEEDBACK_CUE)), None)


def _positions(ids: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each of ``ids``, its position in ``keys`` (unique), or -1. Hashed in Arrow: no Python
    string object is made for a million ids."""
    found = pc.index_in(arrow_strings(ids), value_set=arrow_strings(keys))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


def _wordless_reasons(rows: pd.DataFrame) -> pd.Series:
    """The rows' reasons, those of redacted texts made wordless: a store written before redacted classes
    were kept wordless holds reasons that quote the texts' words (:func:`.textclass.reasons.wordless`)."""
    reasons = rows["reason"]
    quoting = rows["redacted"].astype(bool).to_numpy() & reasons.str.contains("'", regex=False).to_numpy(
        dtype=bool, na_value=False
    )
    if not quoting.any():
        return reasons
    out = reasons.astype(object).to_numpy(copy=True)
    out[quoting] = [wordless(str(reason)) for reason in out[quoting]]
    return pd.Series(pd.array(out, dtype=STR), index=reasons.index)


def _from_cache(rows: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Cached rows as the frame ``classify_texts`` returns (``label, reason``, one bool per cue, the
    feedback kind); the
    reasons of redacted texts never quote a word."""
    # Arrow-backed, as read: rules edit reasons with vectorised string functions
    reasons = _wordless_reasons(rows) if "redacted" in rows else rows["reason"]
    frame = pd.DataFrame({"label": rows["label"].array, "reason": reasons.array}, index=index)
    codes, uniques = pd.factorize(rows["cues"].fillna(""))  # a few dozen distinct combinations
    names = [set(str(value).split(",")) for value in uniques]
    for cue in CUES:
        frame[cue] = np.array([cue in found for found in names], dtype=bool)[codes]
    frame["feedback"] = np.array([_feedback_kind(found) for found in names], dtype=object)[codes]
    return frame


class TextClassCache:
    """Text classes through the store's ``text_classes`` table. ``write=False`` only reads it;
    ``progress(n)`` is told how many texts are about to be classified (when there are any); ``conn``
    and ``by_id``: see the attributes."""

    def __init__(
        self,
        store: Store,
        *,
        write: bool = True,
        progress: Progress | None = None,
        conn: sa.Connection | None = None,
        by_id: bool = False,
        items: tuple[str, str] | None = None,
    ) -> None:
        self.store = store
        self.write = write
        self.progress = progress
        self.conn = conn  #: read and write in this connection's transaction (a compute's)
        self.by_id = by_id  #: read only the rows of the events asked about (a few items' worth)
        #: read only the rows of the items in this range ``(first, last)`` (a full compute's batch)
        self.items = items
        self.classified = 0  #: texts classified (cache misses) by the last call
        self._redacted: pd.DataFrame | None = None  # the redacted rows :meth:`classify` read

    def classify(self, texts: pd.Series, event_ids: pd.Series) -> pd.DataFrame:
        """``classify_texts`` of ``texts`` (``event_ids`` aligned with it), reusing the cached rows of
        this classifier version (and those of redacted texts). Same index as ``texts``."""
        version = classifier_version()
        cached = self._read(version, redacted_only=False, event_ids=event_ids if self.by_id else None)
        # by id, the redacted events (no text, so not among these ids) are read when asked for
        self._redacted = None if self.by_id else cached[cached["redacted"].astype(bool)]
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
            cached = self._read(
                classifier_version(), redacted_only=True, event_ids=event_ids if self.by_id else None
            )
        position = _positions(event_ids, cached["event_id"])
        found = position >= 0
        return _from_cache(cached.iloc[position[found]], event_ids.index[found])

    def _read(self, version: str, *, redacted_only: bool, event_ids: pd.Series | None = None) -> pd.DataFrame:
        ids = None if event_ids is None else set(event_ids.dropna().astype(str))
        try:
            return self.store.text_classes(
                version, redacted_only=redacted_only, event_ids=ids, items=self.items, conn=self.conn
            )
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
            self.store.write_text_classes(rows, version, conn=self.conn)


def _classified_text(event: Event) -> str | None:
    """The text a compute classifies for ``event`` of a :data:`TEXT_KINDS` kind (as
    :attr:`RuleContext.texts` builds it: a comment's text; an issue's title, newline, body), None when
    it has none."""
    title = ISSUE_TITLE_FIELDS.get(event.kind)
    text = f"{event.attrs.get(title) or ''}\n{event.text or ''}" if title else event.text or ""
    return text if text.strip() else None


def keep_classes_current(store: Store, page: Page) -> None:
    """Keep the cache true for a page about to be written (``footprint sync`` calls it before each
    ``Store.write``, as :attr:`SyncRun.before_write`).

    The classes of events whose text changes, goes away, or that the write will delete (items fetched
    whole) are dropped. With ``redact_text`` the page's texts are classified now, while they still
    exist, and kept marked ``redacted``: the store will never hold them. Classes go in before the
    events: a kill in between leaves classes of events the rerun writes again."""
    texts = {event.event_id: _classified_text(event) for event in page.events if event.kind in TEXT_KINDS}
    written = {event.event_id for event in page.events}
    stale = store.stale_events(page.source, page.complete_items, written) if page.complete_items else []
    if store.redact_text:
        fresh = {event_id: text for event_id, text in texts.items() if text is not None}
        stale += [event_id for event_id, text in texts.items() if text is None]
        if fresh:
            # the reasons name classes, risks and features, never the words: the store keeps no text
            classes = classify_distinct(pd.Series(list(fresh.values()), dtype=object), quote_words=False)
            rows = pd.DataFrame(
                {
                    "event_id": pd.Series(list(fresh), dtype=object),
                    "text_sha1": REDACTED_TEXT,
                    "label": classes["label"].to_numpy(dtype=object),
                    "cues": _cue_names(classes),
                    "reason": classes["reason"].to_numpy(dtype=object),
                }
            )
            store.write_text_classes(rows, classifier_version())
    else:
        for event_id, digest in store.text_class_digests(list(texts)).items():
            text = texts[event_id]
            if text is None or digest != text_digest(text):
                stale.append(event_id)
    if stale:
        store.drop_text_classes(stale)


def scrub_redacted_reasons(store: Store) -> int:
    """Rewrite, wordless, the kept reasons of redacted texts that still quote words (kept by a version
    that quoted them, :func:`.textclass.reasons.wordless`), so the store itself holds no word of a text
    it never stored; returns how many. :func:`warm_text_classes` (after each sync) calls it."""
    table = schema.text_classes
    query = sa.select(table.c.event_id, table.c.label, table.c.cues, table.c.reason).where(
        table.c.text_sha1 == REDACTED_TEXT, table.c.reason.contains("'", autoescape=True)
    )
    try:
        with store.engine.connect() as conn:
            quoting = conn.execute(query).all()
        if not quoting:
            return 0
        rows = pd.DataFrame(quoting, columns=["event_id", "label", "cues", "reason"])
        rows = rows.assign(
            text_sha1=REDACTED_TEXT, reason=[wordless(str(reason)) for reason in rows["reason"]]
        )
        store.write_text_classes(rows, classifier_version())
    except sa.exc.SQLAlchemyError:  # a store without the table, or read-only: read wordless anyway
        return 0
    return len(rows)


def _item_ranges(store: Store) -> list[tuple[str, str]]:
    """Contiguous item ranges ``(first, last)`` holding about :data:`WARM_BATCH` text events each."""
    table = schema.events
    query = sa.select(table.c.item, sa.func.count()).where(table.c.kind.in_(list(TEXT_KINDS)))
    ranges: list[tuple[str, str]] = []
    first: str | None = None
    last, size = "", 0
    with store.engine.connect() as conn:
        counts = conn.execute(query.group_by(table.c.item).order_by(table.c.item)).all()
    for last, count in counts:
        first = last if first is None else first
        size += count
        if size >= WARM_BATCH:
            ranges.append((first, last))
            first, size = None, 0
    if first is not None:
        ranges.append((first, last))
    return ranges


def warm_text_classes(store: Store, config: Config, *, progress: Progress | None = None) -> int:
    """Classify the texts of every stored event that a compute would classify and that the cache does
    not hold yet (new events, edited texts, a changed classifier); returns how many were classified.
    ``footprint sync`` calls this after a successful sync.

    A text's class depends on its event alone, so the events are read by item ranges of about
    :data:`WARM_BATCH` text events, each with the cached classes of its own events: memory stays
    bounded whatever the store's size. ``progress(n)`` is told before each range that classifies
    ``n`` texts."""
    scrub_redacted_reasons(store)
    table = schema.events
    columns = ["event_id", "kind", "actor", "target", "created_at", "text", "attrs"]
    identities = Identities(config)
    classified = 0
    for first, last in _item_ranges(store):
        query = sa.select(*(table.c[name] for name in columns))
        query = query.where(table.c.kind.in_(list(TEXT_KINDS)), table.c.item.between(first, last))
        with store.engine.connect() as conn:
            events = read_frame(conn, query)
        for column in COLUMNS:
            if column not in events:
                events[column] = None
        text_cache = TextClassCache(store, progress=progress, items=(first, last))
        ctx = RuleContext(
            prepare(events[list(COLUMNS)], identities), config, identities, text_cache=text_cache
        )
        if not ctx.texts.empty:
            _ = ctx.text
            classified += text_cache.classified
    return classified
