"""What the migration tests share: a table's index names as the database reports them, setting a store
back to an older schema version, and reading the version a store is at."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.store import schema


def index_names(engine: sa.Engine, table: str) -> set[str]:
    return {index["name"] for index in sa.inspect(engine).get_indexes(table)}


def set_version(conn: sa.Connection, version: int) -> None:
    """Mark the store as at ``version`` (the other keys of ``footprint_meta`` stay)."""
    conn.execute(
        sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value=str(version))
    )


def stored_version(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        query = sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
        return int(conn.execute(query).scalar_one())
