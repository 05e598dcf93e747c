"""What a person's slice (:mod:`.person_slice`) and its narrower quoting slice (:mod:`.quoting_slice`)
share: reading whole items' events by index, the rule context over them (the cross-item facts the stored
evidence was computed with), and the slice's :class:`~metrics.engine.Metrics`."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, utc
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.read import read_frame

from ..engine import MeasureFrames, Metrics, _public_events, measure_frames, rule_context, rules_frame
from ..prepare import RuleContext
from ..quotes import item_titles
from ..textcache import TextClassCache
from . import tables

#: Items read per ``IN`` list.
CHUNK = 500


def chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def within(column: sa.ColumnElement[datetime], since: datetime, until: datetime) -> sa.ColumnElement[bool]:
    """``since <= column < until`` (times in UTC)."""
    return sa.and_(column >= utc(since), column < utc(until))


def events_of(conn: sa.Connection, items: Collection[str]) -> pd.DataFrame:
    """Every event of ``items`` (``ix_events_item``), in time order (then by event id)."""
    table = store_schema.events
    frames = [
        read_frame(conn, sa.select(*(table.c[name] for name in COLUMNS)).where(table.c.item.in_(chunk)))
        for chunk in chunks(items)
    ]
    if not frames:
        return read_frame(conn, sa.select(*(table.c[name] for name in COLUMNS)).where(sa.false()))
    events = pd.concat(frames, ignore_index=True)
    return events.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)


def context(
    store: Store, config: Config, events: pd.DataFrame, state: tables.ComputeState | None
) -> RuleContext:
    """The rule context over ``events`` (whole items), with the stored text classes and the cross-item
    facts the stored evidence was computed with."""
    facts = state.facts if state is not None else None
    return rule_context(events, config, TextClassCache(store, write=False, by_id=True), facts)


def slice_metrics(
    ctx: RuleContext,
    person: str,
    found: pd.DataFrame,
    opportunities: pd.DataFrame,
    footprint: pd.DataFrame,
    measures: MeasureFrames,
    items: pd.DataFrame | None = None,
) -> Metrics:
    """The slice's metrics over ``ctx`` (its items' events); ``found``: the person's stored evidence of
    the window (none is kept of an excluded person); ``measures``: :func:`no_measures` for a slice that
    only quotes, else the stored ones of its items; ``items``: :func:`~metrics.quotes.item_titles` of
    ``ctx``, when the caller has them."""
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
        items=item_titles(ctx) if items is None else items,
        opportunities=opportunities,
    )


#: :func:`no_measures` per layout of the events (column names and types): its frames have no rows, so
#: they depend on nothing else, and building them runs every measure once (0.07-0.16 s a new person).
_EMPTY_MEASURES: dict[tuple[tuple[str, str], ...], MeasureFrames] = {}


def no_measures(events: pd.DataFrame, config: Config, state: tables.ComputeState | None) -> MeasureFrames:
    """Every measure's frame with no rows (its columns and types): a quoting slice's, built once per
    process and layout of the events, handed out as copies."""
    key = tuple((str(name), str(dtype)) for name, dtype in events.dtypes.items())
    if key not in _EMPTY_MEASURES:
        facts = state.facts if state is not None else None
        _EMPTY_MEASURES[key] = measure_frames(rule_context(events.iloc[0:0], config, None, facts))
    frames = _EMPTY_MEASURES[key]
    return MeasureFrames(frames.first_responses.copy(), frames.blocked_stays.copy())


__all__ = ["CHUNK", "chunks", "context", "events_of", "no_measures", "slice_metrics", "within"]
