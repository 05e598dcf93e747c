"""The public API: frames and columns, exclusion, bots, footprints, rules table, store round trip."""

from datetime import timedelta

import pandas as pd

from collectors.store import open_store
from metrics.engine import METRICS_EVENT_COLUMNS, compute, load_metrics
from metrics.evidence import EVIDENCE_COLUMNS
from metrics.footprint import FOOTPRINT_COLUMNS
from metrics.rules import RULES
from tests.metrics.builders import DEFECT, PLAIN, T0, World, config, run


def _world() -> World:
    w = World()
    pr = w.pr("bob", 1, merged_at=50)
    w.review(pr, "ada", 2, "APPROVED")
    w.review_comment(pr, "ada", 3, DEFECT)
    w.comment(pr, "acme-ci[bot]", 0.1, PLAIN)
    web = w.pr("dee", 2, repo="acme/web", hours=24 * 40)  # next month
    w.review(web, "ada", 24 * 40 + 1, "APPROVED")
    w.review(web, "bob", 24 * 40 + 2, "COMMENTED")
    return w


def test_frames_have_the_documented_columns_and_order() -> None:
    metrics = run(_world())
    assert tuple(metrics.events.columns) == METRICS_EVENT_COLUMNS
    assert tuple(metrics.evidence.columns) == EVIDENCE_COLUMNS
    assert tuple(metrics.footprint.columns) == FOOTPRINT_COLUMNS
    assert list(metrics.rules.columns)[:4] == ["rule", "behaviour", "weight", "description"]
    assert list(metrics.rules["rule"]) == [rule.id for rule in RULES]
    evidence = metrics.evidence
    assert evidence["created_at"].is_monotonic_increasing
    assert str(evidence["created_at"].dt.tz) == "UTC"
    assert metrics.events.loc[metrics.events["actor"] == "github:acme-ci[bot]", "is_bot"].tolist() == [True]
    assert "acme-ci[bot]" not in " ".join(evidence["person"])


def test_footprint_aggregates_evidence_per_person_behaviour_and_month() -> None:
    metrics = run(_world())
    ada = metrics.footprint[
        (metrics.footprint["person"] == "ada") & (metrics.footprint["behaviour"] == "reviewing")
    ]
    assert ada[["period", "evidence_count", "weight_sum"]].values.tolist() == [
        ["2025-03", 2, 1.5],
        ["2025-04", 1, 1.0],
    ]
    for (person, behaviour, period), group in metrics.evidence.assign(
        period=metrics.evidence["created_at"].dt.strftime("%Y-%m")
    ).groupby(["person", "behaviour", "period"]):
        row = metrics.footprint[
            (metrics.footprint["person"] == person)
            & (metrics.footprint["behaviour"] == behaviour)
            & (metrics.footprint["period"] == period)
        ]
        assert row["evidence_count"].item() == len(group)
        assert row["weight_sum"].item() == group["weight"].sum()


def test_excluded_people_vanish_from_every_output() -> None:
    metrics = run(_world(), access={"exclude": ["bob"]})
    assert "bob" not in set(metrics.evidence["person"]) | set(metrics.footprint["person"])
    assert "bob" not in set(metrics.people["person"])
    assert "bob" not in set(metrics.events["actor_person"].dropna()) | set(
        metrics.events["target_person"].dropna()
    )
    assert "github:bob" not in set(metrics.events["target"].dropna()) | set(metrics.events["actor"].dropna())
    assert "github:bob" not in set(metrics.unmapped["identity"])
    # ada's review of bob's pull request is still ada's evidence
    assert "approved acme/payments#1" in set(metrics.evidence["reason"])


def test_empty_events_give_empty_frames() -> None:
    empty = pd.DataFrame({column: pd.Series(dtype=object) for column in _world().frame().columns})
    empty["created_at"] = pd.to_datetime(empty["created_at"], utc=True)
    metrics = compute(empty, config())
    assert metrics.evidence.empty and metrics.footprint.empty and metrics.unmapped.empty
    assert tuple(metrics.evidence.columns) == EVIDENCE_COLUMNS
    assert len(metrics.people) == 5


def test_load_metrics_reads_the_store_window(tmp_path) -> None:
    world = _world()
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    store.write(world.events)
    whole = load_metrics(store, config())
    assert whole.evidence.equals(compute(world.frame(), config()).evidence)
    april = load_metrics(store, config(), since=T0 + timedelta(days=30))
    assert set(april.evidence["created_at"].dt.strftime("%Y-%m")) == {"2025-04"}
    store.dispose()


def test_a_window_credits_a_wait_that_began_before_it(tmp_path) -> None:
    world = World()
    pr = world.pr("bob", 7, hours=24 * 28)  # opened four days before the window
    world.review(pr, "ada", 24 * 31, "COMMENTED", PLAIN)  # first response inside it, after 72 h
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    store.write(world.events)
    since = T0 + timedelta(days=30)
    window = load_metrics(store, config(), since=since)
    first = window.evidence[window.evidence["rule"] == "unblocking.first_response"]
    assert first["reason"].tolist() == [f"first response on {pr} after it waited 72 h"]
    # the window holds exactly what all history holds from its start: nothing before it
    whole = load_metrics(store, config()).evidence
    expected = whole[whole["created_at"] >= pd.Timestamp(since)].reset_index(drop=True)
    pd.testing.assert_frame_equal(window.evidence, expected)
    assert (window.events["created_at"] >= pd.Timestamp(since)).all()
    assert pr not in set(window.events["item"][window.events["kind"] == "pull_request"])
    store.dispose()
