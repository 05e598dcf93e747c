"""Bringing the stored evidence and footprints up to date (``footprint compute``, and sync after writing).

Every rule reads one item's events plus the people/team map, except for the declared cross-item facts
(:class:`~metrics.rules.base.CrossItemFact`), which are computed over the whole store first and handed
to each evaluation. So evidence can be computed item by item: a full compute evaluates contiguous
ranges of items (about :data:`BATCH_EVENTS` events at a time, whatever the store's size), and an
incremental one only the items in the store's change log (:mod:`collectors.store.changes`), plus, when
a fact changed, the items it affects. Both write the same rows; footprints are aggregated in SQL.

A config or rule change (a different :class:`~.digest.Digest`) marks everything stale: the next compute
rebuilds it all. Each compute is one transaction: readers see the old tables until it commits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.derived_schema import (
    TEAM_DERIVED_TABLES,
    act_counts,
    item_footprints,
    retro_mentions,
)
from collectors.store.read import read_frame

from ..engine import rule_context
from ..evidence import build_evidence
from ..prepare import RuleContext
from ..rules import RULES
from ..rules.base import FACTS
from ..textcache import TextClassCache
from . import item_footprints as item_rows  # issue 18: the Overview's per-item aggregate
from . import read_order, tables, team_tables  # team_tables (issue 18): the Team's, Data health's rows
from . import retro_mentions as mention_rows  # issue 18: what recurring problems look up
from .context_table import ContextTable
from .digest import Digest
from .feedback_acts import ACTS  # issue 18: what repeated feedback counts
from .issue_labels import LABELS  # issue 18: what recurring problems count
from .waiting_spans import SPANS  # issue 18: when each waiting opportunity holds

#: Events evaluated together, at most (a bigger item range is split; one item is never split).
BATCH_EVENTS = 200_000
#: ``progress(done, total)``: items evaluated so far of the items to evaluate.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ComputeResult:
    """``mode``: ``full`` (rebuilt: nothing stored, a config or rule change, or asked for),
    ``incremental`` or ``current`` (nothing to do); ``items`` evaluated; evidence rows now stored."""

    mode: str
    items: int
    evidence_rows: int
    seconds: float
    reason: str = ""


def _events_where(conn: sa.Connection, where: sa.ColumnElement[bool]) -> pd.DataFrame:
    table = store_schema.events
    query = sa.select(*(table.c[name] for name in COLUMNS)).where(where)
    return read_frame(conn, query, sort_by=["created_at", "event_id"])


def current_facts(store: Store, config: Config) -> dict[str, list[str]]:
    """Every cross-item fact, over all stored events of the kinds it reads."""
    facts = {}
    for fact in FACTS:  # a fact reads attrs (and times) only: the bodies are not needed
        events = store.events(kinds=list(fact.reads), columns=["event_id", "kind", "created_at", "attrs"])
        facts[fact.name] = fact.of(rule_context(events, config, None))
    return facts


def _evidence(
    store: Store,
    conn: sa.Connection,
    config: Config,
    events: pd.DataFrame,
    facts: dict[str, Any],
    *,
    by_id: bool,
    items: tuple[str, str] | None = None,
) -> tuple[pd.DataFrame, RuleContext]:
    """Evidence of ``events`` (whole items; those of the range ``items`` if given) and the rule context
    it was built from (the other per-item tables are written from it); text classes from the cache
    (only those of these events: ``by_id`` or ``items``), new ones written in ``conn``."""
    cache = TextClassCache(store, conn=conn, by_id=by_id, items=items)
    ctx = rule_context(events, config, cache, facts)
    return build_evidence(ctx, RULES), ctx


def _item_counts(conn: sa.Connection) -> list[tuple[str, int]]:
    table = store_schema.events
    query = sa.select(table.c.item, sa.func.count()).group_by(table.c.item).order_by(table.c.item)
    return [(str(item), int(n)) for item, n in conn.execute(query)]


def _ranges(counts: list[tuple[str, int]]) -> Iterator[tuple[str, str, int]]:
    """Contiguous item ranges ``(first, last, items)`` of about :data:`BATCH_EVENTS` events each."""
    start, size, n = 0, 0, 0
    for i, (_, count) in enumerate(counts):
        if n and size + count > BATCH_EVENTS:
            yield counts[start][0], counts[i - 1][0], n
            start, size, n = i, 0, 0
        size += count
        n += 1
    if n:
        yield counts[start][0], counts[-1][0], n


def _item_chunks(items: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), 500):
        yield ordered[start : start + 500]


def _affected_by(conn: sa.Connection, kinds: Collection[str]) -> set[str]:
    table = store_schema.events
    query = sa.select(table.c.item).where(table.c.kind.in_(list(kinds))).distinct()
    return set(conn.execute(query).scalars())


def _finish(
    conn: sa.Connection, digest: Digest, facts: dict[str, list[str]], items: int, evidence_rows: int
) -> tables.ComputeState:
    """Record the state; ``evidence_rows`` as counted from what was written and deleted (counting the
    table would read all of it)."""
    state = tables.ComputeState(
        digest.computed_with, digest.config, digest.rules, facts, datetime.now(UTC), items, evidence_rows
    )
    tables.write_state(conn, state)
    return state


#: The tables filled from each item range's rule context (:mod:`.context_table`).
CONTEXT_TABLES: tuple[ContextTable, ...] = (SPANS, ACTS, LABELS)
#: Every table a compute writes.
COMPUTED_TABLES: tuple[sa.Table, ...] = (
    tables.evidence, tables.footprints, *TEAM_DERIVED_TABLES, item_footprints, retro_mentions,
    *(declared.table for declared in CONTEXT_TABLES),
)  # fmt: skip


def _match_declaration(conn: sa.Connection) -> None:
    """Recreate a derived table whose columns differ from its declaration (a column added since the
    store's tables were made): its rows are about to be rebuilt anyway."""
    inspector = sa.inspect(conn)
    for table in COMPUTED_TABLES:
        if not inspector.has_table(table.name):  # a table declared since the store's version was set
            table.create(conn)
        elif {column["name"] for column in inspector.get_columns(table.name)} != set(table.c.keys()):
            table.drop(conn, checkfirst=True)
            table.create(conn)


def _full(store: Store, config: Config, digest: Digest, progress: Progress | None) -> tuple[int, int]:
    """Rebuild everything; returns the items evaluated and the evidence rows written."""
    facts = current_facts(store, config)
    with store.engine.begin() as conn:
        _match_declaration(conn)
        _, upto = tables.changed_since(conn)
        counts = _item_counts(conn)
        conn.execute(sa.delete(tables.evidence))
        team_tables.clear(conn)  # issue 18
        item_rows.clear(conn)
        mention_rows.clear(conn)
        for table in CONTEXT_TABLES:
            table.clear(conn)
        staging = read_order.staged(conn)  # the person pages' tables written in their read order
        done = written = 0
        item = store_schema.events.c.item
        for first, last, n in _ranges(counts):
            events = _events_where(conn, item.between(first, last))
            # the cached classes of this range only, not the whole table once per range
            rows, ctx = _evidence(store, conn, config, events, facts, by_id=False, items=(first, last))
            tables.insert_evidence(conn, rows, digest.computed_with)
            item_rows.insert_items(conn, rows, digest.computed_with)
            mention_rows.insert_items(conn, events, digest.computed_with)
            written += len(rows)
            team_tables.insert_items(conn, ctx, digest.computed_with)  # issue 18
            for table in CONTEXT_TABLES:
                table.insert_items(conn, ctx, digest.computed_with)
            del ctx
            del events
            done += n
            if progress is not None:
                progress(done, len(counts))
        staging.publish()
        tables.rebuild_footprints(conn, digest.computed_with)
        team_tables.rebuild_counts(conn, digest.computed_with)  # issue 18
        tables.clear_changes(conn, upto)
        _finish(conn, digest, facts, len(counts), written)
    return len(counts), written


#: The aggregates the pages scan a whole window of: the Overview's ``item_footprints``, the
#: footprints, the Team page's ``act_counts``.
SCANNED_AGGREGATES: tuple[sa.Table, ...] = (item_footprints, tables.footprints, act_counts)


def _vacuum_rebuilt(store: Store) -> None:
    """On PostgreSQL, ``VACUUM (ANALYZE)`` the aggregates a full compute has just rewritten. Until
    autovacuum visits a rewritten table it has no planner statistics and no visibility map, so its
    covering indexes cannot be read index-only: the Overview's count over ``item_footprints`` at 1M
    events took 0.82 s before and 0.29-0.34 s after. VACUUM cannot run in a transaction, hence its own
    autocommit connection, after the compute's transaction has committed."""
    if store.engine.dialect.name != "postgresql":
        return
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in SCANNED_AGGREGATES:
            conn.execute(sa.text(f'VACUUM (ANALYZE) "{table.name}"'))


def _incremental(
    store: Store, config: Config, digest: Digest, stored: tables.ComputeState, progress: Progress | None
) -> tuple[int, str, int]:
    """Recompute the changed items; returns them, why, and the evidence rows now stored."""
    with store.engine.begin() as conn:
        items, upto = tables.changed_since(conn)
        if not items:  # no event changed, so neither did a fact: nothing to read (a page's check)
            return 0, "nothing changed", stored.evidence_rows
        facts = current_facts(store, config)
        reason = f"{len(items)} changed items"
        for fact in FACTS:
            if stored.facts.get(fact.name) != facts[fact.name]:
                items |= _affected_by(conn, fact.affects)
                reason += f", {fact.name} changed"
        removed, added = tables.evidence_totals(conn, items), []
        tables.delete_evidence(conn, items)
        removed_acts, added_acts = team_tables.delete_items(conn, items), []  # issue 18
        item_rows.delete_items(conn, items)
        mention_rows.delete_items(conn, items)
        for table in CONTEXT_TABLES:
            table.delete_items(conn, items)
        column = store_schema.events.c.item
        batch: list[pd.DataFrame] = []
        size = done = 0
        evidence_rows = stored.evidence_rows - int(removed["evidence_count"].sum())

        def flush() -> None:
            nonlocal batch, size, evidence_rows
            if batch:
                events = pd.concat(batch, ignore_index=True)
                rows, ctx = _evidence(store, conn, config, events, facts, by_id=True)
                added.append(tables.new_totals(rows))
                tables.insert_evidence(conn, rows, digest.computed_with)
                item_rows.insert_items(conn, rows, digest.computed_with)
                mention_rows.insert_items(conn, events, digest.computed_with)
                evidence_rows += len(rows)
                added_acts.append(team_tables.insert_items(conn, ctx, digest.computed_with))  # issue 18
                for table in CONTEXT_TABLES:
                    table.insert_items(conn, ctx, digest.computed_with)
            batch, size = [], 0

        for chunk in _item_chunks(items):
            events = _events_where(conn, column.in_(chunk))
            batch.append(events)
            size += len(events)
            done += len(chunk)
            if size >= BATCH_EVENTS:
                flush()
            if progress is not None:
                progress(done, len(items))
        flush()
        new = pd.concat(added, ignore_index=True) if added else removed.iloc[0:0]
        tables.apply_footprint_delta(conn, removed, new, digest.computed_with)
        team_tables.apply_count_delta(conn, removed_acts, added_acts, digest.computed_with)  # issue 18
        tables.clear_changes(conn, upto)
        _finish(conn, digest, facts, len(items), evidence_rows)
    return len(items), reason, evidence_rows


def stale_reason(store: Store, config: Config) -> str | None:
    """Why the stored tables must be rebuilt (nothing computed yet, config or rules changed), or None."""
    with store.engine.connect() as conn:
        stored = tables.read_state(conn)
    if stored is None:
        return "nothing computed yet"
    digest = Digest.of(config)
    if stored.config_digest != digest.config:
        return "the configuration changed"
    if stored.rule_versions != digest.rules:
        changed = sorted(k for k in digest.rules.keys() | stored.rule_versions.keys()
                         if digest.rules.get(k) != stored.rule_versions.get(k))  # fmt: skip
        return f"rules changed ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})"
    return None


def compute_store(
    store: Store, config: Config, *, full: bool = False, progress: Progress | None = None
) -> ComputeResult:
    """Bring the stored evidence and footprints up to date for ``config``: rebuilt when stale or
    ``full``, else recomputed for the changed items only."""
    started = time.perf_counter()
    digest = Digest.of(config)
    reason = "asked for" if full else stale_reason(store, config)
    if reason is not None:
        items, rows = _full(store, config, digest, progress)
        _vacuum_rebuilt(store)
        mode = "full"
    else:
        with store.engine.connect() as conn:
            stored = tables.read_state(conn)
        assert stored is not None
        items, reason, rows = _incremental(store, config, digest, stored, progress)
        mode = "incremental" if items else "current"
    return ComputeResult(mode, items, rows, time.perf_counter() - started, reason)
