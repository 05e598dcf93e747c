"""What the migration tests share: a table's index names as the database reports them, setting a store
back to an older schema version, reading the version a store is at, migrating only up to a version, and
the whole check of a version that adds a table the compute fills."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store, migrations, open_store, schema
from metrics.stored.compute import compute_store, stale_reason

from ..stored.helpers import assert_stored_equals_compute


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


def assert_gains_computed_table(
    store_url: str,
    config: Config,
    table: sa.Table,
    version: int,
    events: Sequence[Event],
    later: Sequence[Event],
    filled: Callable[[Store], None],
) -> None:
    """A store as version ``version - 1`` left it (``events`` stored and computed, without ``table``)
    gains ``table`` (one the compute fills) with its indexes and loses its compute state: the next
    compute rebuilds everything and fills it (``filled`` asserts what it holds), every stored table then
    equals a computation over every stored event, and the incremental compute after ``later`` keeps
    them so."""
    store = open_store(store_url)
    assert sa.inspect(store.engine).has_table(table.name)  # a new store has it at once
    store.write(list(events))
    assert compute_store(store, config).mode == "full"
    with store.engine.begin() as conn:  # the store as the version before left it
        table.drop(conn)
        set_version(conn, version - 1)
    assert stale_reason(store, config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        declared = {index.name for index in table.indexes}
        assert declared <= index_names(store.engine, table.name)
        assert stored_version(store.engine) == migrations.SCHEMA_VERSION >= version
        assert stale_reason(store, config) == "nothing computed yet"  # its rows need the compute
        assert compute_store(store, config).mode == "full"
        filled(store)
        assert_stored_equals_compute(store, config)
        store.write(list(later))
        result = compute_store(store, config)
        assert result.mode == "incremental", result
        assert assert_stored_equals_compute(store, config) == result.evidence_rows
    finally:
        store.dispose()
