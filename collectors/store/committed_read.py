"""Reading a large committed result of a SQLite store straight into Arrow, through the ADBC SQLite driver
(on PostgreSQL, every result through the ADBC PostgreSQL driver: :mod:`.postgres_arrow`).

:func:`~.read.read_frame` goes through the DBAPI cursor: a Python tuple per row and a Python object per
cell, about 8 µs a row for the events table. The ADBC driver (``adbc-driver-sqlite``, Apache Arrow's)
steps SQLite in C and fills Arrow buffers itself: three to five times faster for the million events
and evidence rows a snapshot reads (issue 18). It runs in a child process (see :func:`_adbc_table`)
that hands the rows back as an Arrow IPC stream, with its own connection to the database file, so
it sees what is committed: callers use it only for reads outside a writing transaction.

The frame is exactly :func:`~.read.read_frame`'s (same columns, types and order). Anything the driver
cannot do (PostgreSQL, an in-memory database, a column whose SQLite values change type, a driver
missing) falls back to :func:`~.read.read_frame` on a connection of ``engine``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from . import postgres_arrow
from .connect import SQLITE_BUSY_TIMEOUT_MS
from .read import finish_column, frame_of_columns, query_kinds, read_frame

#: Results smaller than this are read through the DBAPI (0: every result through the driver).
BULK_ROWS = 200_000
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


#: The child's program: the query from stdin, its rows as an Arrow IPC stream on stdout.
_CHILD = """
import sys
import pyarrow as pa
from adbc_driver_sqlite import dbapi
path, busy_ms, batch_rows = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sql = sys.stdin.read()
with dbapi.connect(path) as conn, conn.cursor() as cursor:
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.fetchall()
    cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": batch_rows})
    cursor.execute(sql)
    reader = cursor.fetch_record_batch()
    with pa.ipc.new_stream(sys.stdout.buffer, reader.schema) as out:
        for batch in reader:
            out.write_batch(batch)
"""


def _adbc_table(path: Path, sql: str) -> pa.Table | None:
    """The result of ``sql``, read by the driver in a child process; None when it cannot (the driver
    missing, a refusal, a failure of any kind: the caller then reads through the DBAPI).

    In a child process because the driver links its own copy of SQLite: two copies in one process
    break each other's POSIX file locks on the same database (closing one's file descriptor drops the
    other's locks: https://www.sqlite.org/howtocorrupt.html, section 2.2.1). Its connection is not
    ``mode=ro``: a read-only connection cannot recover the WAL of a store nobody has open (SQLite then
    answers "database is locked"); it only reads all the same."""
    if importlib.util.find_spec("adbc_driver_sqlite") is None or not sys.executable:
        return None
    command = [
        sys.executable,
        "-c",
        _CHILD,
        str(path.resolve()),
        str(SQLITE_BUSY_TIMEOUT_MS),
        str(_BATCH_ROWS),
    ]
    try:
        child = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:  # no process can be started here
        return None
    with child:
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(sql.encode("utf-8"))
            child.stdin.close()
            table = pa.ipc.open_stream(child.stdout).read_all()
        except (OSError, pa.ArrowException):
            child.kill()
            table = None
        finally:
            child.stdout.close()
            returncode = child.wait()
    return table if returncode == 0 else None


def frame_of_table(
    table: pa.Table, query: sa.Select[Any], sort_by: Sequence[str] = ()
) -> pd.DataFrame | None:
    """:func:`~.read.read_frame`'s frame of ``query`` from a driver's ``table`` of its rows; None when
    the table does not have the query's columns."""
    names = [column.name for column in query.selected_columns]
    if table.num_columns != len(names):
        return None
    columns = {
        name: finish_column(table.column(i), kind)
        for i, (name, kind) in enumerate(zip(names, query_kinds(query), strict=True))
    }
    del table
    return frame_of_columns(columns, query, sort_by=sort_by)


def read_committed_frame(
    engine: sa.Engine, query: sa.Select[Any], *, sort_by: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`~.read.read_frame` of ``query`` on ``engine``, read by an ADBC driver where it can: on
    PostgreSQL always (:mod:`.postgres_arrow`, in process, on kept connections); on SQLite when the
    result has at least :data:`BULK_ROWS` rows (counted first: a child process costs a few tenths of a
    second to start, more than a small result takes to read row by row)."""
    table = postgres_arrow.arrow_table(engine, query)
    if table is not None:
        frame = frame_of_table(table, query, sort_by)
        if frame is not None:
            return frame
    path = _database_file(engine)
    if path is not None and BULK_ROWS > 0:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
        if rows < BULK_ROWS:
            path = None
    if path is not None:
        try:
            sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        except sa.exc.CompileError:  # a value without a literal form
            sql = None
        table = None if sql is None else _adbc_table(path, sql)
        frame = None if table is None else frame_of_table(table, query, sort_by)
        if frame is not None:
            return frame
    with engine.connect() as conn:
        return read_frame(conn, query, sort_by=sort_by)
