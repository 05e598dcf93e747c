"""A full compute writes the tables a person's pages read in the order those pages read them.

*My footprint* and the packet read one person's evidence of a window (``ix_evidence_person_created_at``)
and the packet their acts (``ix_acts_actor_created_at``). The index finds the rows at once; fetching
them costs a heap page each where the rows lie scattered. A full compute evaluates item range by item
range, so the rows of one person land among everyone's: at 5,000,000 events one person's two years of
evidence (30,315 rows) lay on 14,713 of the table's pages, read in 1.39 s from a cold disk; written in
``(person, created_at)`` order they lie on 1,628 (9 ms).

So during a full compute each table of :data:`READ_ORDERS` is written to a temporary table of the same
columns (:func:`staged`; the insert helpers ask :func:`target` where to write), and appended to its table
in read order when the compute has evaluated everything (:meth:`Staging.publish`), in the compute's own
transaction: readers see the old rows until it commits, and no lock beyond the compute's is taken (as
``CLUSTER`` would). Rows an incremental compute writes later are appended where the table has room; the
next full compute orders them again. Auto-assigned ids (``evidence_id``) are not copied: they are
assigned anew in read order, which on SQLite is the rows' physical order (the rowid).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from collectors.store.derived_schema import acts, evidence


@dataclass(frozen=True)
class ReadOrder:
    """``table`` is written in the order of ``by`` (the columns of the index a page reads it by)."""

    table: sa.Table
    by: tuple[str, ...]


#: The tables a full compute writes in read order.
READ_ORDERS: tuple[ReadOrder, ...] = (
    ReadOrder(evidence, ("person", "created_at")),
    ReadOrder(acts, ("actor", "created_at")),
)

#: ``Connection.info`` key: table name -> the temporary table a full compute writes instead.
_STAGED = "footprint_staged_tables"


def _copied(table: sa.Table) -> list[sa.Column[object]]:
    """The columns written to a staged table: all but an auto-assigned primary key."""
    return [column for column in table.c if not (column.primary_key and column.autoincrement is not False)]


@dataclass
class Staging:
    """The staged tables of one full compute (see the module)."""

    conn: sa.Connection
    orders: tuple[ReadOrder, ...]
    tables: dict[str, sa.Table] = field(default_factory=dict)

    def publish(self) -> None:
        """Append each staged table's rows to its table in read order, then drop it; the compute writes to
        the tables themselves again."""
        for order in self.orders:
            staged = self.tables.pop(order.table.name)
            names = [column.name for column in _copied(order.table)]
            rows = sa.select(*(staged.c[name] for name in names))
            rows = rows.order_by(*(staged.c[name] for name in order.by))
            self.conn.execute(sa.insert(order.table).from_select(names, rows))
            staged.drop(self.conn)
        self.conn.info.pop(_STAGED, None)


def staged(conn: sa.Connection, orders: tuple[ReadOrder, ...] = READ_ORDERS) -> Staging:
    """Create a temporary table for each of ``orders`` on ``conn`` (in a transaction: a full compute's),
    to which :func:`target` then sends that table's rows; :meth:`Staging.publish` appends them in order."""
    staging = Staging(conn, orders)
    names: dict[str, str] = {}
    for order in orders:
        name = f"staged_{order.table.name}"
        columns = [sa.Column(column.name, column.type, nullable=True) for column in _copied(order.table)]
        table = sa.Table(name, sa.MetaData(), *columns, prefixes=["TEMPORARY"])
        # one left by an earlier compute on this pooled connection that failed
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
        table.create(conn)
        staging.tables[order.table.name] = table
        names[order.table.name] = name
    conn.info[_STAGED] = names
    return staging


def target(conn: sa.Connection, table: sa.Table | str) -> str:
    """The name of the table to write ``table``'s rows to on ``conn``: its staged table during a full
    compute's :func:`staged`, else itself."""
    name = table if isinstance(table, str) else table.name
    return conn.info.get(_STAGED, {}).get(name, name)


__all__ = ["READ_ORDERS", "ReadOrder", "Staging", "staged", "target"]
