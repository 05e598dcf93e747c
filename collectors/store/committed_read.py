"""Reading a large committed result of a SQLite store straight into Arrow, through the ADBC SQLite driver.

:func:`~.read.read_frame` goes through the DBAPI cursor: a Python tuple per row and a Python object per
cell, about 8 µs a row for the events table. The ADBC driver (``adbc-driver-sqlite``, Apache Arrow's)
steps SQLite in C and fills Arrow buffers itself: three to five times faster for the million events
and evidence rows a snapshot reads (issue 18). It opens its own read-only connection to the database
file, so it sees what is committed: callers use it only for reads outside a writing transaction.

The frame is exactly :func:`~.read.read_frame`'s (same columns, types and order). Anything the driver
cannot do (PostgreSQL, an in-memory database, a column whose SQLite values change type, a driver
missing) falls back to :func:`~.read.read_frame` on a connection of ``engine``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from .connect import SQLITE_BUSY_TIMEOUT_MS
from .read import finish_column, frame_of_columns, query_kinds, read_frame

#: Rows per Arrow batch. The driver infers a column's type from its first batch and refuses a later
#: batch of another type (a column null in the first rows, text later): one batch avoids that.
_BATCH_ROWS = 1 << 30


def _database_file(engine: sa.Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    return path if path.is_file() else None


def _adbc_table(path: Path, sql: str) -> pa.Table | None:
    """The result of ``sql``, or None when the driver is missing or refuses it."""
    try:
        import adbc_driver_manager
        from adbc_driver_sqlite import dbapi
    except ImportError:
        return None
    try:
        return _fetch(dbapi, path, sql)
    except (adbc_driver_manager.Error, OSError, pa.ArrowException):
        return None


def _fetch(dbapi: Any, path: Path, sql: str) -> pa.Table:
    # not ``mode=ro``: a read-only connection cannot recover the WAL of a store nobody has open (SQLite
    # answers "database is locked"); this connection only reads all the same
    with dbapi.connect(str(path.resolve())) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
        )  # wait for a writer, as the store does
        cursor.fetchall()
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(_BATCH_ROWS)})
        cursor.execute(sql)
        return cursor.fetch_arrow_table()


def read_committed_frame(
    engine: sa.Engine, query: sa.Select[Any], *, sort_by: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`~.read.read_frame` of ``query`` on ``engine``, read by the ADBC driver where it can."""
    path = _database_file(engine)
    if path is not None:
        try:
            sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        except sa.exc.CompileError:  # a value without a literal form
            sql = None
        table = None if sql is None else _adbc_table(path, sql)
        names = [column.name for column in query.selected_columns]
        if table is not None and table.num_columns == len(names):
            columns = {
                name: finish_column(table.column(i), kind)
                for i, (name, kind) in enumerate(zip(names, query_kinds(query), strict=True))
            }
            del table
            return frame_of_columns(columns, query, sort_by=sort_by)
    with engine.connect() as conn:
        return read_frame(conn, query, sort_by=sort_by)
