"""The store's rows of metrics' text-class cache (:mod:`metrics.textcache` decides what is in it and
when it is stale; the store only reads and writes the rows it is handed). Mixed into :class:`.Store`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlalchemy as sa

from . import schema
from .read import read_frame

BATCH_ROWS = 1000


class TextClassRows:
    """Read and write ``text_classes``; each method may run in a caller's connection (``conn``): a
    compute that holds SQLite's write lock writes classes in its own transaction, not beside it."""

    engine: sa.Engine
    #: The dialect's INSERT (with its upsert clause), provided by :class:`Store`.
    _insert: Callable[[sa.Table], Any]

    @contextmanager
    def _connection(self, conn: sa.Connection | None, *, write: bool) -> Iterator[sa.Connection]:
        if conn is not None:
            if not write:
                yield conn
                return
            with conn.begin_nested():  # a failed write leaves the caller's transaction usable
                yield conn
            return
        with self.engine.begin() if write else self.engine.connect() as opened:
            yield opened

    def text_classes(
        self,
        version: str,
        *,
        redacted_only: bool = False,
        event_ids: Collection[str] | None = None,
        items: tuple[str, str] | None = None,
        conn: sa.Connection | None = None,
    ) -> pd.DataFrame:
        """Cached text classes made by classifier ``version``, and those of redacted texts whatever
        their version (they cannot be classified again): ``event_id, label, cues, reason, redacted``
        (``cues`` comma-separated names; ``redacted`` a bool), in no particular order.
        ``redacted_only``: only the latter; ``event_ids``: only theirs; ``items`` ``(first, last)``:
        only those of the events of the items in that range (one joined query, as a compute's item
        range reads its events); ``conn``: read in that connection's transaction."""
        table = schema.text_classes
        redacted = table.c.text_sha1 == schema.REDACTED_TEXT
        # the flag, not the 40-character digest: reading a string per row costs half a second a million
        flag = sa.type_coerce(sa.case((redacted, True), else_=False), sa.Boolean).label("redacted")
        query = sa.select(table.c.event_id, table.c.label, table.c.cues, table.c.reason, flag).where(
            redacted if redacted_only else sa.or_(table.c.classifier_version == version, redacted)
        )
        if items is not None:
            events = schema.events
            query = query.join(events, events.c.event_id == table.c.event_id)
            query = query.where(events.c.item.between(*items))
        if event_ids is None:
            with self._connection(conn, write=False) as active:
                return read_frame(active, query)
        ids, parts = sorted(event_ids), []
        with self._connection(conn, write=False) as active:
            for start in range(0, len(ids), BATCH_ROWS):
                chunk = ids[start : start + BATCH_ROWS]
                parts.append(read_frame(active, query.where(table.c.event_id.in_(chunk))))
        if not parts:
            with self._connection(conn, write=False) as active:
                return read_frame(active, query.where(sa.false()))
        return pd.concat(parts, ignore_index=True)

    def text_class_digests(self, event_ids: Collection[str]) -> dict[str, str]:
        """``event_id -> text_sha1`` of the cached classes of ``event_ids`` that have one."""
        table, ids, found = schema.text_classes, list(event_ids), {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), BATCH_ROWS):
                query = sa.select(table.c.event_id, table.c.text_sha1).where(
                    table.c.event_id.in_(ids[start : start + BATCH_ROWS])
                )
                found.update((event_id, digest) for event_id, digest in conn.execute(query))
        return found

    def drop_text_classes(self, event_ids: Collection[str]) -> None:
        """Delete the cached classes of ``event_ids``, in one transaction."""
        table, ids = schema.text_classes, list(event_ids)
        with self.engine.begin() as conn:
            for start in range(0, len(ids), BATCH_ROWS):
                conn.execute(sa.delete(table).where(table.c.event_id.in_(ids[start : start + BATCH_ROWS])))

    def write_text_classes(
        self, rows: pd.DataFrame, version: str, *, conn: sa.Connection | None = None
    ) -> int:
        """Upsert ``rows`` (columns ``event_id, text_sha1, label, cues, reason``) as classified by
        ``version``, in one transaction (``conn``'s when given); returns the number of rows. Events
        are never touched."""
        table = schema.text_classes
        names = ["event_id", "text_sha1", "label", "cues", "reason"]
        columns = [rows[name].astype(object).tolist() for name in names]
        records = [
            dict(zip(names, values, strict=True), classifier_version=version)
            for values in zip(*columns, strict=True)
        ]
        stmt = self._insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.event_id],
            set_={c: stmt.excluded[c] for c in [*names[1:], "classifier_version"]},
        )
        with self._connection(conn, write=True) as active:
            for start in range(0, len(records), 10 * BATCH_ROWS):
                active.execute(stmt, records[start : start + 10 * BATCH_ROWS])
        return len(records)
