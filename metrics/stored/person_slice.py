"""One person's slice of the store: what *My footprint* and the promotion packet read, by index, instead of
the metrics of every event.

A slice of ``person`` over ``[since, until)`` holds their stored evidence of the window
(``ix_evidence_person_created_at``) and the events of every item they acted on, were acted on in
(``ix_events_actor_created_at``, ``ix_events_target_created_at``) or have evidence on in the window,
each item whole (``ix_events_item``). The rule context is built on those events only: item titles are
per item, so they are exact on whole items, and the items' first responses and blocked stays are read
from the stored tables by item (the compute wrote them from each item's whole events); the cross-item
facts are the ones the stored evidence was computed with (``compute_state``), as the incremental compute
uses them. Beside them: the stored footprints of everyone (person × behaviour × month: small) for the team
medians, and the person's opportunities as of the window's end, computed from the few events they
depend on (:mod:`.opportunity_slice`).

A page that only quotes the person's strongest evidence (*My footprint*) asks for a narrower slice
(``strongest=N``, :mod:`.quoting_slice`): the events of the items of the strongest acts it quotes only,
with those quotes.

The slice is not scoped: :func:`dashboard.scoping.scope_metrics` restricts it to what a viewer may see,
as it restricts the metrics of everything.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import utc
from collectors.store import Store
from collectors.store import derived_schema as ds
from collectors.store import schema as store_schema
from collectors.store.derived_schema import act_counts, evidence

from ..engine import MeasureFrames, Metrics
from ..identities import Identities
from . import tables
from .opportunity_slice import person_opportunities
from .quoting_slice import quoting_slice
from .read import stored_evidence, stored_footprint
from .slice_parts import chunks, context, events_of, slice_metrics
from .team_tables import read_rows


@dataclass(frozen=True)
class PersonSlice:
    """``metrics``: the slice (see the module). ``window_has_events``: whether the store holds an event
    in the window that a page of everyone's metrics would show (one not by an excluded person), so a
    packet built from the slice says "no events in this window" exactly when one built from everything
    would. ``quoted``: in a slice for quoting (``strongest=N``), each behaviour's list of
    :func:`~metrics.quotes.strongest_quoted` (``N`` acts, unscoped) where the slice settled it; a page
    shows it instead of quoting again."""

    metrics: Metrics
    window_has_events: bool
    quoted: Mapping[str, pd.DataFrame] = field(default_factory=dict)


def identities_by_person(store: Store, config: Config) -> dict[str, list[str]]:
    """Every raw identity that acts or is acted on in the store, per person it resolves to (GitHub
    logins are case-insensitive, so the stored spellings are looked up rather than guessed): the
    distinct actors and targets of the stored ``act_counts`` (every event's act counted by its raw
    actor and target: tens of thousands of rows where the events are a million; the stored tables must
    be current, as for the whole slice)."""
    table = act_counts
    identities = Identities(config)
    found: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for column in (table.c.actor, table.c.target):
            for (raw,) in conn.execute(sa.select(column).where(column.is_not(None)).group_by(column)):
                person = identities.person_of(raw)
                if person is not None:
                    found.setdefault(person, set()).add(raw)
    return {person: sorted(raws) for person, raws in found.items()}


def _window(column: sa.ColumnElement[datetime], since: datetime, until: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(column >= utc(since), column < utc(until))


def _items(conn: sa.Connection, person: str, raws: list[str], since: datetime, until: datetime) -> set[str]:
    """Items ``person`` acted on, was acted on in, or has evidence on in the window."""
    table = store_schema.events
    items: set[str] = set()
    for column in (table.c.actor, table.c.target):
        for chunk in chunks(raws):
            query = sa.select(table.c.item).where(
                column.in_(chunk), _window(table.c.created_at, since, until)
            )
            items |= set(conn.execute(query.distinct()).scalars())
    query = sa.select(evidence.c.item).where(
        evidence.c.person == person, _window(evidence.c.created_at, since, until)
    )
    items |= set(conn.execute(query.distinct()).scalars())
    return items


#: The kinds that open the items first responses measure.
_RESPONSE_KINDS = ("pull_request", "issue")


def _stored_rows(conn: sa.Connection, table: sa.Table, items: set[str]) -> pd.DataFrame:
    parts = [read_rows(conn, table, table.c.item.in_(chunk)) for chunk in chunks(items)]
    return pd.concat(parts, ignore_index=True) if parts else read_rows(conn, table, sa.false())


def _stored_measures(conn: sa.Connection, items: set[str], events: pd.DataFrame) -> MeasureFrames:
    """The stored first responses and blocked stays of ``items``: the compute wrote them from every
    event of each item, so they are what :func:`~metrics.engine.measure_frames` of ``events`` (those
    items' whole events, in time order) would make, and here in its order: first responses by their
    opening's place in ``events``, blocked stays by item, then start. Read by item
    (``ix_first_responses_item``, ``ix_blocked_stays_item``) instead of measured again."""
    responses = _stored_rows(conn, ds.first_responses, items)
    openings = events[events["kind"].isin(list(_RESPONSE_KINDS)).to_numpy(dtype=bool)]
    place = pd.Series(openings.index.to_numpy(), index=openings["item"].to_numpy())
    place = place[~place.index.duplicated()]
    order = pd.Series(responses["item"].map(place).to_numpy()).argsort(kind="stable").to_numpy()
    responses = responses.iloc[order].reset_index(drop=True)
    stays = _stored_rows(conn, ds.blocked_stays, items)
    stays = stays.sort_values(["item", "began_at"], kind="stable", ignore_index=True)
    return MeasureFrames(responses, stays)


def _has_events(conn: sa.Connection, excluded: Collection[str], since: datetime, until: datetime) -> bool:
    table = store_schema.events
    query = sa.select(table.c.event_id).where(_window(table.c.created_at, since, until))
    if excluded:
        query = query.where(sa.or_(table.c.actor.is_(None), table.c.actor.not_in(sorted(excluded))))
    return conn.execute(query.limit(1)).first() is not None


def person_slice(
    store: Store,
    config: Config,
    person: str,
    since: datetime,
    until: datetime,
    *,
    identities: Mapping[str, list[str]] | None = None,
    strongest: int | None = None,
    opportunities: pd.DataFrame | None = None,
    footprint: pd.DataFrame | None = None,
) -> PersonSlice:
    """``person``'s slice of the stored tables over ``[since, until)`` (see the module); ``identities``:
    :func:`identities_by_person`, when the caller caches it; ``strongest``: only the items that quoting
    that many strongest acts per behaviour reads (see the module); ``opportunities``: the person's, when
    the caller has them (:func:`~.opportunity_slice.person_opportunities`; by default computed as of
    ``until``; the dashboard's are as of now for a period that has not ended); ``footprint``: everyone's
    stored footprints (:func:`~.read.stored_footprint`), when the caller keeps them. The stored tables must
    be current (``footprint compute``); an excluded person's slice holds no evidence and no opportunity."""
    identities = identities if identities is not None else identities_by_person(store, config)
    excluded = [raw for p in config.access.exclude for raw in identities.get(p, [])]
    found = stored_evidence(store, since=since, until=until, where=evidence.c.person == person)
    raws = list(identities.get(person, []))
    chances = opportunities
    if chances is None:
        chances = person_opportunities(store, config, person, since, until)
    footprint = stored_footprint(store) if footprint is None else footprint
    with store.engine.connect() as conn:
        state = tables.read_state(conn)
        window_has_events = _has_events(conn, excluded, since, until)
        if strongest is not None:
            metrics, lists = quoting_slice(
                store, config, conn, person, found, state, chances, footprint, strongest
            )
            return PersonSlice(metrics, window_has_events, lists)
        items = _items(conn, person, raws, since, until)
        events = events_of(conn, items)
        measures = _stored_measures(conn, items, events)
        ctx = context(store, config, events, state)
        metrics = slice_metrics(ctx, person, found, chances, footprint, measures)
    return PersonSlice(metrics, window_has_events)


__all__ = ["PersonSlice", "identities_by_person", "person_slice"]
