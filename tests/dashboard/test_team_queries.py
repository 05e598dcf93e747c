"""The queried Team page and Data health (dashboard/team_queries.py) against the frame path they replace
(scope_metrics + filter_metrics + the measure functions) on the demo store: the same numbers for every
kind of viewer, with an excluded person, and the access rules applied by the queries themselves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import AccessConfig, Config
from collectors.simulated import demo_events
from collectors.store import Store
from collectors.store.derived_schema import acts
from dashboard import data, team_queries
from dashboard.access import visible_people
from dashboard.charts import health, network, team
from metrics.measures import answered_waits, cross_team_flows, review_load, wait_distribution
from metrics.measures.base import ACT_COUNT
from metrics.stored.compute import compute_store
from metrics.stored.read import load_stored_metrics
from metrics.teams import ContainerOwners

from . import test_queries
from .test_queries import EXCLUDED, FILTERS, VIEWERS

org = test_queries.org  # the same fixtures: the demo store under oidc, with a manager and an exclusion
frames = test_queries.frames

Org = tuple[Path, Config, Store]


def _same(got: pd.DataFrame, expected: pd.DataFrame, key: list[str] | None = None) -> None:
    if key:
        got, expected = got.sort_values(key), expected.sort_values(key)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype(object),
        expected.reset_index(drop=True).astype(object),
        check_dtype=False,
        check_index_type=False,
        check_column_type=False,
    )


def _same_waits(grouped: pd.DataFrame, responses: pd.DataFrame) -> None:
    """The query's waits grouped by wait with their number stand for exactly the measure's rows: the
    same waits, as many times (so the same count, median and buckets)."""
    assert ACT_COUNT in grouped and grouped["waited_hours"].is_unique
    got, expected = answered_waits(grouped), answered_waits(responses)
    assert sorted(got) == sorted(responses["waited_hours"].dropna())
    assert len(got) == len(expected) and got.median() == pytest.approx(expected.median(), nan_ok=True)


def _people(config: Config, viewer: str, filters: data.Filters) -> pd.DataFrame:
    ctx = data.PageContext(config, VIEWERS[viewer], "sig", tuple(filters.months), filters)
    return ctx.people()[["person", "name"]]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_team_flows_in_sql_equal_the_frame_paths(
    org: Org, frames: dict[str, data.Scoped], viewer: str, filters: data.Filters
) -> None:
    _, config, store = org
    scoped = frames[viewer]
    selected = data.filter_metrics(scoped, filters)
    events = selected.events
    people = _people(config, viewer, filters)
    got = team_queries.team_flows(store, config, VIEWERS[viewer], filters, people)

    edges = network.review_edges(events)
    _same(got.edges, edges)
    names = dict(zip(scoped.metrics.people["person"], scoped.metrics.people["name"], strict=True))
    nodes = set(edges["reviewer"]) | set(edges["author"])
    assert {k: v for k, v in got.names.items() if k in nodes} == {
        k: v for k, v in names.items() if k in nodes and isinstance(v, str)
    }
    _same(got.nodes, network.layout(edges, got.names))
    _same(got.load, review_load(events, people))
    _same(got.links, cross_team_flows(events, ContainerOwners(config.teams)))
    _same(got.retro, team.retro_frame(events))
    responses = team.first_responses_in(selected, filters.since, filters.until, filters.team)
    _same_waits(got.responses, responses)
    _same(got.waits, wait_distribution(responses))
    if viewer != "unmapped" and filters.team is None:
        assert len(got.edges) and len(got.links) and len(got.responses), "compare something, not nothing"
        assert got.load["reviews"].sum() > 0
    allowed = visible_people(config, VIEWERS[viewer])
    shown = set(got.edges["reviewer"]) | set(got.edges["author"])
    assert EXCLUDED not in shown
    if allowed is not None:  # everyone else is "<team> member"
        assert all(person in allowed or person.endswith(" member") for person in shown)
        if viewer in ("member", "other team") and filters.team is None:
            assert any(person.endswith(" member") for person in shown)


@pytest.mark.parametrize("as_of", ["2026-09-01", "2026-07-15T12:30", "now"])
@pytest.mark.parametrize("team_name", [None, "payments", "web"])
def test_stalled_work_in_sql_equals_the_frame_paths(
    org: Org, frames: dict[str, data.Scoped], team_name: str | None, as_of: str
) -> None:
    _, config, store = org
    moment = datetime.now(UTC) if as_of == "now" else datetime.fromisoformat(as_of).replace(tzinfo=UTC)
    selected = data.filter_metrics(frames["open"], data.Filters(team_name, "2026-05", "2026-10"))
    expected = team.stalled_at(selected, config, moment, team_name)
    got = team_queries.stalled_rows(store, config, team_name, moment)
    _same(got, expected)
    if team_name is None:
        assert len(got), "compare stalled work, not two empty frames"


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_health_counts_in_sql_equal_the_frame_paths(
    org: Org, frames: dict[str, data.Scoped], viewer: str, filters: data.Filters
) -> None:
    _, config, store = org
    events = data.filter_metrics(frames[viewer], filters).events
    expected = health.source_kind_month_frame(events)
    _same(team_queries.source_kind_counts(store, config, filters), expected, key=["month", "source", "kind"])
    unmapped = team_queries.unmapped_identities(store, config, VIEWERS[viewer])
    _same(unmapped, frames[viewer].metrics.unmapped)
    if viewer == "open":
        assert len(unmapped), "the demo has unmapped identities to compare"
    every = data.filter_metrics(frames[viewer], data.Filters(None, filters.start, filters.end)).events
    by_team = every.groupby(every["actor_team"].astype(object).fillna("~")).size()
    got = team_queries.team_counts(store, config, filters)
    assert dict(zip(got["team"].fillna("~"), got["events"], strict=True)) == by_team.to_dict()


def test_excluded_peoples_acts_are_stored_and_left_out_by_the_queries(org: Org) -> None:
    """The acts table holds the excluded person's acts (the unmapped identities count them): only the
    queries' WHERE keeps them off the pages, for every viewer."""
    _, config, store = org
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.select(sa.func.count()).select_from(acts).where(acts.c.actor_person == EXCLUDED)
        ).scalar_one()
    assert stored > 0
    unexcluded = config.model_copy(update={"access": AccessConfig(mode="oidc", managers=["marlowe"])})
    window = FILTERS[0]
    everyone = team_queries.review_rows(store, unexcluded, VIEWERS["open"], window)
    assert EXCLUDED in set(everyone["actor_person"]) | set(everyone["target_person"])
    for name in ("open", "manager"):
        for rows in (
            team_queries.review_rows(store, config, VIEWERS[name], window),
            team_queries.link_rows(store, config, VIEWERS[name], window),
            team_queries.retro_rows(store, config, VIEWERS[name], window),
        ):
            people = set(rows["actor_person"]) | set(rows.get("target_person", pd.Series(dtype=object)))
            assert EXCLUDED not in people
        counts = team_queries.source_kind_counts(store, config, window)
        unfiltered = team_queries.source_kind_counts(store, unexcluded, window)
        assert counts["events"].sum() < unfiltered["events"].sum()


def test_a_stale_store_is_brought_up_to_date_with_the_team_tables(org: Org) -> None:
    """A full compute (a config change) rewrites the acts: counts follow the current config."""
    _, config, store = org
    before = team_queries.source_kind_counts(store, config, FILTERS[0])
    assert compute_store(store, config, full=True).mode == "full"
    after = team_queries.source_kind_counts(store, config, FILTERS[0])
    _same(after, before)


def test_the_same_queries_give_the_same_numbers_on_sqlite_and_postgresql(store: Store, org: Org) -> None:
    """The demo events in a fresh store of each dialect: the queried Team page and Data health equal the
    frame path there too (the SQL is one SQLAlchemy Core text for both)."""
    _, config, demo_store = org
    store.write(demo_events())  # what `footprint demo` wrote into the org's store
    assert store.count_events() == demo_store.count_events()
    compute_store(store, config)
    everything = load_stored_metrics(store, config)
    filters = FILTERS[1]
    for name in ("open", "manager", "member"):
        viewer = VIEWERS[name]
        scoped = data.scope_metrics(everything, config, viewer)
        selected = data.filter_metrics(scoped, filters)
        got = team_queries.team_flows(store, config, viewer, filters, _people(config, name, filters))
        _same(got.edges, network.review_edges(selected.events))
        _same(got.links, cross_team_flows(selected.events, ContainerOwners(config.teams)))
        _same(got.retro, team.retro_frame(selected.events))
        expected = team.first_responses_in(selected, filters.since, filters.until, filters.team)
        _same_waits(got.responses, expected)
        _same(got.waits, wait_distribution(expected))
        _same(
            team_queries.source_kind_counts(store, config, filters),
            health.source_kind_month_frame(selected.events),
            key=["month", "source", "kind"],
        )
        _same(team_queries.unmapped_identities(store, config, viewer), scoped.metrics.unmapped)
        assert len(got.edges) and len(got.responses)
    as_of = datetime(2026, 8, 20, tzinfo=UTC)
    open_selected = data.filter_metrics(data.scope_metrics(everything, config, VIEWERS["open"]), filters)
    _same(
        team_queries.stalled_rows(store, config, filters.team, as_of),
        team.stalled_at(open_selected, config, as_of, filters.team),
    )
