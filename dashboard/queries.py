"""What a page asks the store for directly, by index, instead of filtering a frame of everything:
the access rules (DESIGN §8) are part of each query's WHERE, and each small result is cached per viewer
(``st.cache_data`` keyed by the store's signature and the viewer's cache key).

The same SQLAlchemy Core queries run on SQLite and PostgreSQL; the indexes they use are created by the
store's migrations (``collectors/store/migrations.py``, versions 6 and 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from collectors.config import Config
from collectors.store import Store
from collectors.store.derived_schema import evidence, footprints, item_footprints
from collectors.store.read import rows_frame
from dashboard.access import Viewer, can_view_person, visible_people
from metrics.stored.read import stored_evidence

from . import data


@st.cache_data(show_spinner=False, max_entries=64)
def person_evidence(
    path: str, signature: str, viewer_key: str, _viewer: Viewer, person: str, since: datetime, until: datetime
) -> pd.DataFrame:
    """``person``'s stored evidence in ``[since, until)`` (the evidence index on person and time), or
    nothing when the viewer may not see that person's individual pages (or the person is excluded)."""
    config = data.app_config(Path(path))
    if not can_view_person(config, _viewer, person):  # excluded people included
        return stored_evidence_empty()
    store = data.open_app_store(config)
    if store is None:
        return stored_evidence_empty()
    return stored_evidence(store, since=since, until=until, where=evidence.c.person == person)


def stored_evidence_empty() -> pd.DataFrame:
    from metrics.evidence import empty_evidence

    return empty_evidence()


def people_allowed(table: sa.Table, config: Config, viewer: Viewer) -> sa.ColumnElement[bool]:
    """The access rule as a WHERE clause on ``table.person``: the people whose evidence ``viewer`` may
    count (every non-excluded person in ``open`` mode; else :func:`visible_people`, nobody when unmapped)."""
    allowed = visible_people(config, viewer)
    if allowed is None:
        excluded = sorted(config.access.exclude)
        return table.c.person.not_in(excluded) if excluded else sa.true()
    return table.c.person.in_(sorted(allowed)) if allowed else sa.false()


def _window(table: sa.Table, filters: data.Filters) -> sa.ColumnElement[bool]:
    clause = sa.and_(table.c.period >= filters.start, table.c.period <= filters.end)
    return clause if filters.team is None else sa.and_(clause, table.c.team == filters.team)


@dataclass(frozen=True)
class OverviewFigures:
    """What the Overview shows, as the store aggregates it for one viewer, team and period."""

    people: int  # people with evidence
    acts: int  # acts (event, person) with evidence, counted once whatever behaviours they show
    items: int  # items with evidence
    evidence: int  # evidence rows: one per act and behaviour
    by_month: pd.DataFrame  # month, behaviour, evidence
    by_team: pd.DataFrame  # team (None = no team), behaviour, evidence


def overview_figures(store: Store, config: Config, viewer: Viewer, filters: data.Filters) -> OverviewFigures:
    """The Overview's figures (uncached; :func:`overview` caches them per viewer). Footprints give the
    people, the evidence and the monthly and team aggregates (``ix_footprints_team_period_sums``), the
    per-item aggregate the acts and the items (``ix_item_footprints_team_period``): no query reads the
    evidence table, whose rows in a window are millions at 5,000,000 events."""
    where_f = sa.and_(_window(footprints, filters), people_allowed(footprints, config, viewer))
    where_i = sa.and_(_window(item_footprints, filters), people_allowed(item_footprints, config, viewer))
    count = sa.func.sum(footprints.c.evidence_count).label("evidence")
    # acts add up over the rows (an act has one item, person and month); an item counts once
    per_item = (
        sa.select(sa.func.sum(item_footprints.c.acts).label("acts"))
        .where(where_i)
        .group_by(item_footprints.c.item)
        .subquery()
    )
    with store.engine.connect() as conn:
        people, total = conn.execute(
            sa.select(sa.func.count(sa.distinct(footprints.c.person)), count).where(where_f)
        ).one()
        n_items, n_acts = conn.execute(sa.select(sa.func.count(), sa.func.sum(per_item.c.acts))).one()
        by_month = pd.DataFrame(
            conn.execute(
                sa.select(footprints.c.period, footprints.c.behaviour, count)
                .where(where_f)
                .group_by(footprints.c.period, footprints.c.behaviour)
                .order_by(footprints.c.period, footprints.c.behaviour)
            ).all(),
            columns=["month", "behaviour", "evidence"],
        )
        by_team = pd.DataFrame(
            conn.execute(
                sa.select(footprints.c.team, footprints.c.behaviour, count)
                .where(where_f)
                .group_by(footprints.c.team, footprints.c.behaviour)
                .order_by(footprints.c.team, footprints.c.behaviour)
            ).all(),
            columns=["team", "behaviour", "evidence"],
        )
    for frame in (by_month, by_team):
        frame["evidence"] = pd.to_numeric(frame["evidence"]).astype("int64")
    return OverviewFigures(int(people), int(n_acts or 0), int(n_items), int(total or 0), by_month, by_team)


@st.cache_data(show_spinner=False, max_entries=64)
def overview(
    path: str, signature: str, viewer_key: str, _viewer: Viewer, team: str | None, start: str, end: str
) -> OverviewFigures:
    """:func:`overview_figures`, cached per store state, viewer (``viewer_key``), team and months."""
    config = data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return overview_figures(store, config, _viewer, data.Filters(team, start, end))


def team_footprint_rows(store: Store, config: Config, viewer: Viewer, filters: data.Filters) -> pd.DataFrame:
    """Footprints of the people ``viewer`` may see, in the filters' team and months, summed per person,
    behaviour and month: columns ``person, behaviour, period, evidence_count`` (uncached)."""
    where = sa.and_(_window(footprints, filters), people_allowed(footprints, config, viewer))
    count = sa.func.sum(footprints.c.evidence_count).label("evidence_count")
    query = (
        sa.select(footprints.c.person, footprints.c.behaviour, footprints.c.period, count)
        .where(where)
        .group_by(footprints.c.person, footprints.c.behaviour, footprints.c.period)
    )
    with store.engine.connect() as conn:
        frame = rows_frame(conn, query, ["person", "behaviour", "period", "evidence_count"])
    frame["evidence_count"] = pd.to_numeric(frame["evidence_count"]).astype("int64")
    return frame


@st.cache_data(show_spinner=False, max_entries=64)
def team_footprint(
    path: str,
    signature: str,
    viewer_key: str,
    _viewer: Viewer,
    team: str | None,
    start: str,
    end: str,
    _config: Config | None = None,
) -> pd.DataFrame:
    """:func:`team_footprint_rows`, cached per store state, viewer (``viewer_key``), team and months;
    ``_config``: the config loaded from ``path`` for this run, when the caller has it (not hashed, as
    the store signature keys the results; else loaded)."""
    config = _config if _config is not None else data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return team_footprint_rows(store, config, _viewer, data.Filters(team, start, end))
