"""The SQL-backed pages (dashboard/queries.py) against the frame path they replace, on the demo store:
the same numbers for every kind of viewer, access rules applied in the query, and cached results that
never pass from one viewer to another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import AccessConfig, Config, load_config
from collectors.store import Store, open_store
from dashboard import data, queries
from dashboard.access import Viewer, visible_people
from dashboard.charts.team import heatmap_frame
from metrics.stored.compute import compute_store
from metrics.stored.read import load_stored_metrics

OPEN = Viewer(mode="open")
MANAGER = Viewer(mode="oidc", person="marlowe", email="marlowe.tinderbox@acme.example", signed_in=True)
MEMBER = Viewer(mode="oidc", person="odile", email="odile.brasswick@acme.example", signed_in=True)
OTHER_TEAM = Viewer(mode="oidc", person="tobias", email="t@acme.example", signed_in=True)
UNMAPPED = Viewer(mode="oidc", person=None, email="who@else.example", signed_in=True)
VIEWERS = {"open": OPEN, "manager": MANAGER, "member": MEMBER, "other team": OTHER_TEAM, "unmapped": UNMAPPED}
FILTERS = [
    data.Filters(None, "2026-05", "2026-10"),
    data.Filters("payments", "2026-06", "2026-08"),
    data.Filters("web", "2026-09", "2026-09"),
]
EXCLUDED = "juno"  # in the manager's team: visible to nobody


@pytest.fixture(scope="module")
def org(demo_config: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Config, Store]:
    """The demo store under an ``oidc`` config with a manager and an excluded person, computed for it."""
    folder = tmp_path_factory.mktemp("org")
    shutil.copy(demo_config.parent / "footprint.db", folder / "footprint.db")
    text = demo_config.read_text("utf-8")
    access = 'mode = "open"\nmanagers = ["marlowe", "priya", "hattie"]\nexclude = []'
    assert access in text
    text = text.replace(access, f'mode = "oidc"\nmanagers = ["marlowe"]\nexclude = ["{EXCLUDED}"]')
    path = folder / "footprint.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.access.exclude == [EXCLUDED] and config.access.managers == ["marlowe"]
    store = open_store(config.store_url())
    compute_store(store, config)
    yield path, config, store
    store.dispose()


@pytest.fixture(scope="module")
def frames(org: tuple[Path, Config, Store]) -> dict[str, data.Scoped]:
    """The old path: everything loaded, scoped per viewer in pandas."""
    _, config, store = org
    everything = load_stored_metrics(store, config)
    return {name: data.scope_metrics(everything, config, viewer) for name, viewer in VIEWERS.items()}


def _frame_overview(scoped: data.Scoped, filters: data.Filters) -> dict[str, object]:
    selected = data.filter_metrics(scoped, filters)
    footprint, evidence = selected.footprint, selected.evidence
    by_month = footprint.groupby(["period", "behaviour"])["evidence_count"].sum()
    by_team = footprint.assign(team=footprint["team"].fillna("-")).groupby(["team", "behaviour"])
    return {
        "people": footprint["person"].nunique(),
        "acts": len(evidence[["event_id", "person"]].drop_duplicates()),
        "items": evidence["item"].nunique(),
        "evidence": int(footprint["evidence_count"].sum()),
        "by_month": {key: int(value) for key, value in by_month.items()},
        "by_team": {key: int(value) for key, value in by_team["evidence_count"].sum().items()},
    }


def _sql_overview(figures: queries.OverviewFigures) -> dict[str, object]:
    by_team = figures.by_team.assign(team=figures.by_team["team"].fillna("-"))
    return {
        "people": figures.people,
        "acts": figures.acts,
        "items": figures.items,
        "evidence": figures.evidence,
        "by_month": {(r.month, r.behaviour): r.evidence for r in figures.by_month.itertuples()},
        "by_team": {(r.team, r.behaviour): r.evidence for r in by_team.itertuples()},
    }


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_overview_in_sql_shows_the_frame_paths_numbers(
    org: tuple[Path, Config, Store], frames: dict[str, data.Scoped], viewer: str, filters: data.Filters
) -> None:
    _, config, store = org
    expected = _frame_overview(frames[viewer], filters)
    got = _sql_overview(queries.overview_figures(store, config, VIEWERS[viewer], filters))
    assert got == expected
    if viewer in ("open", "manager") and filters.team in (None, "payments"):
        assert got["evidence"] > 0, "the comparison must cover evidence, not two empty results"
    if viewer == "unmapped":
        assert got["evidence"] == 0


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_team_heatmap_in_sql_equals_the_frame_paths(
    org: tuple[Path, Config, Store], frames: dict[str, data.Scoped], viewer: str, filters: data.Filters
) -> None:
    _, config, store = org
    ctx = data.PageContext(config, VIEWERS[viewer], "sig", tuple(filters.months), filters)
    people = ctx.people()
    assert EXCLUDED not in set(people["person"])
    old = heatmap_frame(data.filter_metrics(frames[viewer], filters).footprint, people, filters.months)
    rows = queries.team_footprint_rows(store, config, VIEWERS[viewer], filters)
    new = heatmap_frame(rows, people, filters.months)
    pd.testing.assert_frame_equal(new.reset_index(drop=True), old.reset_index(drop=True))
    allowed = visible_people(config, VIEWERS[viewer])
    assert EXCLUDED not in set(rows["person"])
    assert allowed is None or set(rows["person"]) <= allowed


def test_the_roster_from_the_config_equals_the_frame_paths(frames: dict[str, data.Scoped], org) -> None:  # type: ignore[no-untyped-def]
    _, config, _ = org
    for name, viewer in VIEWERS.items():
        for filters in FILTERS:
            ctx = data.PageContext(config, viewer, "sig", tuple(filters.months), filters)
            people = data.filter_metrics(frames[name], filters).people
            mapped = people[people["mapped"].astype(bool)]
            assert list(ctx.people()["person"]) == sorted(
                mapped["person"], key=lambda p: (str(mapped.set_index("person").at[p, "name"]).casefold(), p)
            )


def test_excluded_people_are_left_out_by_the_query_itself(org: tuple[Path, Config, Store]) -> None:
    """Tables computed without the exclusion still never show the excluded person: the WHERE does it."""
    _, config, store = org
    unexcluded = config.model_copy(update={"access": AccessConfig(mode="oidc", managers=["marlowe"])})
    compute_store(store, unexcluded)
    try:
        everyone = queries.team_footprint_rows(store, unexcluded, OPEN, FILTERS[0])
        assert EXCLUDED in set(everyone["person"]), "the excluded person has evidence to leave out"
        for viewer in (OPEN, MANAGER):
            rows = queries.team_footprint_rows(store, config, viewer, FILTERS[0])
            assert EXCLUDED not in set(rows["person"])
            shown = queries.overview_figures(store, config, viewer, FILTERS[0])
            unfiltered = queries.overview_figures(store, unexcluded, viewer, FILTERS[0])
            assert shown.people == unfiltered.people - 1 and shown.evidence < unfiltered.evidence
            assert shown.acts < unfiltered.acts and shown.items <= unfiltered.items  # item_footprints' WHERE
    finally:
        compute_store(store, config)


def test_a_viewers_cached_result_is_never_served_to_another(org: tuple[Path, Config, Store]) -> None:
    path, config, store = org
    queries.overview.clear()
    queries.team_footprint.clear()
    signature = data.store_signature(config)
    assert signature is not None
    window = FILTERS[0]
    order = [MEMBER, MANAGER, OPEN, OTHER_TEAM, MEMBER, UNMAPPED, MANAGER]
    seen: dict[str, tuple[int, int]] = {}
    for viewer in order:  # every call after the first hits a cache holding other viewers' results
        cached = queries.overview(
            str(path), signature, viewer.cache_key, viewer, window.team, window.start, window.end
        )
        direct = queries.overview_figures(store, config, viewer, window)
        assert _sql_overview(cached) == _sql_overview(direct), viewer
        rows = queries.team_footprint(
            str(path), signature, viewer.cache_key, viewer, window.team, window.start, window.end
        )
        assert set(rows["person"]) == set(
            queries.team_footprint_rows(store, config, viewer, window)["person"]
        )
        seen[viewer.cache_key] = (cached.people, cached.evidence)
    assert len(set(seen.values())) == len(seen), "the viewers see different things, so a mix-up would show"
