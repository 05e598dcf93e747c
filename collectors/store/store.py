"""The store: the seam between collectors (writers) and metrics (readers). Opened by :mod:`.connect`.

SQLite (WAL, busy timeout, foreign keys) by default, PostgreSQL for a shared deployment; the same
SQLAlchemy Core code serves both. Every write is a transaction, and events are upserted by
``event_id``, so a crash never leaves half a batch and a rerun never duplicates. A batch and the sync
state that records it go in the same transaction: resuming after a kill starts exactly where the last
committed batch ended.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..events import COLUMNS, Event
from ..sources import kind_named
from . import postgres_arrow, schema
from .changes import items_of, mark_changed
from .read import read_frame
from .text_class_rows import TextClassRows

BATCH_ROWS = 1000
#: The ``footprint_meta`` key counting the transactions that wrote events (:meth:`Store.signature`).
WRITES_KEY = "event_writes"


def _now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Store(TextClassRows):
    """Read and write access to one footprint store. Create with :func:`open_store`.

    With ``redact_text`` no text body is ever written. The ``text_classes`` table is kept here but
    belongs to metrics' text-class cache (:mod:`metrics.textcache`), which decides what is in it and
    when it is stale; the store only reads and writes the rows it is handed.
    """

    def __init__(self, engine: sa.Engine, *, redact_text: bool = False) -> None:
        self.engine = engine
        self.redact_text = redact_text

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _insert(self, table: sa.Table) -> Any:
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    # -- writing -------------------------------------------------------------------------------

    def _upsert_events(self, conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
        stmt = self._insert(schema.events)
        stmt = stmt.on_conflict_do_update(
            index_elements=[schema.events.c.event_id],
            set_={c: stmt.excluded[c] for c in COLUMNS if c != "event_id"},
        )
        conn.execute(stmt, list(rows))

    @staticmethod
    def _stale_ids(
        conn: sa.Connection, source: str, items: Collection[str], current: Collection[str]
    ) -> list[str]:
        events = schema.events
        listed = list(dict.fromkeys(items))
        stale: list[str] = []
        for start in range(0, len(listed), BATCH_ROWS):
            stored = conn.execute(
                sa.select(events.c.event_id).where(
                    events.c.source == source, events.c.item.in_(listed[start : start + BATCH_ROWS])
                )
            )
            stale += [event_id for event_id in stored.scalars() if event_id not in current]
        return stale

    def stale_events(self, source: str, items: Collection[str], current: Collection[str]) -> list[str]:
        """Ids of the stored events of ``source``'s ``items`` that are not in ``current``: what
        :meth:`write` with ``complete_items=items`` would delete."""
        with self.engine.connect() as conn:
            return self._stale_ids(conn, source, items, current)

    def _drop_stale(
        self, conn: sa.Connection, source: str, items: Collection[str], current: Collection[str]
    ) -> None:
        """Delete the events of ``source``'s ``items`` whose ids are not in ``current``."""
        stale = self._stale_ids(conn, source, items, current)
        for start in range(0, len(stale), BATCH_ROWS):
            ids = stale[start : start + BATCH_ROWS]
            conn.execute(sa.delete(schema.events).where(schema.events.c.event_id.in_(ids)))

    def _put_state(self, conn: sa.Connection, source: str, scope: str, state: dict[str, Any]) -> None:
        stmt = self._insert(schema.sync_state).values(
            source=source, scope=scope, state=json.dumps(state, sort_keys=True), updated_at=_now()
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[schema.sync_state.c.source, schema.sync_state.c.scope],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        conn.execute(stmt)

    def write(
        self,
        events: Iterable[Event],
        *,
        source: str | None = None,
        scope: str | None = None,
        state: dict[str, Any] | None = None,
        complete_items: Collection[str] = (),
    ) -> int:
        """Upsert ``events`` and, if given, the sync ``state`` of ``(source, scope)``, atomically.

        ``complete_items`` are items of ``source`` whose every event is in ``events`` (fetched whole):
        their stored events that are no longer among them (a deleted comment, a retro line removed,
        an issue that became a retro) are deleted, so an incremental sync converges to what a full
        one would store. Returns the number of events written. Duplicate ids inside one call keep the
        last one. Every event's ``attrs`` must follow its kind's struct (:mod:`collectors.kinds`):
        ``ValueError`` naming the event and the key otherwise, and nothing is written.
        """
        latest = {event.event_id: event for event in events}
        for event in latest.values():
            try:
                kind_named(event.kind).check(event.attrs)
            except ValueError as exc:
                raise ValueError(f"{event.event_id}: {exc}") from None
        rows = [event.as_row(redact_text=self.redact_text) for event in latest.values()]
        with self.engine.begin() as conn:
            # the items written, the ones their events were in, those fetched whole: recomputed next
            mark_changed(conn, {row["item"] for row in rows} | items_of(conn, latest) | set(complete_items))
            for start in range(0, len(rows), BATCH_ROWS):
                self._upsert_events(conn, rows[start : start + BATCH_ROWS])
            if complete_items:
                if source is None:
                    raise ValueError("complete_items needs source")
                self._drop_stale(conn, source, complete_items, latest)
            if state is not None:
                if source is None or scope is None:
                    raise ValueError("state needs source and scope")
                self._put_state(conn, source, scope, state)
            self._count_write(conn)  # last: the counter's row stays locked only until the commit
        return len(rows)

    def _count_write(self, conn: sa.Connection) -> None:
        """Add one to the write counter (:data:`WRITES_KEY`), in the writing transaction."""
        meta = schema.meta
        stmt = self._insert(meta).values(key=WRITES_KEY, value="1")
        stmt = stmt.on_conflict_do_update(
            index_elements=[meta.c.key],
            set_={"value": sa.cast(sa.cast(meta.c.value, sa.BigInteger) + 1, sa.Text)},
        )
        conn.execute(stmt)

    def get_state(self, source: str, scope: str) -> dict[str, Any] | None:
        """The last committed sync state of ``(source, scope)``, or None before its first sync."""
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(schema.sync_state.c.state).where(
                    schema.sync_state.c.source == source, schema.sync_state.c.scope == scope
                )
            ).scalar_one_or_none()
        return json.loads(value) if value is not None else None

    def clear_state(self, source: str) -> None:
        """Forget watermarks and cursors of ``source`` (``footprint sync --full``); events stay."""
        with self.engine.begin() as conn:
            conn.execute(sa.delete(schema.sync_state).where(schema.sync_state.c.source == source))

    # -- sync runs -----------------------------------------------------------------------------

    def start_run(self, source: str) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.insert(schema.sync_runs).values(source=source, started_at=_now(), status="running")
            )
            return int(result.inserted_primary_key[0])

    def add_problem(self, run_id: int, scope: str, kind: str, message: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(schema.sync_problems).values(
                    run_id=run_id, scope=scope, kind=kind, message=message, at=_now()
                )
            )

    def finish_run(self, run_id: int, status: str, *, events_written: int = 0, requests: int = 0) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(schema.sync_runs)
                .where(schema.sync_runs.c.run_id == run_id)
                .values(finished_at=_now(), status=status, events_written=events_written, requests=requests)
            )

    def runs(self) -> pd.DataFrame:
        """Every sync run, newest first."""
        with self.engine.connect() as conn:
            frame = pd.read_sql(sa.select(schema.sync_runs).order_by(schema.sync_runs.c.run_id.desc()), conn)
        for column in ("started_at", "finished_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame

    def problems(self, run_id: int | None = None) -> pd.DataFrame:
        """Problems of one run, or of the latest run of every source when ``run_id`` is None."""
        runs, problems = schema.sync_runs, schema.sync_problems
        query = sa.select(problems, runs.c.source).join(runs, runs.c.run_id == problems.c.run_id)
        if run_id is None:
            latest = sa.select(sa.func.max(runs.c.run_id)).group_by(runs.c.source)
            query = query.where(problems.c.run_id.in_(latest))
        else:
            query = query.where(problems.c.run_id == run_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query.order_by(problems.c.problem_id), conn)
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame

    # -- access audit --------------------------------------------------------------------------

    def record_view(self, viewer: str, subject: str, page: str) -> None:
        """Append that ``viewer`` saw ``subject``'s individual ``page`` (oidc mode, DESIGN §8)."""
        with self.engine.begin() as conn:
            conn.execute(sa.insert(schema.audit).values(viewer=viewer, subject=subject, page=page, at=_now()))

    def views_of(self, subject: str) -> pd.DataFrame:
        """Who viewed ``subject``'s individual pages, newest first: viewer, page, at."""
        audit = schema.audit
        query = (
            sa.select(audit.c.viewer, audit.c.page, audit.c.at)
            .where(audit.c.subject == subject)
            .order_by(audit.c.audit_id.desc())
        )
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn)
        frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
        return frame

    # -- reading -------------------------------------------------------------------------------

    def signature(self) -> str:
        """A value that changes whenever the content changes: every :meth:`write` (it counts its
        transactions in ``footprint_meta``, in the same transaction, so the count moves exactly when
        events, deletions or sync states are committed), the newest event time, the last sync run
        (started or finished). Reading the store never changes it (file times would: SQLite
        checkpoints). Cheap at any size: one key look-up and three index ends, no scan of the events
        (a ``count(*)`` of 5,000,000 events took 2 s on PostgreSQL, on every page's rerun)."""
        events, runs, meta = schema.events, schema.sync_runs, schema.meta
        with self.engine.connect() as conn:
            writes = conn.execute(
                sa.select(meta.c.value).where(meta.c.key == WRITES_KEY)
            ).scalar_one_or_none()
            newest = conn.execute(sa.select(sa.func.max(events.c.created_at))).scalar_one()
            last_run, finished = conn.execute(
                sa.select(sa.func.max(runs.c.run_id), sa.func.max(runs.c.finished_at))
            ).one()
        return f"{writes or 0}|{newest}|{last_run}|{finished}"

    def count_events(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar_one())

    def _events_query(
        self,
        since: datetime | None,
        until: datetime | None,
        columns: Sequence[str],
        kinds: Sequence[str] | None = None,
    ) -> sa.Select[Any]:
        table = schema.events
        query = sa.select(*(table.c[name] for name in columns))
        if kinds is not None:
            query = query.where(table.c.kind.in_(list(kinds)))
        if since is not None:
            query = query.where(table.c.created_at >= _as_utc(since))
        if until is not None:
            query = query.where(table.c.created_at < _as_utc(until))
        return query.order_by(table.c.created_at, table.c.event_id)

    def events(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        columns: Sequence[str] = COLUMNS,
        kinds: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Events in ``[since, until)`` (of ``kinds`` if given) ordered by time then id; text columns
        ``str``, ``created_at`` as UTC datetimes.

        ``attrs`` stays canonical JSON text: decode it with its kind's struct (:meth:`Kind.decode`).
        """
        table = schema.events
        query = sa.select(*(table.c[name] for name in columns))
        if kinds is not None:
            query = query.where(table.c.kind.in_(list(kinds)))
        with self.engine.connect() as conn:
            if self.dialect != "sqlite":  # the server sorts, in its own collation, as it always has
                return read_frame(conn, self._events_query(since, until, columns, kinds))
            stamp: sa.ColumnElement[Any] = table.c.created_at
            if kinds is None and self._mostly(conn, since, until):
                # `+created_at` (no index) makes SQLite scan instead of walking ix_events_created_at row by
                # row: a window over most of 1M events reads with about a quarter less CPU (bench_snapshot.py
                # "read events": a snapshot reads everything before its window's end)
                stamp = sa.type_coerce(sa.literal_column("+events.created_at"), sa.DateTime(timezone=True))
            if since is not None:
                query = query.where(stamp >= _as_utc(since))
            if until is not None:
                query = query.where(stamp < _as_utc(until))
            sort_by = [name for name in ("created_at", "event_id") if name in columns]
            frame = read_frame(conn, query, sort_by=sort_by)
        return frame

    @staticmethod
    def _mostly(conn: sa.Connection, since: datetime | None, until: datetime | None) -> bool:
        """Whether ``[since, until)`` spans at least a fifth of the stored events' time range."""
        if since is None and until is None:
            return True
        table = schema.events
        low, high = conn.execute(
            sa.select(sa.func.min(table.c.created_at), sa.func.max(table.c.created_at))
        ).one()
        if low is None:
            return False
        low, high = _as_utc(low), _as_utc(high)
        start = max(low, _as_utc(since) or low)
        end = min(high, _as_utc(until) or high)
        span = (high - low).total_seconds()
        return span <= 0 or (end - start).total_seconds() >= span / 5

    def sources(self) -> pd.DataFrame:
        """Per source: events stored, first and last event time, and the last finished sync."""
        events, runs = schema.events, schema.sync_runs
        with self.engine.connect() as conn:
            counts = pd.read_sql(
                sa.select(
                    events.c.source,
                    sa.func.count().label("events"),
                    sa.func.min(events.c.created_at).label("first_event"),
                    sa.func.max(events.c.created_at).label("last_event"),
                ).group_by(events.c.source),
                conn,
            )
            synced = pd.read_sql(
                sa.select(runs.c.source, sa.func.max(runs.c.finished_at).label("last_sync"))
                .where(runs.c.finished_at.is_not(None))
                .group_by(runs.c.source),
                conn,
            )
        frame = counts.merge(synced, on="source", how="outer").sort_values("source", ignore_index=True)
        for column in ("first_event", "last_event", "last_sync"):
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        frame["events"] = frame["events"].fillna(0).astype(int)
        return frame

    def dispose(self) -> None:
        postgres_arrow.release(self.engine)
        self.engine.dispose()
