"""What the Team page and Data health ask the store for (issue 18): small results of indexed queries on
the acts and per-item measure tables (:data:`collectors.store.derived_schema.TEAM_TABLES`), never a
frame of every event.

The viewer's access (DESIGN §8) is part of each query: excluded people's acts are left out in the WHERE
(and an excluded target blanked, as :func:`metrics.engine.Metrics` events are), and people the viewer
may not see appear as ``"<team> member"`` (:func:`dashboard.scoping.pseudonymised`). The numbers are
the declared measures' own (:mod:`metrics.measures`, :func:`dashboard.charts.network.review_edges`,
:func:`dashboard.charts.team.retro_frame`), called on the query results: a query groups the acts a
measure reads by every column it reads, with their number (``acts``, which the measures count), so each
measure keeps its one definition. Each result is cached per store state, viewer, team and months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from collectors.config import Config
from collectors.events import GHOST
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.derived_schema import act_counts, acts, blocked_stays, first_responses
from collectors.store.read import rows_frame
from dashboard import data
from dashboard.access import Viewer, visible_people
from dashboard.charts import network
from dashboard.charts.team import of_team, retro_frame
from dashboard.scoping import pseudonymised, unmapped_for
from metrics.identities import Identities
from metrics.measures import (
    CROSS_TEAM_KINDS,
    cross_team_flows,
    review_load,
    stalled_work,
    wait_distribution,
)
from metrics.measures.base import ACT_COUNT
from metrics.stored.team_tables import read_rows
from metrics.teams import ContainerOwners

RETRO_KINDS = ("retro_note", "retro_item", "retro_action")
_a, _c = acts.c, act_counts.c
#: The number of acts a query's group of ``act_counts`` rows stands for.
_acts = sa.func.sum(_c.acts)


def _not_excluded(column: sa.ColumnElement[Any], config: Config) -> sa.ColumnElement[bool]:
    excluded = sorted(config.access.exclude)
    return sa.or_(column.is_(None), column.not_in(excluded)) if excluded else sa.true()


def _public_acts(
    config: Config, filters: data.Filters, table: sa.Table = act_counts
) -> sa.ColumnElement[bool]:
    """The acts :func:`dashboard.data.filter_metrics` keeps: in the filters' months, not by an
    excluded person, and (with a team) by or on a person of that team (an excluded target counts as
    no one). On ``act_counts`` (default) or ``acts``."""
    c = table.c
    clause = sa.and_(
        c.period >= filters.start, c.period <= filters.end, _not_excluded(c.actor_person, config)
    )
    if filters.team is None:
        return clause
    on_team = sa.and_(c.target_team == filters.team, _not_excluded(c.target_person, config))
    return sa.and_(clause, sa.or_(c.actor_team == filters.team, on_team))


def _blank_excluded_targets(frame: pd.DataFrame, config: Config) -> pd.DataFrame:
    hidden = frame["target_person"].isin(config.access.exclude)
    present = [name for name in ("target", "target_person", "target_team") if name in frame]
    frame.loc[hidden, present] = None
    return frame


def _scoped_acts(
    store: Store, config: Config, viewer: Viewer, where: sa.ColumnElement[bool], columns: list[str]
) -> pd.DataFrame:
    """The acts matching ``where``, grouped by ``columns`` with their number (:data:`~metrics.measures.
    base.ACT_COUNT`), as the viewer may see them (excluded targets blanked, hidden people
    pseudonymised): the viewer's scoped events a measure would read, restricted to ``columns``, one
    row per group of identical ones."""
    selected = [_c[name] for name in columns]
    query = sa.select(*selected, _acts.label("_n")).where(where).group_by(*selected)
    with store.engine.connect() as conn:
        grouped = rows_frame(conn, query, [*columns, "_n"])
    for name in ("is_bot", "target_is_bot"):
        if name in grouped:
            grouped[name] = grouped[name].astype(bool)
    grouped = grouped.astype({name: object for name in columns if name not in ("is_bot", "target_is_bot")})
    grouped = _blank_excluded_targets(grouped, config)
    allowed = visible_people(config, viewer)
    if allowed is not None:
        grouped = pseudonymised(grouped, allowed)
    return grouped.rename(columns={"_n": ACT_COUNT}).astype({ACT_COUNT: "int64"})


@dataclass(frozen=True)
class TeamFlows:
    """The Team page's flows for one viewer, team and months: the review network (``edges``, with
    ``names`` of its nodes and their positions, ``nodes``: :func:`dashboard.charts.network.layout`,
    cached with the rest rather than laid out again on every run of the page), review load
    (``load``), cross-team links (``links``), retrospectives (``retro``), and the waits of the first
    responses given in the period (``responses``: grouped by wait, :func:`response_waits`) with
    their distribution (``waits``)."""

    edges: pd.DataFrame
    names: dict[str, str]
    nodes: pd.DataFrame
    load: pd.DataFrame
    links: pd.DataFrame
    retro: pd.DataFrame
    responses: pd.DataFrame
    waits: pd.DataFrame


REVIEW_COLUMNS = ["kind", "is_bot", "actor", "actor_person", "actor_team", "target_person", "target_team"]
LINK_COLUMNS = [*REVIEW_COLUMNS, "container", "target_is_bot"]


def review_rows(store: Store, config: Config, viewer: Viewer, filters: data.Filters) -> pd.DataFrame:
    """Human reviews (bots left out in the query; the measures check again) as scoped events."""
    where = sa.and_(_c.kind == "review", _c.is_bot.is_(False), _public_acts(config, filters))
    return _scoped_acts(store, config, viewer, where, REVIEW_COLUMNS)


def link_rows(store: Store, config: Config, viewer: Viewer, filters: data.Filters) -> pd.DataFrame:
    """The acts that can reach across teams (:data:`~metrics.measures.CROSS_TEAM_KINDS`), bots left out."""
    where = sa.and_(_c.kind.in_(list(CROSS_TEAM_KINDS)), _c.is_bot.is_(False), _public_acts(config, filters))
    return _scoped_acts(store, config, viewer, where, LINK_COLUMNS)


def retro_rows(store: Store, config: Config, viewer: Viewer, filters: data.Filters) -> pd.DataFrame:
    """Retrospective acts as scoped events, grouped by kind, month (``created_at`` = the month's first
    instant), actor and, for action items, their attributes (joined from the events by id: whether
    the action was done), with their number (:data:`~metrics.measures.base.ACT_COUNT`).

    Notes and items are counted from ``act_counts``; only the action items join the events (by their
    primary key: a few index look-ups, where joining every retro act read all events)."""
    events = store_schema.events.c
    counted = [_c.kind, _c.period, sa.null().label("attrs"), _c.actor_person, _c.actor_team]
    notes = (
        sa.select(*counted, _acts)
        .where(_c.kind.in_(["retro_note", "retro_item"]), _public_acts(config, filters))
        .group_by(_c.kind, _c.period, _c.actor_person, _c.actor_team)
    )
    keys = [_a.kind, _a.period, events.attrs, _a.actor_person, _a.actor_team]
    actions = (
        sa.select(*keys, sa.func.count())
        .join_from(acts, store_schema.events, events.event_id == _a.event_id)
        .where(_a.kind == "retro_action", _public_acts(config, filters, acts))
        .group_by(*keys)
    )
    names = ["kind", "period", "attrs", "actor_person", "actor_team", ACT_COUNT]
    with store.engine.connect() as conn:
        frame = pd.concat([rows_frame(conn, query, names) for query in (notes, actions)], ignore_index=True)
    frame["created_at"] = pd.to_datetime(frame["period"] + "-01", utc=True)
    frame = frame.drop(columns="period").astype(
        {"kind": object, "attrs": object, "actor_person": object, "actor_team": object, ACT_COUNT: "int64"}
    )
    allowed = visible_people(config, viewer)
    return frame if allowed is None else pseudonymised(frame, allowed)


def node_names(config: Config, viewer: Viewer, edges: pd.DataFrame) -> dict[str, str]:
    """Names of the review network's nodes, as the viewer's people frame gives them: configured
    people the viewer may see, and in ``open`` mode the unmapped identities too."""
    identities = Identities(config)
    allowed = visible_people(config, viewer)
    nodes = set(edges["reviewer"]) | set(edges["author"]) if len(edges) else set()
    configured = {person.id for person in config.people}
    unmapped = [
        node
        for node in sorted(nodes - configured)
        if allowed is None
        and node != GHOST
        and not identities.is_bot(node)
        and identities.person_of(node) is None
    ]
    people = identities.people_frame(unmapped)
    if allowed is not None:
        people = people[people["person"].isin(allowed)]
    return {p: n for p, n in zip(people["person"], people["name"], strict=True) if isinstance(n, str)}


def response_waits(store: Store, filters: data.Filters) -> pd.DataFrame:
    """The first responses given in the filters' months (``[since, until)``, as :func:`~metrics.measures.
    answered_between` takes them) to the team's work (owned by it or opened by one of its people, as
    :func:`dashboard.charts.team.of_team` takes it), grouped by ``waited_hours`` with their number
    (:data:`~metrics.measures.base.ACT_COUNT`), as :func:`~metrics.measures.answered_waits` reads them.
    No person in them: the same for every viewer."""
    fr = first_responses.c
    since, until = pd.Timestamp(filters.since).to_pydatetime(), pd.Timestamp(filters.until).to_pydatetime()
    where = sa.and_(fr.responded_at >= since, fr.responded_at < until, fr.waited_hours.is_not(None))
    if filters.team is not None:
        where = sa.and_(where, sa.or_(fr.owner_team == filters.team, fr.author_team == filters.team))
    query = sa.select(fr.waited_hours, sa.func.count()).where(where).group_by(fr.waited_hours)
    with store.engine.connect() as conn:
        frame = rows_frame(conn, query, ["waited_hours", ACT_COUNT])
    return frame.astype({"waited_hours": float, ACT_COUNT: "int64"})


def team_flows(
    store: Store, config: Config, viewer: Viewer, filters: data.Filters, people: pd.DataFrame
) -> TeamFlows:
    """:class:`TeamFlows` (uncached; :func:`flows` caches it). ``people``: the roster shown
    (``person, name``), as :meth:`dashboard.data.PageContext.people` gives it."""
    reviews = review_rows(store, config, viewer, filters)
    edges = network.review_edges(reviews)
    links = cross_team_flows(link_rows(store, config, viewer, filters), ContainerOwners(config.teams))
    responses = response_waits(store, filters)
    names = node_names(config, viewer, edges)
    return TeamFlows(
        edges=edges,
        names=names,
        nodes=network.layout(edges, names),
        load=review_load(reviews, people),
        links=links,
        retro=retro_frame(retro_rows(store, config, viewer, filters)),
        responses=responses,
        waits=wait_distribution(responses),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def flows(
    path: str,
    signature: str,
    viewer_key: str,
    _viewer: Viewer,
    team: str | None,
    start: str,
    end: str,
    _people: pd.DataFrame,
    _config: Config | None = None,
) -> TeamFlows:
    """:func:`team_flows`, cached per store state, viewer (``viewer_key``), team and months (the
    roster follows from the config, the viewer and the team). ``_config``: the config loaded from
    ``path`` for this run, when the caller has it (not hashed, as the store signature keys the
    results; else loaded)."""
    config = _config if _config is not None else data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return team_flows(store, config, _viewer, data.Filters(team, start, end), _people)


def as_of(until: datetime, now: datetime) -> datetime:
    """The moment stalled work is shown as of: the period's end, or now (to the minute, so one
    minute's page views share a cached result) when the period has not ended."""
    moment = pd.Timestamp(now).floor("min")
    return min(pd.Timestamp(until), moment).to_pydatetime()


def stalled_rows(store: Store, config: Config, team: str | None, as_of: datetime) -> pd.DataFrame:
    """Stalled work (the ``stalled_work`` measure) of ``team`` as of ``as_of``: the measure applied to
    the stored rows that can be stalled then (opened before it, not answered, closed or ended before
    it; the measure decides)."""
    moment = pd.Timestamp(as_of).to_pydatetime()
    fr, bs = first_responses.c, blocked_stays.c
    waiting = sa.and_(
        fr.opened_at <= moment,
        fr.draft.is_(False),
        sa.or_(fr.responded_at.is_(None), fr.responded_at >= moment),
        sa.or_(fr.closed_at.is_(None), fr.closed_at >= moment),
    )
    stuck = sa.and_(bs.began_at <= moment, sa.or_(bs.ended_at.is_(None), bs.ended_at >= moment))
    if team is not None:
        waiting = sa.and_(waiting, sa.or_(fr.owner_team == team, fr.author_team == team))
        stuck = sa.and_(stuck, bs.owner_team == team)
    with store.engine.connect() as conn:
        responses = read_rows(conn, first_responses, waiting)
        stays = read_rows(conn, blocked_stays, stuck)
    behaviours = config.behaviours
    stalled = stalled_work(
        responses,
        stays,
        as_of=pd.Timestamp(as_of),
        wait_hours=behaviours.unblock_wait_hours,
        blocked_days=behaviours.unblock_window_days,
    )
    return of_team(stalled, team)


@st.cache_data(show_spinner=False, max_entries=64)
def stalled(
    path: str, signature: str, team: str | None, as_of: datetime, _config: Config | None = None
) -> pd.DataFrame:
    """:func:`stalled_rows`, cached per store state, team and moment (no person in it: the same for
    every viewer who may see the team aggregates); ``_config`` as for :func:`flows`."""
    config = _config if _config is not None else data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return stalled_rows(store, config, team, as_of)


# -- Data health ------------------------------------------------------------------------------------


def source_kind_counts(store: Store, config: Config, filters: data.Filters) -> pd.DataFrame:
    """Events per month, source and kind in the filters' team and months (excluded people's acts
    left out, as the Team page's): columns ``month, source, kind, events``."""
    query = (
        sa.select(_c.period, _c.source, _c.kind, _acts)
        .where(_public_acts(config, filters))
        .group_by(_c.period, _c.source, _c.kind)
        .order_by(_c.period, _c.source, _c.kind)
    )
    with store.engine.connect() as conn:
        frame = rows_frame(conn, query, ["month", "source", "kind", "events"])
    frame["events"] = pd.to_numeric(frame["events"]).astype("int64")
    return frame


def team_counts(store: Store, config: Config, filters: data.Filters) -> pd.DataFrame:
    """Events per team of the actor in the filters' months: columns ``team`` (None: no team), ``events``."""
    query = (
        sa.select(_c.actor_team, _acts)
        .where(_public_acts(config, data.Filters(None, filters.start, filters.end)))
        .group_by(_c.actor_team)
    )
    with store.engine.connect() as conn:
        frame = rows_frame(conn, query, ["team", "events"])
    frame["events"] = pd.to_numeric(frame["events"]).astype("int64")
    return frame.sort_values("team", key=lambda s: s.fillna("~"), ignore_index=True)


def unmapped_identities(store: Store, config: Config, viewer: Viewer) -> pd.DataFrame:
    """The unmapped identities the viewer may see (:func:`dashboard.scoping.unmapped_for`), counted over
    every stored event (:meth:`metrics.identities.Identities.unmapped_of_counts`)."""
    as_actor = sa.select(_c.actor, _acts).where(_c.actor.is_not(None)).group_by(_c.actor)
    other = sa.and_(_c.target.is_not(None), sa.or_(_c.actor.is_(None), _c.target != _c.actor))
    as_target = sa.select(_c.target, _acts).where(other).group_by(_c.target)
    with store.engine.connect() as conn:
        parts = [rows_frame(conn, query, ["identity", "n"]) for query in (as_actor, as_target)]
    both = pd.concat(parts, ignore_index=True)
    counts = both.groupby("identity")["n"].sum() if len(both) else pd.Series(dtype="int64")
    return unmapped_for(Identities(config).unmapped_of_counts(counts), config, viewer)


@dataclass(frozen=True)
class HealthCounts:
    """Data health's counts for one viewer, team and months: ``by_kind`` (month, source, kind, events),
    ``by_team`` (team, events over all teams in the months) and the ``unmapped`` identities."""

    by_kind: pd.DataFrame
    by_team: pd.DataFrame
    unmapped: pd.DataFrame


@st.cache_data(show_spinner=False, max_entries=64)
def health_counts(
    path: str, signature: str, viewer_key: str, _viewer: Viewer, team: str | None, start: str, end: str
) -> HealthCounts:
    """Data health's counts, cached per store state, viewer (``viewer_key``), team and months."""
    config = data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    filters = data.Filters(team, start, end)
    return HealthCounts(
        source_kind_counts(store, config, filters),
        team_counts(store, config, filters),
        _unmapped(path, signature, viewer_key, _viewer),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _unmapped(path: str, signature: str, viewer_key: str, _viewer: Viewer) -> pd.DataFrame:
    config = data.app_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return unmapped_identities(store, config, _viewer)
