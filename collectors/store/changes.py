"""The store's change log of items (``changed_items``, :mod:`.derived_schema`): which items' events a
write touched, so metrics recompute exactly those (:mod:`metrics.stored`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlalchemy as sa

from . import derived_schema, schema

#: Ids per ``IN (...)`` look-up, well under SQLite's bound-parameter limit.
LOOKUP_IDS = 500


def items_of(conn: sa.Connection, event_ids: Collection[str]) -> set[str]:
    """The items the stored events ``event_ids`` are in now (an event may move: a Jira issue moved
    to another project keeps its id and changes item)."""
    ids, found = list(event_ids), set()
    for start in range(0, len(ids), LOOKUP_IDS):
        chunk = ids[start : start + LOOKUP_IDS]
        found.update(
            conn.execute(sa.select(schema.events.c.item).where(schema.events.c.event_id.in_(chunk))).scalars()
        )
    return found


def mark_changed(conn: sa.Connection, items: Iterable[str]) -> None:
    """Append ``items`` to the change log (in the caller's transaction)."""
    rows = [{"item": item} for item in sorted(set(items))]
    if rows:
        conn.execute(sa.insert(derived_schema.changed_items), rows)
