"""The stored evidence and footprints read back as :class:`~metrics.engine.Metrics`, for the exports and
the dashboard: what they show is what ``footprint compute`` stored, never a recomputation of it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, utc
from collectors.store import Store, committed_read
from collectors.store import schema as store_schema
from collectors.store.committed_read import read_committed_frame
from collectors.store.derived_schema import EVIDENCE_TYPES, FOOTPRINT_TYPES, evidence, footprints
from collectors.store.read import read_frame

from ..behaviours import BEHAVIOUR_IDS
from ..engine import Metrics, _public_events, measure_frames, rule_context, rules_frame
from ..evidence import EVIDENCE_COLUMNS
from ..footprint import FOOTPRINT_COLUMNS, build_footprint
from ..opportunities import build_opportunities
from ..prepare import RuleContext
from ..quotes import item_titles
from ..rules import RULES
from ..textcache import TextClassCache
from .compute import compute_store, stale_reason

_RULE_ORDER = {rule.id: i for i, rule in enumerate(RULES)}


def _month(value: datetime | None) -> str | None:
    return None if value is None else pd.Timestamp(utc(value)).strftime("%Y-%m")


def _aligned(value: datetime | None) -> bool:
    """Whether ``value`` is None or the first instant of a month (a window of whole months)."""
    if value is None:
        return True
    stamp = pd.Timestamp(utc(value))
    return stamp == stamp.normalize().replace(day=1)


def stored_evidence(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    where: sa.ColumnElement[bool] | None = None,
) -> pd.DataFrame:
    """Stored evidence in ``[since, until)`` (and ``where``), columns :data:`EVIDENCE_COLUMNS`, ordered by
    time, event id, then rule declaration order (the rows :func:`~metrics.evidence.build_evidence`
    returns, which orders rows of one time by the event's own time first)."""
    rule_order = sa.case(_RULE_ORDER, value=evidence.c.rule, else_=len(_RULE_ORDER))
    query = sa.select(*(evidence.c[name] for name in EVIDENCE_TYPES), rule_order.label("_rule_order"))
    if since is not None:
        query = query.where(evidence.c.created_at >= utc(since))
    if until is not None:
        query = query.where(evidence.c.created_at < utc(until))
    if where is not None:
        query = query.where(where)
    # sorted in Arrow: much faster than ORDER BY or pandas
    frame = read_committed_frame(store.engine, query, sort_by=["created_at", "event_id", "_rule_order"])
    frame["weight"] = frame["weight"].astype(float)
    frame["strength"] = frame["strength"].astype(float)
    return frame[list(EVIDENCE_COLUMNS)]


def stored_footprint(
    store: Store,
    *,
    start: str | None = None,
    end: str | None = None,
    where: sa.ColumnElement[bool] | None = None,
) -> pd.DataFrame:
    """Stored footprints of the months ``[start, end]`` (``YYYY-MM``, inclusive), columns
    :data:`FOOTPRINT_COLUMNS`, sorted as :func:`~metrics.footprint.build_footprint` sorts them."""
    query = sa.select(*(footprints.c[name] for name in FOOTPRINT_TYPES))
    if start is not None:
        query = query.where(footprints.c.period >= start)
    if end is not None:
        query = query.where(footprints.c.period <= end)
    if where is not None:
        query = query.where(where)
    with store.engine.connect() as conn:
        frame = read_frame(conn, query)
    frame["evidence_count"] = pd.to_numeric(frame["evidence_count"]).astype("int64")
    frame["weight_sum"] = pd.to_numeric(frame["weight_sum"]).astype(float)
    for name in ("person", "team", "behaviour", "period"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    order = pd.Categorical(frame["behaviour"], categories=list(BEHAVIOUR_IDS), ordered=True)
    frame = frame.assign(_order=order).sort_values(["person", "_order", "period"], ignore_index=True)
    return frame[list(FOOTPRINT_COLUMNS)]


def events_before(store: Store, until: datetime | None) -> pd.DataFrame:
    """``store.events(until=until)``: every column, ordered by time then id; on SQLite read by the ADBC
    driver (:mod:`collectors.store.committed_read`), scanning the table rather than walking the time
    index (the history before a window's end is most of the store)."""
    if store.dialect != "sqlite":
        return store.events(until=until)
    table = store_schema.events
    query = sa.select(*(table.c[name] for name in COLUMNS))
    if until is not None:
        scanned = sa.type_coerce(sa.literal_column("+events.created_at"), sa.DateTime(timezone=True))
        query = query.where(scanned < utc(until))
    return read_committed_frame(store.engine, query, sort_by=["created_at", "event_id"])


def ensure_computed(store: Store, config: Config, **options: Any) -> None:
    """Compute what the stored tables lack (stale, or items changed since): exports call this first."""
    compute_store(store, config, **options)


def load_stored_metrics(
    store: Store, config: Config, *, since: datetime | None = None, until: datetime | None = None
) -> Metrics:
    """The metrics of ``[since, until)``: the stored evidence and footprints of that window (brought up
    to date first) and the window's events with identities resolved. The measures and item titles
    are not stored yet: they are computed from the events before ``until``, as
    :func:`~metrics.engine.load_metrics` computes them.

    Evidence is as computed over all stored history (a first response after the window's end does not
    change what is credited inside it, and neither does one before its start).

    In a store of :data:`~collectors.store.committed_read.BULK_ROWS` events or more, the stored
    evidence is read on a second thread while this one reads the events and builds the rule context:
    both reads spend most of their time in SQLite's and Arrow's C code, which releases the GIL, so on
    two cores the two overlap (issue 18: a snapshot of 1,000,000 events). A smaller store is read in
    turn: there the threads' contention costs more than the overlap gains."""
    ensure_computed(store, config)

    def context() -> RuleContext:
        return rule_context(events_before(store, until), config, TextClassCache(store, write=False))

    if store.count_events() < committed_read.BULK_ROWS:
        ctx, found = context(), stored_evidence(store, since=since, until=until)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stored-evidence") as pool:
            reading = pool.submit(stored_evidence, store, since=since, until=until)
            try:
                ctx = context()
            except BaseException:
                reading.cancel()
                raise
            found = reading.result()
    # the opportunities (issue 14) are computed here too, as of the window's end: not stored yet
    identities, prepared = ctx.identities, ctx.events
    if since is not None:
        prepared = prepared[prepared["created_at"] >= pd.Timestamp(utc(since))].reset_index(drop=True)
    if _aligned(since) and _aligned(until):
        end = (
            None
            if until is None
            else (pd.Timestamp(utc(until)) - pd.Timedelta(microseconds=1)).strftime("%Y-%m")
        )
        footprint = stored_footprint(store, start=_month(since), end=end)
    else:
        footprint = build_footprint(found)
    unmapped = identities.unmapped(prepared)
    return Metrics(
        events=_public_events(prepared, identities),
        evidence=found,
        footprint=footprint,
        people=identities.people_frame(unmapped["identity"]),
        unmapped=unmapped,
        rules=rules_frame(),
        measures=measure_frames(ctx),
        items=item_titles(ctx),
        opportunities=build_opportunities(ctx, until or datetime.now(UTC), since),
    )


__all__ = ["ensure_computed", "load_stored_metrics", "stale_reason", "stored_evidence", "stored_footprint"]
