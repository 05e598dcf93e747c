"""The stored tables: one declaration, checked against the frames metrics produce; stored = computed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import Event
from collectors.store import Store
from collectors.store.derived_schema import compute_state, evidence, footprints
from metrics import textcache
from metrics.engine import Metrics, compute
from metrics.stored import compute as stored_compute
from metrics.stored.compute import SCANNED_AGGREGATES, compute_store, stale_reason
from metrics.stored.read import load_stored_metrics

from .helpers import assert_stored_equals_compute


@pytest.fixture(scope="module")
def demo_metrics(demo_events: tuple[Event, ...], demo_config: Config) -> Metrics:
    import pandas as pd

    frame = pd.DataFrame([event.as_row() for event in demo_events])
    return compute(frame, demo_config)


def test_every_column_metrics_produce_has_a_stored_column(demo_metrics: Metrics) -> None:
    # a frame gaining a column (a new evidence field) fails here until the table declares it
    assert set(demo_metrics.evidence.columns) <= set(evidence.c.keys())
    assert set(demo_metrics.footprint.columns) <= set(footprints.c.keys())
    assert "computed_with" in evidence.c and "computed_with" in footprints.c


def test_stored_tables_equal_a_compute_and_record_what_they_were_computed_with(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events)
    assert stale_reason(store, demo_config) == "nothing computed yet"
    result = compute_store(store, demo_config)
    assert result.mode == "full" and result.evidence_rows > 1000
    assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows
    with store.engine.connect() as conn:
        state = conn.execute(sa.select(compute_state)).mappings().one()
        stamps = set(conn.execute(sa.select(evidence.c.computed_with).distinct()).scalars())
        stamps |= set(conn.execute(sa.select(footprints.c.computed_with).distinct()).scalars())
    assert stamps == {state["computed_with"]}
    assert "reviewing.review" in state["rule_versions"] and "classifier" in state["rule_versions"]
    assert compute_store(store, demo_config).mode == "current"


def test_a_config_change_marks_the_tables_stale_and_the_next_compute_rebuilds(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events)
    compute_store(store, demo_config)
    changed = demo_config.model_copy(
        update={"behaviours": demo_config.behaviours.model_copy(update={"unblock_wait_hours": 2.0})}
    )
    assert stale_reason(store, changed) == "the configuration changed"
    result = compute_store(store, changed)
    assert result.mode == "full"
    assert_stored_equals_compute(store, changed)
    assert stale_reason(store, changed) is None


def test_a_rule_change_marks_the_tables_stale(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from metrics.stored import compute as compute_module
    from metrics.stored import digest

    store.write(demo_events[:500])
    compute_store(store, demo_config)
    versions = {**digest.rule_versions(), "reviewing.review": "edited"}
    monkeypatch.setattr(digest, "rule_versions", lambda: versions)
    monkeypatch.setattr(
        compute_module.Digest, "of", classmethod(lambda cls, c: _digest_with(cls, c, versions))
    )
    assert stale_reason(store, demo_config) == "rules changed (reviewing.review)"
    assert compute_store(store, demo_config).mode == "full"


@pytest.mark.parametrize("module", ["metrics.opportunities.feedback", "metrics.strength"])
def test_the_stored_version_follows_the_modules_the_stored_tables_are_made_by(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing a module a stored table beside the evidence is made by (the feedback acts, strength)
    changes the ``stored`` version, so the tables are stale; the rules' versions stay as they were."""
    from metrics.stored import digest

    before = digest.rule_versions()
    source = digest._module_source
    monkeypatch.setattr(
        digest, "_module_source", lambda name: source(name) + ("# edited" if name == module else "")
    )
    digest.rule_versions.cache_clear()
    try:
        after = digest.rule_versions()
    finally:
        digest.rule_versions.cache_clear()
    assert module in digest.STORED_MODULES
    assert after["stored"] != before["stored"]
    assert {k: v for k, v in after.items() if k != "stored"} == {
        k: v for k, v in before.items() if k != "stored"
    }


def _digest_with(cls, config, versions):  # type: ignore[no-untyped-def]
    from metrics.stored.digest import config_digest

    return cls("edited-rules", config_digest(config), versions)


def test_exports_read_the_stored_tables(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events)
    compute_store(store, demo_config)
    with store.engine.begin() as conn:  # a stored row the engine would not produce: exports show it
        conn.execute(sa.update(evidence).where(evidence.c.rule == "reviewing.review").values(reason="STORED"))
    loaded = load_stored_metrics(store, demo_config)
    assert (loaded.evidence.loc[loaded.evidence["rule"] == "reviewing.review", "reason"] == "STORED").all()


def test_a_version_4_store_gains_the_tables_and_the_next_compute_fills_them(
    tmp_path, demo_events: tuple[Event, ...], demo_config: Config
) -> None:  # type: ignore[no-untyped-def]
    from collectors.store import open_store, schema
    from collectors.store.derived_schema import DERIVED_TABLES

    url = f"sqlite:///{tmp_path / 'v4.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in schema.metadata.sorted_tables:
            if table not in DERIVED_TABLES:
                table.create(conn)
        conn.execute(sa.insert(schema.meta).values(key="schema_version", value="4"))
        conn.execute(sa.insert(schema.events), [event.as_row() for event in demo_events[:300]])
    engine.dispose()
    store = open_store(url)
    try:
        assert all(sa.inspect(store.engine).has_table(table.name) for table in DERIVED_TABLES)
        assert stale_reason(store, demo_config) == "nothing computed yet"
        assert compute_store(store, demo_config).mode == "full"
        assert_stored_equals_compute(store, demo_config)
    finally:
        store.dispose()


def test_a_full_compute_recreates_a_table_that_lacks_a_declared_column(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events[:400])
    with store.engine.begin() as conn:  # evidence as an older build of this schema made it
        evidence.drop(conn)
        conn.execute(sa.text("CREATE TABLE evidence (evidence_id INTEGER PRIMARY KEY, event_id TEXT)"))
    assert compute_store(store, demo_config).mode == "full"
    assert set(c["name"] for c in sa.inspect(store.engine).get_columns("evidence")) == set(evidence.c.keys())
    assert_stored_equals_compute(store, demo_config)


def test_warm_up_and_full_compute_in_many_item_ranges_each_read_their_own_cached_classes(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # many small ranges, as at millions of events: every text classified once, then found in the cache
    store.write(demo_events)
    monkeypatch.setattr(textcache, "WARM_BATCH", 400)
    seen: list[int] = []
    warmed = textcache.warm_text_classes(store, demo_config, progress=seen.append)
    assert len(seen) > 3 and sum(seen) == warmed
    assert warmed == len(store.text_classes(textcache.classifier_version())) > 1000
    monkeypatch.setattr(textcache, "WARM_BATCH", 10**6)
    assert textcache.warm_text_classes(store, demo_config) == 0  # one range: nothing was left out

    def classify_again(texts: object) -> None:
        raise AssertionError("a text the warm-up classified was classified again")

    monkeypatch.setattr(textcache, "classify_distinct", classify_again)
    monkeypatch.setattr(stored_compute, "BATCH_EVENTS", 2000)
    result = compute_store(store, demo_config, full=True)
    monkeypatch.undo()
    assert assert_stored_equals_compute(store, demo_config) == result.evidence_rows


def test_a_full_compute_leaves_the_scanned_aggregates_vacuumed_on_postgresql(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    """A rewritten table has no visibility map until VACUUM: without one, PostgreSQL reads the heap
    behind every index entry of the Overview's count (pg_class.relallvisible stays 0)."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    store.write(demo_events)
    assert compute_store(store, demo_config, full=True).mode == "full"
    with store.engine.connect() as conn:
        for table in SCANNED_AGGREGATES:
            pages, visible = conn.execute(
                sa.text("SELECT relpages, relallvisible FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": table.name},
            ).one()
            assert pages > 0 and visible == pages, (table.name, pages, visible)
