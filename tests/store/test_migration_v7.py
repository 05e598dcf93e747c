"""Version 7: a version 6 store gains the acts and per-item measure tables (with their indexes) and loses
its compute state, so the next compute rebuilds everything and fills them (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import SCHEMA_VERSION, open_store, schema
from collectors.store.derived_schema import TEAM_DERIVED_TABLES
from metrics.stored.compute import compute_store, stale_reason

from ..stored.helpers import assert_stored_equals_compute


def test_a_version_6_store_gains_the_team_tables_and_the_next_compute_fills_them(
    store_url: str, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store = open_store(store_url)
    store.write(demo_events[:600])
    assert compute_store(store, demo_config).mode == "full"
    with store.engine.begin() as conn:  # the store as version 6 left it: no team tables
        for table in TEAM_DERIVED_TABLES:
            table.drop(conn)
        conn.execute(sa.update(schema.meta).values(value="6"))
    assert stale_reason(store, demo_config) is None
    store.dispose()
    store = open_store(store_url)
    try:
        inspector = sa.inspect(store.engine)
        for table in TEAM_DERIVED_TABLES:
            names = {index["name"] for index in inspector.get_indexes(table.name)}
            assert names == {index.name for index in table.indexes}, table.name
        with store.engine.connect() as conn:
            version = conn.execute(
                sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
            )
            assert int(version.scalar_one()) == SCHEMA_VERSION >= 7
        assert stale_reason(store, demo_config) == "nothing computed yet"
        assert compute_store(store, demo_config).mode == "full"
        assert_stored_equals_compute(store, demo_config)  # the team tables included
    finally:
        store.dispose()
