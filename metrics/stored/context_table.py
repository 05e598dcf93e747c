"""A stored table the compute fills from the rule context it has just built: every row is read from
one item's events (whole items, a range at a time in a full compute), so the compute inserts an item
range's rows beside its evidence, and an incremental compute deletes the changed items' rows and
inserts the recomputed ones. The table then always equals its rows over every stored event.

A table is declared once (:class:`ContextTable`: the table and what makes its rows) and the compute
writes every declared one (:data:`metrics.stored.compute.CONTEXT_TABLES`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from collectors.store.read import read_frame

from ..prepare import RuleContext
from .tables import delete_item_rows
from .team_tables import _insert


@dataclass(frozen=True)
class ContextTable:
    """``table`` (an ``item`` column and ``computed_with`` besides the rows' columns) and ``rows``: the
    rows of every item of a rule context, columns as stored; ``text``: the text columns, handed back by
    :meth:`read` as Python objects (None where missing), as ``rows`` makes them."""

    table: sa.Table
    rows: Callable[[RuleContext], pd.DataFrame]
    text: tuple[str, ...]

    def insert_items(self, conn: sa.Connection, ctx: RuleContext, computed_with: str) -> None:
        """Store the rows of every item in ``ctx`` (whole items)."""
        _insert(conn, self.table, self.rows(ctx), computed_with)

    def delete_items(self, conn: sa.Connection, items: Collection[str]) -> None:
        """Forget the rows of ``items`` (before their recomputed rows are inserted)."""
        delete_item_rows(conn, self.table, items)

    def clear(self, conn: sa.Connection) -> None:
        """Forget every row (a full compute rebuilds them)."""
        conn.execute(sa.delete(self.table))

    def read(
        self, conn: sa.Connection, where: sa.ColumnElement[bool], order_by: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """The stored rows ``where`` holds (every column but ``computed_with``), ordered by
        ``order_by``."""
        columns = [column for column in self.table.c if column.name != "computed_with"]
        query = sa.select(*columns).where(where).order_by(*(self.table.c[name] for name in order_by))
        frame = read_frame(conn, query)
        text = frame[list(self.text)].astype(object)
        return frame.assign(**{name: text[name].where(text[name].notna(), None) for name in self.text})
