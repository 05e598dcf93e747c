"""Version 6: the covering indexes of the dashboard's queries replace the (team, period) and (period)
indexes of evidence and footprints on a version 5 store, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from collectors.store import SCHEMA_VERSION, open_store, schema
from collectors.store.derived_schema import REPLACED_INDEXES, evidence, footprints


def _index_names(engine: sa.Engine, table: str) -> set[str]:
    return {index["name"] for index in sa.inspect(engine).get_indexes(table)}


def test_a_version_5_store_gains_the_dashboard_indexes(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.begin() as conn:  # the indexes as version 5 declared them
        for table in (evidence, footprints):
            for index in table.indexes:
                index.drop(conn)
        conn.execute(sa.text("CREATE INDEX ix_evidence_team_period ON evidence (team, period)"))
        conn.execute(sa.text("CREATE INDEX ix_evidence_period ON evidence (period)"))
        conn.execute(sa.text("CREATE INDEX ix_footprints_team_period ON footprints (team, period)"))
        conn.execute(sa.text("CREATE INDEX ix_footprints_period ON footprints (period)"))
        conn.execute(sa.update(schema.meta).values(value="5"))
    store.dispose()
    store = open_store(store_url)
    try:
        for table in (evidence, footprints):
            names = _index_names(store.engine, table.name)
            assert names == {index.name for index in table.indexes}, table.name
            assert not names & set(REPLACED_INDEXES)
        with store.engine.connect() as conn:
            version = conn.execute(
                sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
            )
            assert int(version.scalar_one()) == SCHEMA_VERSION >= 6  # later versions migrate on
    finally:
        store.dispose()
