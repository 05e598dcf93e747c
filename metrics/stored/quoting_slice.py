"""The narrow slice *My footprint* reads (:func:`~.person_slice.person_slice` with ``strongest=N``): the
events of the items of the first ``4 N`` strongest acts per behaviour only (the first batch
:func:`~metrics.quotes.strongest_quoted` quotes), each whole, so its quotes and titles are the same as
over every event and it reads a few items, however much the person did; it holds no measures (empty
frames: the page shows none). When that batch does not settle a behaviour's list (words repeated on many
items), the slice widens as ``strongest_quoted`` does, batch by batch (twice the acts each time).

Each batch costs only what it adds: the new items' events are read, prepared and titled once, and only
the acts the batch adds are quoted (a quote depends on its own act and item only), so a store where the
same words recur on many items (copied templates) pays about one pass over what it reads, not one per
batch. The slice's :class:`~metrics.engine.Metrics` are put together once, from the prepared parts.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.store import Store

from ..engine import Metrics
from ..prepare import RuleContext
from ..quotes import QUOTED_COLUMNS, item_titles, new_words, quoted, quoting_events
from ..strength import strongest_order
from . import tables
from .slice_parts import context, events_of, no_measures, slice_metrics

#: Acts :func:`~metrics.quotes.strongest_quoted` quotes at once, per act it lists (its first batch; each
#: batch after it is twice the one before).
QUOTED_BATCH = 4
#: A behaviour and the positions of its acts in the slice's evidence, strongest first, one per item
#: (:func:`~metrics.strength.strongest_order` of its rows).
Ranked = list[tuple[str, np.ndarray]]
#: The evidence columns :func:`~metrics.strength.strongest_order` reads.
_RANK_COLUMNS = ["strength", "created_at", "event_id", "item"]


def batch_ends(most: int) -> Iterator[int]:
    """How many strongest acts :func:`~metrics.quotes.strongest_quoted` has quoted after each of its
    batches when it lists ``most`` acts: ``4 most``, ``12 most``, ``28 most``, …"""
    size = max(most, 1) * QUOTED_BATCH
    end = size
    while True:
        yield end
        size *= 2
        end += size


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


def _keyed(found: pd.DataFrame) -> pd.DataFrame:
    """``found`` with a unique index: the lists are cut from the quoted acts by label."""
    return found if found.index.is_unique else found.reset_index(drop=True)


def _classes(found: pd.DataFrame) -> pd.Series:
    """Event id -> text class of the evidence, for the inline quotes."""
    return found[["event_id", "text_class"]].drop_duplicates("event_id").set_index("event_id")["text_class"]


def _quote(
    found: pd.DataFrame, ranked: Ranked, start: int, end: int, events: pd.DataFrame, items: pd.DataFrame,
    classes: pd.Series,
) -> pd.DataFrame:  # fmt: skip
    """:func:`~metrics.quotes.quoted` of the acts at ranks ``[start, end)`` of every behaviour of
    ``found`` (keyed), in one call: one pass of pandas' overhead, not one per behaviour. ``events``
    must hold those acts' items (at least their quoting events)."""
    positions = np.concatenate([order[start:end] for _, order in ranked])
    acts = found.take(positions)
    return quoted(acts, quoting_events(events, acts), items, redact_text=False, classes=classes)


def _settle(every: pd.DataFrame, index: pd.Index, ranked: Ranked, most: int, acts: int) -> dict | None:
    """Each behaviour's list of ``most`` acts, repeated words skipped in rank order, from ``every`` (its
    first ``acts`` strongest acts quoted, by label of ``index``); None when a list is not settled there:
    fewer than ``most`` new words while the behaviour has more acts (``strongest_quoted`` reads on)."""
    lists = {}
    for behaviour, order in ranked:
        batch = every.loc[index[order[:acts]]]
        batch = batch[new_words(batch["quote"], set())]
        if len(batch) < most and len(order) > acts:
            return None
        lists[behaviour] = batch.head(most)
    return lists


def settled_quotes(
    metrics: Metrics, found: pd.DataFrame, most: int, redact_text: bool, acts: int | None = None
) -> dict[str, pd.DataFrame] | None:
    """:func:`~metrics.quotes.strongest_quoted`'s list of ``most`` acts for each behaviour of ``found``
    (evidence), when it finds them all within its first ``acts`` strongest acts (a batch's end; by
    default its first batch) or those are all the behaviour has: then the items of :func:`quoted_items`
    are all it reads. None when a list is not settled there. ``metrics`` must hold the events of those
    items. Nothing is quoted with ``redact_text`` (no list: the page ranks without reading). The slice
    makes the same lists batch by batch (:func:`quoting_slice`)."""
    if redact_text:
        return {}
    size = acts if acts is not None else max(most, 1) * QUOTED_BATCH
    ranked = ranked_acts(found)
    if not ranked:
        return {}
    keyed = _keyed(found)
    events = metrics.events[list(QUOTED_COLUMNS)]
    every = _quote(keyed, ranked, 0, size, events, metrics.items, _classes(keyed))
    return _settle(every, keyed.index, ranked, most, size)


def _joined(parts: list[RuleContext]) -> RuleContext:
    """One rule context over the prepared events of ``parts`` (disjoint whole items), in time order as
    :func:`~metrics.engine.rule_context` orders them: preparing is row by row, so this equals preparing
    every part's events together."""
    if len(parts) == 1:
        return parts[0]
    events = pd.concat([part.events for part in parts], ignore_index=True)
    events = events.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)
    first = parts[0]
    return RuleContext(events, first.config, first.identities, text_cache=first.text_cache, facts=first.facts)


def quoting_slice(
    store: Store, config: Config, conn: sa.Connection, person: str, found: pd.DataFrame,
    state: tables.ComputeState | None, chances: pd.DataFrame, footprint: pd.DataFrame, most: int,
) -> tuple[Metrics, dict[str, pd.DataFrame]]:  # fmt: skip
    """The slice that quotes ``most`` strongest acts per behaviour of ``found`` (the person's stored
    evidence of the window; see the module), with each behaviour's list of them as
    :func:`~metrics.quotes.strongest_quoted` makes it (none with ``redact_text``, none of an excluded
    person: their slice keeps no evidence). At the latest, every item with evidence settles the lists."""
    ranked = ranked_acts(found)
    shown = [] if config.store.redact_text or person in config.access.exclude else ranked
    keyed = _keyed(found)
    classes = _classes(keyed) if shown else None
    read: set[str] = set()
    raw: list[pd.DataFrame] = []
    parts: list[RuleContext] = []
    titles: list[pd.DataFrame] = []
    quotes: list[pd.DataFrame] = []
    done = 0
    for acts in batch_ends(most):
        new = quoted_items(found, most, acts, ranked) - read
        if new or not parts:
            raw.append(events_of(conn, new))
            parts.append(context(store, config, raw[-1], state))
            titles.append(item_titles(parts[-1]))
            read |= new
        lists: dict | None = {}
        if shown:
            events = pd.concat([part.events[list(QUOTED_COLUMNS)] for part in parts], ignore_index=True)
            items = pd.concat(titles, ignore_index=True)
            quotes.append(_quote(keyed, shown, done, acts, events, items, classes))  # type: ignore[arg-type]
            lists = _settle(pd.concat(quotes), keyed.index, shown, most, acts)
        done = acts
        if lists is not None:
            ctx = _joined(parts)
            measures = no_measures(raw[0], config, state)
            metrics = slice_metrics(
                ctx, person, found, chances, footprint, measures, titles[0] if len(parts) == 1 else None
            )
            return metrics, lists
    raise AssertionError("unreachable: batch_ends grows without end")  # pragma: no cover


__all__ = [
    "QUOTED_BATCH",
    "Ranked",
    "batch_ends",
    "quoted_items",
    "quoting_slice",
    "ranked_acts",
    "settled_quotes",
]
