"""What the migration tests share: a table's index names as the database reports them, setting a store
back to an older schema version, reading the version a store is at, and migrating only up to a version."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from collectors.store import migrations, schema


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


def migrate_upto(monkeypatch: pytest.MonkeyPatch, version: int) -> None:
    """Make opening a store bring it to ``version`` only, so a test of that version's step sees what the
    step left (a later step is tested on its own: versions 12 and 13 clear the compute state)."""
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", version)
