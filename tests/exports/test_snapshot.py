"""Golden tests of `footprint snapshot` on the demo data (DESIGN §6)."""

from __future__ import annotations

import csv
import hashlib
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from collectors.config import Config
from collectors.store import Store
from dashboard.errors import UsageError
from dashboard.exports import snapshot as snapshot_module
from dashboard.exports.snapshot import DATA_FILES, FILES, write_snapshot
from metrics.engine import Metrics

from .conftest import Q3

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
EVENT_COLUMNS = [
    "event_id", "source", "kind", "actor", "actor_team", "target", "target_team",
    "container", "item", "created_at", "url",
]  # fmt: skip
#: DESIGN §6's evidence columns, then what issue 13 added at the end (why an act stands out, and every rule
#: that counted it).
EVIDENCE_COLUMNS = [
    "event_id", "person", "behaviour", "weight", "rule", "reason", "created_at", "url",
    "strength", "why", "rules",
]  # fmt: skip
FOOTPRINT_COLUMNS = ["person", "team", "behaviour", "period", "evidence_count", "weight_sum"]
OPPORTUNITY_COLUMNS = ["person", "kind", "item", "url", "reason", "since"]


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _snap(store: Store, config: Config, out: Path, metrics: Metrics, **kwargs: object) -> Path:
    return write_snapshot(
        store, config, out, since=Q3.since, until=Q3.until, metrics=metrics, now=NOW, **kwargs
    )


@pytest.fixture(scope="module")
def q3_snapshot(
    tmp_path_factory: pytest.TempPathFactory, demo_store: Store, demo_config: Config, q3_metrics: Metrics
) -> Path:
    return _snap(demo_store, demo_config, tmp_path_factory.mktemp("snap") / "q3", q3_metrics)


def test_files_and_columns_are_exactly_design_section_6(q3_snapshot: Path) -> None:
    assert sorted(p.name for p in q3_snapshot.iterdir()) == sorted(FILES)
    assert _header(q3_snapshot / "events.csv") == EVENT_COLUMNS
    assert _header(q3_snapshot / "evidence.csv") == EVIDENCE_COLUMNS
    assert _header(q3_snapshot / "footprint.csv") == FOOTPRINT_COLUMNS
    assert _header(q3_snapshot / "people.csv")[:4] == ["person", "name", "team", "level"]
    assert pq.read_schema(q3_snapshot / "events.parquet").names == EVENT_COLUMNS
    assert pq.read_schema(q3_snapshot / "evidence.parquet").names == EVIDENCE_COLUMNS
    assert pq.read_schema(q3_snapshot / "footprint.parquet").names == FOOTPRINT_COLUMNS
    assert _header(q3_snapshot / "opportunities.csv") == OPPORTUNITY_COLUMNS
    assert pq.read_schema(q3_snapshot / "opportunities.parquet").names == OPPORTUNITY_COLUMNS
    assert {"opportunities.csv", "opportunities.parquet"} <= set(FILES)


def test_manifest_counts_window_sources_and_config_hash(
    q3_snapshot: Path, demo_store: Store, demo_config: Config
) -> None:
    manifest = json.loads((q3_snapshot / "manifest.json").read_text("utf-8"))
    assert manifest["schema_version"] == 1
    assert manifest["generated_at"] == "2026-11-24T12:00:00Z"
    assert manifest["window"] == {"since": "2026-07-01", "until": "2026-10-01"}
    events = pd.read_csv(q3_snapshot / "events.csv")
    evidence = pd.read_csv(q3_snapshot / "evidence.csv")
    people = pd.read_csv(q3_snapshot / "people.csv")
    assert (
        manifest["counts"]["events"]
        == len(events)
        == pq.read_metadata(q3_snapshot / "events.parquet").num_rows
    )
    assert manifest["counts"]["evidence"] == len(evidence) > 1000
    assert not evidence.duplicated(["event_id", "person", "behaviour"]).any()  # one act, once per behaviour
    assert manifest["counts"]["people"] == int(people["mapped"].sum()) == 15
    assert manifest["counts"]["unmapped_identities"] == int((~people["mapped"]).sum()) >= 1
    opportunities = pd.read_csv(q3_snapshot / "opportunities.csv")
    assert manifest["counts"]["opportunities"] == len(opportunities) > 0
    assert pq.read_metadata(q3_snapshot / "opportunities.parquet").num_rows == len(opportunities)
    assert {"opportunities.csv", "opportunities.parquet"} <= set(manifest["files"])
    assert [s["source"] for s in manifest["sources"]] == ["github", "jira"]
    stored = demo_store.sources().set_index("source")["events"]
    for source in manifest["sources"]:
        assert source["events"] == stored[source["source"]]
        assert source["last_sync"].endswith("Z") and source["last_status"] == "ok"
    digest = hashlib.sha256(Path(demo_config.path).read_bytes()).hexdigest()
    assert manifest["config_sha256"] == digest


def test_window_filters_every_table(q3_snapshot: Path, demo_store: Store) -> None:
    events = pd.read_csv(q3_snapshot / "events.csv")
    stored = demo_store.events(since=Q3.start, until=Q3.end, columns=["event_id"])
    assert set(events["event_id"]) <= set(stored["event_id"])
    assert len(events) == len(stored)  # the demo config excludes nobody
    for name in ("events.csv", "evidence.csv"):
        times = pd.to_datetime(pd.read_csv(q3_snapshot / name)["created_at"], utc=True)
        assert times.min() >= Q3.start and times.max() < Q3.end
    periods = set(pd.read_csv(q3_snapshot / "footprint.csv")["period"])
    assert periods == {"2026-07", "2026-08", "2026-09"}


def test_actors_are_person_ids_and_timestamps_iso_utc(q3_snapshot: Path) -> None:
    events = pd.read_csv(q3_snapshot / "events.csv", dtype=str, keep_default_na=False)
    people = pd.read_csv(q3_snapshot / "people.csv", dtype=str, keep_default_na=False)
    mapped = set(people.loc[people["mapped"] == "true", "person"])
    actors = set(events["actor"]) - {""}
    assert mapped <= actors
    assert all(a in mapped or ":" in a for a in actors)  # else the raw identity, e.g. github:dependabot[bot]
    assert events["created_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z").all()
    times = pq.read_table(q3_snapshot / "events.parquet").schema.field("created_at").type
    assert str(times) == "timestamp[us, tz=UTC]"


def test_rows_are_in_stable_order(q3_snapshot: Path) -> None:
    events = pd.read_csv(q3_snapshot / "events.csv")
    assert list(zip(events["created_at"], events["event_id"], strict=True)) == sorted(
        zip(events["created_at"], events["event_id"], strict=True)
    )
    people = pd.read_csv(q3_snapshot / "people.csv")
    mapped = people[people["mapped"]]
    assert list(mapped["person"]) == sorted(mapped["person"])
    assert people["mapped"].tolist() == sorted(people["mapped"].tolist(), reverse=True)


def test_identical_inputs_give_byte_identical_data_files(
    tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics, q3_snapshot: Path
) -> None:
    again = write_snapshot(
        demo_store,
        demo_config,
        tmp_path / "again",
        since=Q3.since,
        until=Q3.until,
        now=datetime(2027, 1, 5, tzinfo=UTC),
    )  # fmt: skip  (metrics recomputed from the store, another generated_at)
    for name in (*DATA_FILES, "report.html"):
        assert (again / name).read_bytes() == (q3_snapshot / name).read_bytes(), name
    assert (again / "manifest.json").read_bytes() != (q3_snapshot / "manifest.json").read_bytes()


def test_text_only_with_include_text(
    tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics, q3_snapshot: Path
) -> None:
    texts = demo_store.events(since=Q3.start, until=Q3.end, columns=["event_id", "text"]).dropna()
    long_texts = [t for t in texts["text"] if len(t) >= 80][:50]
    assert long_texts
    plain = (q3_snapshot / "events.csv").read_text("utf-8")
    assert not any(text in plain for text in long_texts)
    with_text = _snap(demo_store, demo_config, tmp_path / "text", q3_metrics, include_text=True)
    assert _header(with_text / "events.csv") == [*EVENT_COLUMNS, "text"]
    exported = pd.read_parquet(with_text / "events.parquet").set_index("event_id")["text"]
    for event_id, text in zip(texts["event_id"], texts["text"], strict=True):
        assert exported[event_id] == text
    assert json.loads((with_text / "manifest.json").read_text("utf-8"))["include_text"] is True
    # a bare approval among the report's examples quotes its reviewer's inline comment, not "LGTM"
    assert "In an inline comment of this review:" in (with_text / "report.html").read_text("utf-8")


def test_a_failure_while_writing_leaves_no_folder_and_no_leftovers(
    tmp_path: Path,
    demo_store: Store,
    demo_config: Config,
    q3_metrics: Metrics,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshot_module, "write_report", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _snap(demo_store, demo_config, tmp_path / "out", q3_metrics)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rewrite_keeps_the_previous_snapshot(
    tmp_path: Path,
    demo_store: Store,
    demo_config: Config,
    q3_metrics: Metrics,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _snap(demo_store, demo_config, tmp_path / "out", q3_metrics)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(
        snapshot_module, "write_table", lambda *a, **k: (_ for _ in ()).throw(OSError("boom"))
    )
    with pytest.raises(OSError, match="boom"):
        _snap(demo_store, demo_config, out, q3_metrics)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_rewriting_a_snapshot_replaces_it_atomically(
    tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics
) -> None:
    out = _snap(demo_store, demo_config, tmp_path / "out", q3_metrics)
    (out / "stale.txt").write_text("from an older run")
    _snap(demo_store, demo_config, out, q3_metrics)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_unusable_out_is_one_config_error_before_any_work(
    tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UsageError) as caught:
        _snap(demo_store, demo_config, blocker / "snap", q3_metrics)
    assert "is a file, not a folder" in caught.value.line
    with pytest.raises(UsageError, match="exists and is not a folder"):
        _snap(demo_store, demo_config, blocker, q3_metrics)
    unrelated = tmp_path / "home"
    unrelated.mkdir()
    (unrelated / "thesis.tex").write_text("precious")
    with pytest.raises(UsageError, match="not a snapshot"):
        _snap(demo_store, demo_config, unrelated, q3_metrics)
    assert (unrelated / "thesis.tex").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "home"]


def test_concurrent_runs_leave_one_complete_snapshot(
    tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics, q3_snapshot: Path
) -> None:
    out = tmp_path / "out"
    errors: list[BaseException] = []

    def run() -> None:
        try:
            _snap(demo_store, demo_config, out, q3_metrics)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    for name in (*DATA_FILES, "report.html"):
        assert (out / name).read_bytes() == (q3_snapshot / name).read_bytes(), name


def test_default_window_is_the_last_full_quarter(
    tmp_path: Path, demo_store: Store, demo_config: Config
) -> None:
    out = write_snapshot(demo_store, demo_config, tmp_path / "default", now=NOW)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["window"] == {"since": "2026-07-01", "until": "2026-10-01"}


def test_opportunities_are_as_of_the_window_end_whatever_happened_after(
    q3_snapshot: Path, q3_metrics: Metrics, demo_store: Store, demo_config: Config
) -> None:
    from metrics.engine import _compute

    exported = pd.read_csv(q3_snapshot / "opportunities.csv", keep_default_na=False)
    since = pd.to_datetime(exported["since"], utc=True)
    assert exported["since"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z").all()
    assert since.max() < Q3.end
    mapped = pd.read_csv(q3_snapshot / "people.csv")
    assert set(exported["person"]) <= set(mapped.loc[mapped["mapped"], "person"])
    keys = list(zip(exported["person"], exported["kind"], since, exported["item"], strict=True))
    assert keys == sorted(keys)
    # every event of the store, also those after the window's end: the same opportunities
    everything = _compute(demo_store.events(), demo_config, None, since=Q3.start, until=Q3.end)
    pd.testing.assert_frame_equal(everything.opportunities, q3_metrics.opportunities)
    later = _compute(
        demo_store.events(), demo_config, None, since=Q3.start, until=datetime(2026, 11, 1, tzinfo=UTC)
    )
    assert not later.opportunities.equals(q3_metrics.opportunities)
