"""Reading a result of a PostgreSQL store straight into Arrow, through the ADBC PostgreSQL driver.

:func:`~.read.read_frame` goes through psycopg: a Python tuple per row and a Python object per cell.
For one person's evidence of two years at 5,000,000 events (26,000 rows) that is about 100 ms; the ADBC
driver (``adbc-driver-postgresql``, Apache Arrow's) has libpq copy the rows in PostgreSQL's binary
format and fills Arrow buffers in C: about 35 ms. Opening one of its connections takes about 30 ms (it
reads the server's type catalogue), so a few are kept open per database for the life of the process,
each used by one reader at a time, in autocommit mode: a kept connection holds no transaction, no lock
and no snapshot, so a migration or another writer never waits for it.

:func:`arrow_table` returns None for anything it cannot do (the driver missing, a query without a
literal form, a connection or query error): the caller then reads through psycopg. The connection URL,
password included, is handed to libpq only; it is never logged.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from typing import Any

import pyarrow as pa
import sqlalchemy as sa

#: Connections kept open per database URL (readers beyond these open their own and close it after).
KEPT = 2

_idle: dict[str, list[Any]] = {}
_lock = threading.Lock()


def _libpq_url(engine: sa.Engine) -> str:
    """The engine's URL as libpq reads it (no SQLAlchemy driver name; ``options`` such as a
    ``search_path`` kept)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _connect(url: str) -> Any:
    from adbc_driver_postgresql import dbapi

    return dbapi.connect(url, autocommit=True)


def _close(conn: Any) -> None:
    with contextlib.suppress(Exception):
        conn.close()


def arrow_table(engine: sa.Engine, query: sa.Select[Any]) -> pa.Table | None:
    """The rows of ``query`` on ``engine`` (PostgreSQL) as an Arrow table, read by the ADBC driver;
    None when it cannot read them (see the module)."""
    if engine.dialect.name != "postgresql":
        return None
    try:
        sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    except sa.exc.CompileError:  # a value without a literal form
        return None
    url = _libpq_url(engine)
    with _lock:
        kept = _idle.get(url)
        conn = kept.pop() if kept else None
    try:
        conn = conn if conn is not None else _connect(url)
        with conn.cursor() as cursor:
            cursor.execute(sql)
            table = cursor.fetch_arrow_table()
    except Exception:  # any driver failure (missing, server gone): psycopg reads instead
        if conn is not None:
            _close(conn)
        return None
    with _lock:
        kept = _idle.setdefault(url, [])
        if len(kept) < KEPT:
            kept.append(conn)
            conn = None
    if conn is not None:
        _close(conn)
    return table


def release(engine: sa.Engine) -> None:
    """Close the connections kept for ``engine``'s database (:meth:`Store.dispose`)."""
    if engine.dialect.name != "postgresql":
        return
    with _lock:
        kept = _idle.pop(_libpq_url(engine), [])
    for conn in kept:
        _close(conn)


@atexit.register
def _close_kept() -> None:
    """Close every kept connection before the interpreter tears the driver down (else each one's
    finaliser prints a traceback at exit)."""
    with _lock:
        kept = [conn for conns in _idle.values() for conn in conns]
        _idle.clear()
    for conn in kept:
        _close(conn)


__all__ = ["KEPT", "arrow_table", "release"]
