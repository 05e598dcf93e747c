"""Opening a store: the connection settings this project relies on, forward migrations, one-line errors."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .migrations import migrate
from .store import Store

SQLITE_BUSY_TIMEOUT_MS = 30_000


class StoreError(RuntimeError):
    """The store cannot be opened or written (bad URL, unreachable server, read-only file)."""


def create_store_engine(url: str) -> sa.Engine:
    """An engine with the connection settings this project relies on."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"store.url: not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    try:
        return sa.create_engine(parsed, pool_pre_ping=True)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"store.url: no driver for {parsed.drivername!r}: {exc}") from exc


def open_store(url: str, *, redact_text: bool = False) -> Store:
    """Open (creating or migrating as needed) the store at ``url``."""
    engine = create_store_engine(url)
    try:
        migrate(engine)
    except sa.exc.DatabaseError as exc:  # unreachable, refused, or a file that is not a database
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"store.url: cannot open {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from exc
    return Store(engine, redact_text=redact_text)
