"""One person's slice of the store: what *My footprint* and the promotion packet read, by index, instead of
the metrics of every event.

A slice of ``person`` over ``[since, until)`` holds their stored evidence of the window
(``ix_evidence_person_created_at``) and the events of the items of their strongest acts, the ones it
quotes (``strongest=N`` per behaviour, :mod:`.quoting_slice`), each item whole (``ix_events_item``),
with those quotes; the rule context is built on those events only, with the cross-item facts the
stored evidence was computed with (``compute_state``), as the incremental compute uses them. The
packet's slice (``packet=True``, :mod:`.packet_slice`) adds the person's stored acts of the window and
the first responses they gave, which its measures count. Beside them: the stored footprints of everyone
(person × behaviour × month: small) for the team medians, and the person's opportunities as of the
window's end, computed from the few events they depend on (:mod:`.opportunity_slice`).

The slice is not scoped: :func:`dashboard.scoping.scope_metrics` restricts it to what a viewer may see,
as it restricts the metrics of everything.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.derived_schema import act_counts, evidence

from ..engine import Metrics
from ..identities import Identities
from . import tables
from .opportunity_slice import person_opportunities
from .packet_slice import packet_metrics
from .quoting_slice import quoting_slice
from .read import stored_evidence, stored_footprint
from .slice_parts import within


@dataclass(frozen=True)
class PersonSlice:
    """``metrics``: the slice (see the module). ``window_has_events``: whether the store holds an event
    in the window that a page of everyone's metrics would show (one not by an excluded person), so a
    packet built from the slice says "no events in this window" exactly when one built from everything
    would. ``quoted``: each behaviour's list of :func:`~metrics.quotes.strongest_quoted` (``strongest``
    acts, unscoped; none with ``redact_text``); a page shows it instead of quoting again."""

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


def _has_events(conn: sa.Connection, excluded: Collection[str], since: datetime, until: datetime) -> bool:
    table = store_schema.events
    query = sa.select(table.c.event_id).where(within(table.c.created_at, since, until))
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
    strongest: int,
    packet: bool = False,
    identities: Mapping[str, list[str]] | None = None,
    opportunities: pd.DataFrame | Future[pd.DataFrame] | None = None,
    footprint: pd.DataFrame | None = None,
) -> PersonSlice:
    """``person``'s slice of the stored tables over ``[since, until)`` (see the module), for quoting
    ``strongest`` acts per behaviour; ``packet``: the packet's slice; ``identities``:
    :func:`identities_by_person`, when the caller caches it; ``opportunities``: the person's, when the
    caller has them (:func:`~.opportunity_slice.person_opportunities`; by default computed as of
    ``until``; the dashboard's are as of now for a period that has not ended), or a Future of them
    (the dashboard computes them on a second thread while the slice is read: waited for last);
    ``footprint``: everyone's stored footprints (:func:`~.read.stored_footprint`), when the caller keeps
    them. The stored tables must be current (``footprint compute``); an excluded person's slice holds
    no evidence and no opportunity."""
    identities = identities if identities is not None else identities_by_person(store, config)
    excluded = [raw for p in config.access.exclude for raw in identities.get(p, [])]
    found = stored_evidence(store, since=since, until=until, where=evidence.c.person == person)
    chances = opportunities
    if chances is None:
        chances = person_opportunities(store, config, person, since, until)
    footprint = stored_footprint(store) if footprint is None else footprint
    with store.engine.connect() as conn:
        state = tables.read_state(conn)
        window_has_events = _has_events(conn, excluded, since, until)
        metrics, lists = quoting_slice(
            store, config, conn, person, found, state, chances, footprint, strongest
        )
        if packet:
            raws = identities.get(person, [])
            metrics = packet_metrics(conn, config, metrics, raws, since, until)
    return PersonSlice(metrics, window_has_events, lists)


__all__ = ["PersonSlice", "identities_by_person", "person_slice"]
