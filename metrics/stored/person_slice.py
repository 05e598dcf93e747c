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
(``strongest=N``): the events of the items of the first ``4 N`` strongest acts per behaviour only
(the first batch :func:`~metrics.quotes.strongest_quoted` quotes), each whole, so its quotes and titles
are the same and it reads a few items, however much the person did; it holds no measures (empty frames:
the page shows none). When that batch does not settle the list (words repeated on many items), the
slice widens as ``strongest_quoted`` does, batch by batch (twice the acts each time), reading only the
new items, until the batches read settle it.

The slice is not scoped: :func:`dashboard.scoping.scope_metrics` restricts it to what a viewer may see,
as it restricts the metrics of everything.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, utc
from collectors.store import Store
from collectors.store import derived_schema as ds
from collectors.store import schema as store_schema
from collectors.store.derived_schema import act_counts, evidence
from collectors.store.read import read_frame

from ..engine import MeasureFrames, Metrics, _public_events, measure_frames, rule_context, rules_frame
from ..identities import Identities
from ..quotes import QUOTED_COLUMNS, item_titles, new_words, quoted, quoting_events
from ..strength import strongest_order
from ..textcache import TextClassCache
from . import tables
from .opportunity_slice import person_opportunities
from .read import stored_evidence, stored_footprint
from .team_tables import read_rows

#: Items read per ``IN`` list.
CHUNK = 500


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


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _window(column: sa.ColumnElement[datetime], since: datetime, until: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(column >= utc(since), column < utc(until))


def _items(conn: sa.Connection, person: str, raws: list[str], since: datetime, until: datetime) -> set[str]:
    """Items ``person`` acted on, was acted on in, or has evidence on in the window."""
    table = store_schema.events
    items: set[str] = set()
    for column in (table.c.actor, table.c.target):
        for chunk in _chunks(raws):
            query = sa.select(table.c.item).where(
                column.in_(chunk), _window(table.c.created_at, since, until)
            )
            items |= set(conn.execute(query.distinct()).scalars())
    query = sa.select(evidence.c.item).where(
        evidence.c.person == person, _window(evidence.c.created_at, since, until)
    )
    items |= set(conn.execute(query.distinct()).scalars())
    return items


#: Acts :func:`~metrics.quotes.strongest_quoted` quotes at once, per act it lists (its first batch; each
#: batch after it is twice the one before).
QUOTED_BATCH = 4


def batch_ends(most: int) -> Iterator[int]:
    """How many strongest acts :func:`~metrics.quotes.strongest_quoted` has quoted after each of its
    batches when it lists ``most`` acts: ``4 most``, ``12 most``, ``28 most``, …"""
    size = max(most, 1) * QUOTED_BATCH
    end = size
    while True:
        yield end
        size *= 2
        end += size


#: A behaviour and the positions of its acts in the slice's evidence, strongest first, one per item
#: (:func:`~metrics.strength.strongest_order` of its rows).
Ranked = list[tuple[str, np.ndarray]]
#: The evidence columns :func:`~metrics.strength.strongest_order` reads.
_RANK_COLUMNS = ["strength", "created_at", "event_id", "item"]


def ranked_acts(found: pd.DataFrame) -> Ranked:
    """Each behaviour of ``found`` (evidence) and its acts' positions in ``found``, strongest first,
    ranked once on the columns the ranking reads: a slice checks several batches against one ranking,
    and taking each behaviour's rows of the wide evidence frame copies every column."""
    keys = found[_RANK_COLUMNS]
    groups = found.groupby("behaviour", sort=False, observed=True).indices
    return [(str(behaviour), rows[strongest_order(keys.take(rows))]) for behaviour, rows in groups.items()]


def quoted_items(
    found: pd.DataFrame, most: int, acts: int | None = None, ranked: Ranked | None = None
) -> set[str]:
    """The items of the first ``acts`` strongest acts of each behaviour of ``found`` (evidence): those
    :func:`~metrics.quotes.strongest_quoted` reads up to that batch's end when it lists ``most`` acts
    (by default its first batch); ``ranked``: :func:`ranked_acts` of ``found``, when the caller has it."""
    size = acts if acts is not None else max(most, 1) * QUOTED_BATCH
    items = found["item"].to_numpy(dtype=object)
    ranked = ranked if ranked is not None else ranked_acts(found)
    return {str(item) for _, order in ranked for item in items[order[:size]]}


def _settled_quotes(
    metrics: Metrics, found: pd.DataFrame, most: int, redact_text: bool, acts: int | None = None,
    ranked: Ranked | None = None,
) -> dict[str, pd.DataFrame] | None:  # fmt: skip
    """:func:`~metrics.quotes.strongest_quoted`'s list of ``most`` acts for each behaviour of ``found``
    (evidence), when it finds them all within its first ``acts`` strongest acts (a batch's end; by
    default its first batch) or those are all the behaviour has: then the items of :func:`quoted_items`
    are all it reads. None when a list is not settled there (words repeated on many items: it reads
    further). ``metrics`` must hold the events of those items; ``ranked``: :func:`ranked_acts` of
    ``found``, when the caller has it. Nothing is quoted with ``redact_text`` (no list: the page ranks
    without reading)."""
    if redact_text:
        return {}
    size = acts if acts is not None else max(most, 1) * QUOTED_BATCH
    ranked = ranked if ranked is not None else ranked_acts(found)
    if not ranked:
        return {}
    classes = found[["event_id", "text_class"]].drop_duplicates("event_id")
    classes = classes.set_index("event_id")["text_class"]
    events = quoting_events(metrics.events[list(QUOTED_COLUMNS)], found)
    if not found.index.is_unique:  # the lists are cut from one quoted frame by label
        found = found.reset_index(drop=True)
    # Quoting the first ``size`` at once lists what the batches up to there list, and every behaviour's
    # in one call (one pass of pandas' overhead, not one per behaviour): a quote depends on its own act
    # and item only, and repeated words are skipped in rank order either way.
    every = quoted(
        found.take(np.concatenate([order[:size] for _, order in ranked])), events, metrics.items,
        redact_text=False, classes=classes,
    )  # fmt: skip
    lists = {}
    for behaviour, order in ranked:
        batch = every.loc[found.index[order[:size]]]
        batch = batch[new_words(batch["quote"], set())]
        if len(batch) < most and len(order) > size:
            return None
        lists[behaviour] = batch.head(most)
    return lists


def _events_of(conn: sa.Connection, items: set[str]) -> pd.DataFrame:
    table = store_schema.events
    frames = [
        read_frame(conn, sa.select(*(table.c[name] for name in COLUMNS)).where(table.c.item.in_(chunk)))
        for chunk in _chunks(items)
    ]
    if not frames:
        return read_frame(conn, sa.select(*(table.c[name] for name in COLUMNS)).where(sa.false()))
    events = pd.concat(frames, ignore_index=True)
    return events.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)


#: The kinds that open the items first responses measure.
_RESPONSE_KINDS = ("pull_request", "issue")


def _stored_rows(conn: sa.Connection, table: sa.Table, items: set[str]) -> pd.DataFrame:
    parts = [read_rows(conn, table, table.c.item.in_(chunk)) for chunk in _chunks(items)]
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


def _metrics(
    store: Store,
    config: Config,
    person: str,
    events: pd.DataFrame,
    found: pd.DataFrame,
    state: tables.ComputeState | None,
    opportunities: pd.DataFrame,
    footprint: pd.DataFrame,
    measures: MeasureFrames,
) -> Metrics:
    """The slice's metrics; ``measures``: :func:`_no_measures` for a slice that only quotes, else the
    stored ones of its items (:func:`_stored_measures`)."""
    facts = state.facts if state is not None else None
    ctx = rule_context(events, config, TextClassCache(store, write=False, by_id=True), facts)
    prepared = ctx.events
    unmapped = ctx.identities.unmapped(prepared)
    is_excluded = person in ctx.identities.excluded
    return Metrics(
        events=_public_events(prepared, ctx.identities),
        evidence=found.iloc[0:0] if is_excluded else found,
        footprint=footprint,
        people=ctx.identities.people_frame(unmapped["identity"]),
        unmapped=unmapped,
        rules=rules_frame(),
        measures=measures,
        items=item_titles(ctx),
        opportunities=opportunities,
    )


#: :func:`_no_measures` per layout of the events (column names and types): its frames have no rows, so
#: they depend on nothing else, and building them runs every measure once (0.07-0.16 s a new person).
_EMPTY_MEASURES: dict[tuple[tuple[str, str], ...], MeasureFrames] = {}


def _no_measures(events: pd.DataFrame, config: Config, state: tables.ComputeState | None) -> MeasureFrames:
    """Every measure's frame with no rows (its columns and types): a quoting slice's, built once per
    process and layout of the events, handed out as copies."""
    key = tuple((str(name), str(dtype)) for name, dtype in events.dtypes.items())
    if key not in _EMPTY_MEASURES:
        facts = state.facts if state is not None else None
        _EMPTY_MEASURES[key] = measure_frames(rule_context(events.iloc[0:0], config, None, facts))
    frames = _EMPTY_MEASURES[key]
    return MeasureFrames(frames.first_responses.copy(), frames.blocked_stays.copy())


def _quoting_slice(
    store: Store, config: Config, conn: sa.Connection, person: str, found: pd.DataFrame,
    state: tables.ComputeState | None, chances: pd.DataFrame, footprint: pd.DataFrame, most: int,
) -> tuple[Metrics, dict[str, pd.DataFrame]]:  # fmt: skip
    """The slice that quotes ``most`` strongest acts per behaviour (see the module): the items of
    :func:`~metrics.quotes.strongest_quoted`'s first batch, widened batch by batch (each new item read
    once) until the batches read settle every behaviour's list (at the latest, every item with evidence
    in the window settles it); with those lists (:func:`_settled_quotes`)."""
    read: set[str] = set()
    parts: list[pd.DataFrame] = []
    unmeasured = None
    ranked = ranked_acts(found)
    for acts in batch_ends(most):
        new = quoted_items(found, most, acts, ranked) - read
        if new or not parts:
            parts.append(_events_of(conn, new))
            read |= new
        events = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(parts) > 1:
            events = events.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)
        unmeasured = unmeasured if unmeasured is not None else _no_measures(events, config, state)
        metrics = _metrics(
            store, config, person, events, found, state, chances, footprint, measures=unmeasured
        )
        evidence = metrics.evidence  # the slice's own (none of an excluded person): ranked as found
        lists = _settled_quotes(
            metrics, evidence, most, config.store.redact_text, acts, ranked if evidence is found else None
        )
        if lists is not None:
            return metrics, lists
    raise AssertionError("unreachable: batch_ends grows without end")  # pragma: no cover


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
            metrics, lists = _quoting_slice(
                store, config, conn, person, found, state, chances, footprint, strongest
            )
            return PersonSlice(metrics, window_has_events, lists)
        items = _items(conn, person, raws, since, until)
        events = _events_of(conn, items)
        measures = _stored_measures(conn, items, events)
        metrics = _metrics(store, config, person, events, found, state, chances, footprint, measures)
    return PersonSlice(metrics, window_has_events)


__all__ = [
    "PersonSlice",
    "Ranked",
    "batch_ends",
    "identities_by_person",
    "person_slice",
    "quoted_items",
    "ranked_acts",
]
