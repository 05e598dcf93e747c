"""The store on real SQLite and (when FOOTPRINT_TEST_POSTGRES_URL is set) real PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.events import Event
from collectors.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    StoreVersionError,
    open_store,
    schema,
)

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _event(n: int, **changes: object) -> Event:
    fields: dict = {
        "event_id": f"github:review:{n}",
        "source": "github",
        "kind": "review",
        "actor": "github:ada",
        "target": "github:bob",
        "container": "acme/web",
        "item": f"acme/web#{n % 50}",
        "created_at": T0 + timedelta(hours=n),
        "url": f"https://github.com/acme/web/pull/{n % 50}",
        "text": f"looks good {n}",
        "attrs": {"state": "APPROVED", "pr_number": n % 50},
    }
    fields.update(changes)
    return Event(**fields)


def test_write_is_an_idempotent_upsert(store: Store) -> None:
    events = [_event(n) for n in range(2500)]
    assert store.write(events) == 2500
    assert store.write(events[:100]) == 100
    assert store.count_events() == 2500
    store.write([_event(5, text="edited", attrs={"state": "CHANGES_REQUESTED"})])
    frame = store.events()
    row = frame.set_index("event_id").loc["github:review:5"]
    assert row["text"] == "edited"
    assert json.loads(row["attrs"]) == {"state": "CHANGES_REQUESTED"}
    assert len(frame) == 2500


def test_events_come_back_in_utc_in_a_window(store: Store) -> None:
    store.write([_event(n) for n in range(48)])
    frame = store.events(since=T0 + timedelta(hours=10), until=T0 + timedelta(hours=20))
    assert len(frame) == 10
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert frame["created_at"].iloc[0] == T0 + timedelta(hours=10)
    assert json.loads(frame["attrs"].iloc[0])["state"] == "APPROVED"


def test_a_failing_batch_leaves_nothing_behind(store: Store) -> None:
    store.write([_event(1)], source="github", scope="acme/web", state={"cursor": "A"})
    bad = [_event(2), _event(3, container=None)]  # NOT NULL violation on the second row
    with pytest.raises(sa.exc.IntegrityError):
        store.write(bad, source="github", scope="acme/web", state={"cursor": "B"})
    assert store.count_events() == 1
    assert store.get_state("github", "acme/web") == {"cursor": "A"}


def test_attrs_that_do_not_follow_their_kind_are_refused_whole(store: Store) -> None:
    typo = _event(2, attrs={"stat": "APPROVED", "pr_number": 2})
    mistyped = _event(3, attrs={"state": "APPROVED", "pr_number": "3"})
    with pytest.raises(ValueError, match=r"github:review:2: attrs of a review event: .*unknown field `stat`"):
        store.write([_event(1), typo])
    with pytest.raises(ValueError, match=r"github:review:3: .*Expected `int \| null`, got `str`"):
        store.write([mistyped])
    assert store.events().empty  # nothing of either page was written


def test_sync_state_and_runs(store: Store) -> None:
    assert store.get_state("jira", "PAY") is None
    store.write([_event(1)], source="jira", scope="PAY", state={"watermark": "2025-01-01T00:00"})
    store.write([], source="jira", scope="WEB", state={"watermark": "x"})  # a page with no events
    assert store.get_state("jira", "PAY") == {"watermark": "2025-01-01T00:00"}
    store.clear_state("jira")
    assert store.get_state("jira", "WEB") is None
    run = store.start_run("github")
    store.add_problem(run, "acme/gone", "not_found", "repository not found")
    store.finish_run(run, "partial", events_written=3, requests=5)
    runs = store.runs()
    assert runs.loc[0, "status"] == "partial" and runs.loc[0, "requests"] == 5
    problems = store.problems()
    assert problems["message"].tolist() == ["repository not found"]
    sources = store.sources()
    assert sources.loc[0, "source"] == "github" and sources.loc[0, "events"] == 1


def test_the_signature_moves_with_every_write_and_run_and_never_with_a_read(store: Store) -> None:
    signatures = [store.signature()]
    store.write([_event(n) for n in range(3)])
    signatures.append(store.signature())
    store.events()
    store.count_events()
    assert store.signature() == signatures[-1]  # reading changes nothing
    # the same events, one text edited: no count, no newest time moves, the content does
    store.write([_event(1, text="looks good, one nit")])
    signatures.append(store.signature())
    store.write([_event(n) for n in range(3)], source="github", complete_items=["acme/web#2"])
    signatures.append(store.signature())
    run = store.start_run("github")
    signatures.append(store.signature())
    store.finish_run(run, "ok", events_written=3)
    signatures.append(store.signature())
    assert len(set(signatures)) == len(signatures), signatures
    with store.engine.connect() as conn:  # counted in the store, one per committed write
        writes = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == "event_writes"))
        assert writes.scalar_one() == "3"


def test_a_failed_write_leaves_the_signature_as_it_was(store: Store) -> None:
    store.write([_event(1)])
    before = store.signature()
    with pytest.raises(sa.exc.IntegrityError):  # rolled back in the database, the count with it
        store.write([_event(2), _event(3, container=None)])
    assert store.signature() == before


def test_redact_text_never_stores_bodies(store_url: str) -> None:
    store = open_store(store_url, redact_text=True)
    store.write([_event(n) for n in range(3)])
    with store.engine.connect() as conn:
        texts = conn.execute(sa.select(schema.events.c.text)).scalars().all()
    assert texts == [None, None, None]
    store.dispose()


def test_schema_version_is_recorded_and_newer_stores_are_refused(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.begin() as conn:
        version = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version"))
        assert int(version.scalar_one()) == SCHEMA_VERSION
        conn.execute(sa.update(schema.meta).values(value=str(SCHEMA_VERSION + 1)))
    store.dispose()
    with pytest.raises(StoreVersionError, match="newer"):
        open_store(store_url)


def test_forward_migration_runs_in_order(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from collectors.store import migrations

    open_store(store_url).dispose()
    applied: list[int] = []

    def add_column(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE sync_runs ADD COLUMN note TEXT"))
        applied.append(SCHEMA_VERSION + 1)

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION + 1, add_column)
    store = open_store(store_url)
    assert applied == [SCHEMA_VERSION + 1]
    assert "note" in {c["name"] for c in sa.inspect(store.engine).get_columns("sync_runs")}
    store.dispose()
    open_store(store_url).dispose()  # already current: nothing runs twice
    assert applied == [SCHEMA_VERSION + 1]


def test_unusable_urls_are_one_line_errors(tmp_path) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("not a url")
    with pytest.raises(StoreError, match="cannot open"):
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.dispose()


def test_access_audit_is_appended_and_read_per_subject(store: Store) -> None:
    store.record_view("ada", "bob", "my_footprint")
    store.record_view("ada", "bob", "packet")
    store.record_view("bob", "cy", "packet")
    views = store.views_of("bob")
    assert views["page"].tolist() == ["packet", "my_footprint"]
    assert set(views["viewer"]) == {"ada"} and str(views["at"].dt.tz) == "UTC"


def _store_at_version(path: Path, version: int, *, without: str) -> str:
    """The URL of a SQLite store as ``version`` created it: every table but ``without``."""
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in schema.metadata.sorted_tables:
            if table.name != without:
                table.create(conn)
        conn.execute(sa.insert(schema.meta).values(key="schema_version", value=str(version)))
    engine.dispose()
    return url


def test_a_version_1_store_is_migrated_to_the_audit_table(tmp_path: Path) -> None:
    store = open_store(_store_at_version(tmp_path / "old.db", 1, without="audit"))
    assert sa.inspect(store.engine).has_table("audit")
    store.record_view("ada", "bob", "packet")
    assert len(store.views_of("bob")) == 1
    store.dispose()


def test_a_version_2_store_is_migrated_to_the_text_class_cache(tmp_path: Path) -> None:
    store = open_store(_store_at_version(tmp_path / "v2.db", 2, without="text_classes"))
    assert sa.inspect(store.engine).has_table("text_classes")
    store.write([_event(1)])
    assert store.count_events() == 1
    store.dispose()


def test_a_version_3_store_drops_the_classes_it_cannot_vouch_for(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    store = open_store(url)
    store.write([_event(n) for n in range(2)])
    rows = pd.DataFrame(
        {
            "event_id": ["github:review:0", "github:review:1"],
            "text_sha1": ["a" * 40, schema.REDACTED_TEXT],
            "label": ["praise", "defect"],
            "cues": ["", ""],
            "reason": ["praise: 'good' (praise word)", "defect: 'leak' (defect word)"],
        }
    )
    store.write_text_classes(rows, "v1")
    with store.engine.begin() as conn:  # as version 3 left it: classes checked by digest on read
        conn.execute(sa.update(schema.meta).values(value="3"))
    store.dispose()
    store = open_store(url)
    # a version 3 class may belong to a text edited since; a redacted one was made at write time
    assert store.text_classes("v1")["event_id"].tolist() == ["github:review:1"]
    store.dispose()


def test_an_item_written_whole_loses_the_events_it_no_longer_has(store: Store) -> None:
    on_pr_7 = [_event(n, item="acme/web#7") for n in (1, 2, 3)]
    jira = {"source": "jira", "kind": "jira_comment", "event_id": "jira:comment:5", "attrs": {"key": "WEB-7"}}
    elsewhere = [_event(4, item="acme/web#8"), _event(5, item="acme/web#7", **jira)]
    store.write([*on_pr_7, *elsewhere])
    assert store.stale_events("github", ["acme/web#7"], ["github:review:1"]) == [
        "github:review:2",
        "github:review:3",
    ]
    again = [on_pr_7[0], _event(1, item="acme/web#7", event_id="github:review:9")]
    store.write(again, source="github", complete_items=["acme/web#7"])
    left = set(store.events()["event_id"])
    # review 2 and 3 are gone from PR 7; other items and other sources' events stay
    assert left == {"github:review:1", "github:review:9", "github:review:4", "jira:comment:5"}
    with pytest.raises(ValueError, match="source"):
        store.write(again, complete_items=["acme/web#7"])


def test_text_class_cache_upserts_per_version_and_never_touches_events(store: Store) -> None:
    store.write([_event(n) for n in range(3)])
    rows = pd.DataFrame(
        {
            "event_id": ["github:review:0", "github:review:1"],
            "text_sha1": ["a" * 40, "b" * 40],
            "label": ["praise", "other"],
            "cues": ["", "risk,suggestion"],
            "reason": ["praise: 'good' (praise word)", "other: no class cue matched"],
        }
    )
    assert store.write_text_classes(rows, "v1") == 2
    store.write_text_classes(rows.iloc[[1]].assign(label="defect", text_sha1="c" * 40), "v1")
    cached = store.text_classes("v1").sort_values("event_id", ignore_index=True)
    assert cached["label"].tolist() == ["praise", "defect"]
    assert cached["redacted"].tolist() == [False, False]
    with store.engine.connect() as conn:
        digests = conn.execute(sa.select(schema.text_classes.c.text_sha1).order_by("event_id")).scalars()
        assert list(digests) == ["a" * 40, "c" * 40]
    assert cached["cues"].tolist() == ["", "risk,suggestion"]
    assert store.text_classes("v2").empty
    assert store.events()["text"].tolist() == ["looks good 0", "looks good 1", "looks good 2"]


def test_events_of_some_kinds_and_dtypes(store: Store) -> None:
    comment = _event(
        9, kind="comment", event_id="github:comment:9", attrs={"on": "pull_request", "number": 9}
    )
    store.write([_event(n) for n in range(4)] + [comment])
    comments = store.events(kinds=["comment"], columns=["event_id", "created_at", "target"])
    assert comments["event_id"].tolist() == ["github:comment:9"]
    assert str(comments["created_at"].dtype) == "datetime64[us, UTC]"
    assert str(comments["target"].dtype) == "str"
    empty = store.events(since=T0 + timedelta(days=30))
    assert empty.empty and list(empty.columns) == list(store.events().columns)
