"""Forward-only schema migrations.

A fresh store is created at :data:`SCHEMA_VERSION` directly from :mod:`.schema`. An older store is brought
forward one step at a time by the functions in :data:`MIGRATIONS`, each in the same transaction as the
version bump, so a crash mid-migration leaves the store at the previous version. To change the schema:
edit :mod:`.schema`, bump :data:`SCHEMA_VERSION` and add ``MIGRATIONS[n]`` that turns version ``n - 1``
into ``n`` on an existing database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from . import derived_schema, schema

SCHEMA_VERSION = 17

Migration = Callable[[sa.Connection], None]


def _v2_audit(conn: sa.Connection) -> None:
    """Version 2: the access audit table (who viewed whose individual page)."""
    schema.audit.create(conn, checkfirst=True)


def _v3_text_classes(conn: sa.Connection) -> None:
    """Version 3: the text-class cache that metrics fill (classify each comment once)."""
    schema.text_classes.create(conn, checkfirst=True)


def _v4_text_classes_invalidated_on_write(conn: sa.Connection) -> None:
    """Version 4: a cached text class is dropped when its event's text changes (as the sync writes it,
    :func:`metrics.textcache.keep_classes_current`), not checked against a digest on every read;
    classes cached before that guarantee are dropped."""
    conn.execute(
        sa.delete(schema.text_classes).where(schema.text_classes.c.text_sha1 != schema.REDACTED_TEXT)
    )


def _v5_derived_tables(conn: sa.Connection) -> None:
    """Version 5: evidence, footprints, the compute state and the change log (:mod:`.derived_schema`).
    The tables start empty and without a compute state, so the next compute or sync rebuilds them."""
    for table in derived_schema.DERIVED_TABLES:
        table.create(conn, checkfirst=True)


def _v6_dashboard_indexes(conn: sa.Connection) -> None:
    """Version 6: covering indexes for the dashboard's queries on evidence and footprints (team, months,
    the people a viewer may see), replacing the (team, period) and (period) indexes they extend."""
    for name in derived_schema.REPLACED_INDEXES:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    for table in (derived_schema.evidence, derived_schema.footprints):
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _v7_team_tables(conn: sa.Connection) -> None:
    """Version 7: acts and the per-item measures the Team page and Data health query
    (:data:`.derived_schema.TEAM_DERIVED_TABLES`, with their indexes). The compute state is cleared, so the
    next compute or sync rebuilds every stored table and fills these for every item."""
    for table in derived_schema.TEAM_DERIVED_TABLES:
        table.create(conn, checkfirst=True)
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    conn.execute(sa.delete(derived_schema.compute_state))


#: The indexes version 8 added, for one person's pages of the time (the items they touched, a team's
#: openings and blocked stays), by name: table and columns. No read uses them since version 16, which
#: drops them; a store created since never has them.
V8_INDEXES: dict[str, tuple[str, str]] = {
    "ix_events_actor_created_at": ("events", "actor, created_at"),
    "ix_events_target_created_at": ("events", "target, created_at"),
    "ix_acts_owner_team_kind_created_at": ("acts", "owner_team, kind, created_at"),
    "ix_blocked_stays_owner_team_began_at": ("blocked_stays", "owner_team, began_at"),
}


def _v8_person_indexes(conn: sa.Connection) -> None:
    """Version 8: :data:`V8_INDEXES`. No stored row changes, so the compute state stays."""
    for name, (table, columns) in V8_INDEXES.items():
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"))


def _v9_act_count_match(conn: sa.Connection) -> None:
    """Version 9: ``act_counts`` by its matching key (:data:`.derived_schema.ACT_COUNT_MATCH`), so an
    incremental compute reads and rewrites only the groups its changed items touch. No stored row
    changes, so the compute state stays."""
    for index in derived_schema.act_counts.indexes:
        if index.name == "ix_act_counts_match":
            index.create(conn, checkfirst=True)


def item_footprints_from_evidence() -> sa.Select[Any]:
    """``item_footprints`` rows aggregated from the stored evidence, in SQL: what a compute writes item
    by item (:mod:`metrics.stored.item_footprints`), each with the digest its evidence carries."""
    e = derived_schema.evidence.c
    keys = (e.person, e.team, e.period, e.item, e.computed_with)
    return sa.select(
        e.person, e.team, e.period, e.item, sa.func.count(sa.distinct(e.event_id)).label("acts"),
        sa.func.count().label("evidence_count"), e.computed_with,
    ).group_by(*keys)  # fmt: skip


def _v10_item_footprints(conn: sa.Connection) -> None:
    """Version 10: ``item_footprints`` (the Overview's acts and items per person, item and month) and
    its indexes, filled from the stored evidence, so the compute state stays (a store never computed
    has no evidence, and the next compute fills it as it fills every table)."""
    table = derived_schema.item_footprints
    table.create(conn, checkfirst=True)
    for index in table.indexes:
        index.create(conn, checkfirst=True)
    conn.execute(sa.delete(table))
    names = [*derived_schema.ITEM_FOOTPRINT_TYPES, "computed_with"]
    conn.execute(sa.insert(table).from_select(names, item_footprints_from_evidence()))


def _v11_events_by_source(conn: sa.Connection) -> None:
    """Version 11: ``ix_events_source_created_at``, so Data health's per-source counts and times
    (:meth:`.Store.sources`) read an index instead of every event. No stored row changes."""
    for index in schema.events.indexes:
        if index.name == "ix_events_source_created_at":
            index.create(conn, checkfirst=True)


def _add_computed_table(conn: sa.Connection, table: sa.Table) -> None:
    """Create ``table`` (a table the compute fills) and its indexes, and clear the compute state: its
    rows need what only the compute reads, so the next compute or sync rebuilds every stored table."""
    table.create(conn, checkfirst=True)
    for index in table.indexes:
        index.create(conn, checkfirst=True)
    conn.execute(sa.delete(derived_schema.compute_state))


def _v12_retro_mentions(conn: sa.Connection) -> None:
    """Version 12: ``retro_mentions`` (each retrospective's mentions of items, what a team's recurring
    problems look up) and its indexes. Its rows are read from the retros' text, which only the compute
    does, so the compute state is cleared: the next compute or sync rebuilds every stored table."""
    _add_computed_table(conn, derived_schema.retro_mentions)


def _v13_waiting_spans(conn: sa.Connection) -> None:
    """Version 13: ``waiting_spans`` (when each waiting opportunity holds, what a team's waiting work at
    a window's end is read from) and its indexes. Its rows are read from every item's events, which
    only the compute does, so the compute state is cleared: the next compute or sync rebuilds."""
    _add_computed_table(conn, derived_schema.waiting_spans)


def _v14_feedback_acts(conn: sa.Connection) -> None:
    """Version 14: ``feedback_acts`` (each feedback act and its kind, what a person's repeated feedback
    is counted from) and its indexes. Its rows need the acts' text classes and the identities, which
    only the compute has, so the compute state is cleared: the next compute or sync rebuilds."""
    _add_computed_table(conn, derived_schema.feedback_acts)


def _v15_issue_labels(conn: sa.Connection) -> None:
    """Version 15: ``issue_labels`` (each label of each issue and the team owning it, what a team's
    recurring problems are counted from) and its indexes. Its rows are decoded from the openings and
    their teams resolved, which only the compute does, so the compute state is cleared: the next
    compute or sync rebuilds."""
    _add_computed_table(conn, derived_schema.issue_labels)


#: The indexes version 16 adds, and those it drops (no read used them any more).
V16_INDEXES: dict[str, tuple[str, ...]] = {
    "waiting_spans": ("ix_waiting_spans_team_holds_through",),
    "acts": ("ix_acts_actor_created_at", "ix_acts_target_kind_created_at"),
}
V16_DROPPED: tuple[str, ...] = ("ix_acts_actor", "ix_acts_target_actor", *V8_INDEXES)


def _v16_window_indexes(conn: sa.Connection) -> None:
    """Version 16: a team's spans by their end (``ix_waiting_spans_team_holds_through``: those holding
    at a recent end are few) and a person's acts by time (``ix_acts_actor_created_at``,
    ``ix_acts_target_kind_created_at``: the packet's window of them), in place of the acts' indexes by
    actor and by target alone; version 8's indexes go too (:data:`V8_INDEXES`): writing them cost every
    sync and compute, and no read uses them. No stored row changes, so the compute state stays."""
    tables = {table.name: table for table in derived_schema.metadata.sorted_tables}
    for name, indexes in V16_INDEXES.items():
        for index in tables[name].indexes:
            if index.name in indexes:
                index.create(conn, checkfirst=True)
    for name in V16_DROPPED:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))


#: The index version 17 adds.
V17_INDEX = "ix_first_responses_response_event_id"


def _v17_first_responses_by_response(conn: sa.Connection) -> None:
    """Version 17: the first responses by the act that gave them (``ix_first_responses_response_event_id``:
    the packet reads those of one person's acts; without it PostgreSQL scans every first response of
    the window). No stored row changes, so the compute state stays."""
    for index in derived_schema.first_responses.indexes:
        if index.name == V17_INDEX:
            index.create(conn, checkfirst=True)


#: ``MIGRATIONS[n]`` upgrades a store at version ``n - 1`` to version ``n``.
MIGRATIONS: dict[int, Migration] = {
    2: _v2_audit,
    3: _v3_text_classes,
    4: _v4_text_classes_invalidated_on_write,
    5: _v5_derived_tables,
    6: _v6_dashboard_indexes,
    7: _v7_team_tables,
    8: _v8_person_indexes,
    9: _v9_act_count_match,
    10: _v10_item_footprints,
    11: _v11_events_by_source,
    12: _v12_retro_mentions,
    13: _v13_waiting_spans,
    14: _v14_feedback_acts,
    15: _v15_issue_labels,
    16: _v16_window_indexes,
    17: _v17_first_responses_by_response,
}


class StoreVersionError(RuntimeError):
    """The store was written by a newer Leadership Footprint than this one."""


def current_version(conn: sa.Connection) -> int | None:
    """The store's schema version, or None for an empty database."""
    if not sa.inspect(conn).has_table(schema.meta.name):
        return None
    value = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).scalar_one_or_none()
    return int(value) if value is not None else None


def _set_version(conn: sa.Connection, version: int) -> None:
    conn.execute(sa.delete(schema.meta).where(schema.meta.c.key == "schema_version"))
    conn.execute(sa.insert(schema.meta).values(key="schema_version", value=str(version)))


def migrate(engine: sa.Engine) -> int:
    """Create or upgrade the schema; returns the version now in place."""
    with engine.begin() as conn:
        version = current_version(conn)
        if version is None:
            schema.metadata.create_all(conn)
            _set_version(conn, SCHEMA_VERSION)
            return SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"store.url: the store is at schema version {version}, newer than this program's "
                f"{SCHEMA_VERSION}; upgrade leadership-footprint"
            )
    while version < SCHEMA_VERSION:
        with engine.begin() as conn:
            MIGRATIONS[version + 1](conn)
            _set_version(conn, version + 1)
        version += 1
    return version
