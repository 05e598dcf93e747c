"""The narrow slice *My footprint* reads (:func:`~.person_slice.person_slice` with ``strongest=N``): each
behaviour's list of its ``N`` strongest acts as :func:`~metrics.quotes.strongest_quoted` makes it, and
the events of the items of the acts listed, each whole, so their quotes and titles are the same as over
every event; it holds no measures (empty frames: the page shows none).

Choosing the lists reads less than whole items. A quote depends on the act itself and, for a review whose
own words are only an acknowledgement, on the inline review comments of its item
(:func:`~metrics.quotes.inline_items`), nothing else. So the candidates are screened as
``strongest_quoted`` screens them, batch by batch (the first ``4 N`` strongest acts per behaviour, then
twice as many each time, until every list has ``N`` acts whose words are not repeated), reading only
those rows: the acts by event id, the inline comments by item (``ix_events_item``). Whole items are read
for the acts listed only, at most ``N`` per behaviour. Where the same words recur on many items (copied
templates, or the benchmark's copies of the demo), the lists need several batches; each batch then reads
a few rows per act, not every event of every item it screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future

import numpy as np
import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.read import read_frame

from ..engine import Metrics
from ..identities import Identities
from ..quotes import (
    ITEM_COLUMNS,
    QUOTED_COLUMNS,
    inline_items,
    item_titles,
    new_words,
    quoted,
    quoting_events,
)
from ..strength import strongest_order
from . import tables
from .slice_parts import chunks, context, events_of, no_measures, slice_metrics

#: Acts :func:`~metrics.quotes.strongest_quoted` quotes at once, per act it lists (its first batch; each
#: batch after it is twice the one before).
QUOTED_BATCH = 4
#: A behaviour and the positions of its acts in the slice's evidence, strongest first, one per item
#: (:func:`~metrics.strength.strongest_order` of its rows).
Ranked = list[tuple[str, np.ndarray]]
#: The evidence columns :func:`~metrics.strength.strongest_order` reads.
_RANK_COLUMNS = ["strength", "created_at", "event_id", "item"]
#: The stored event columns a quote is made from (``actor`` is resolved to ``actor_person``).
_SCREENED_COLUMNS = ("event_id", "actor", "kind", "item", "text", "attrs", "created_at")
#: The evidence columns a quote is made from (:func:`~metrics.quotes.quoted`).
_SCREENED_ROWS = ("event_id", "person", "kind", "item", "text_class")
#: No titles: screening decides which acts are listed, and a title never does.
_NO_TITLES = pd.DataFrame({column: pd.Series(dtype=object) for column in ITEM_COLUMNS})


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


def _keyed(found: pd.DataFrame) -> pd.DataFrame:
    """``found`` with a unique index: the lists are cut from the quoted acts by label."""
    return found if found.index.is_unique else found.reset_index(drop=True)


def _classes(found: pd.DataFrame) -> pd.Series:
    """Event id -> text class of the evidence, for the inline quotes."""
    return found[["event_id", "text_class"]].drop_duplicates("event_id").set_index("event_id")["text_class"]


def screened_events(
    conn: sa.Connection, identities: Identities, acts: pd.DataFrame, inline_read: set[str]
) -> pd.DataFrame:
    """The stored events quoting ``acts`` (evidence) reads (columns :data:`~metrics.quotes.QUOTED_COLUMNS`):
    the acts, by event id, and the review comments of the items of
    :func:`~metrics.quotes.inline_items`, but for those in ``inline_read``, which gains them (an earlier
    batch read theirs)."""
    table = store_schema.events
    query = sa.select(*(table.c[name] for name in _SCREENED_COLUMNS))
    items = inline_items(acts) - inline_read
    inline_read |= items
    # by item only: SQLite would pick the kind's index (ix_events_kind_created_at) for ``kind = ?`` and
    # walk every review comment of the store (1M events: 233 ms, against 3 ms by ix_events_item)
    inline = table.c.kind.concat("") == "review_comment"
    wheres = [table.c.event_id.in_(ids) for ids in chunks(set(acts["event_id"]))]
    wheres += [sa.and_(table.c.item.in_(chunk), inline) for chunk in chunks(items)]
    frames = [read_frame(conn, query.where(where)) for where in wheres or [sa.false()]]
    events = pd.concat(frames, ignore_index=True).drop_duplicates("event_id", ignore_index=True)
    events["actor_person"] = identities.resolve(events["actor"])
    return events[list(QUOTED_COLUMNS)]


def _screened_lists(
    conn: sa.Connection, config: Config, found: pd.DataFrame, ranked: Ranked, most: int, classes: pd.Series
) -> dict[str, list[object]]:
    """The labels of each behaviour's list of ``most`` acts of ``found`` (keyed evidence; ``ranked``: its
    :func:`ranked_acts`), in rank order, an act skipped when its words are those of one before it in its
    behaviour (:func:`~metrics.quotes.new_words`). Batch by batch: each batch quotes, from
    :func:`screened_events`, only the acts it adds to the lists not yet settled (a quote depends on its
    own act and item only). At the latest, every act of the evidence settles the lists."""
    identities = Identities(config)
    inline_read: set[str] = set()
    read: list[pd.DataFrame] = []
    seen: dict[str, set[str]] = {behaviour: set() for behaviour, _ in ranked}
    kept: dict[str, list[object]] = {behaviour: [] for behaviour, _ in ranked}
    rows = found[list(_SCREENED_ROWS)]
    done = 0
    for acts in batch_ends(most):
        screening = [(b, order) for b, order in ranked if len(kept[b]) < most and len(order) > done]
        if not screening:
            return kept
        batch = rows.take(np.concatenate([order[done:acts] for _, order in screening]))
        read.append(screened_events(conn, identities, batch, inline_read))
        events = pd.concat(read, ignore_index=True) if len(read) > 1 else read[0]
        own = quoting_events(events, batch)
        quotes = quoted(batch, own, _NO_TITLES, redact_text=False, classes=classes)["quote"]
        for behaviour, order in screening:
            labels = found.index[order[done:acts]]
            new = np.asarray(new_words(quotes.loc[labels], seen[behaviour]), dtype=bool)
            kept[behaviour] = [*kept[behaviour], *labels[new]][:most]
        done = acts
    raise AssertionError("unreachable: batch_ends grows without end")  # pragma: no cover


def quoting_slice(
    store: Store, config: Config, conn: sa.Connection, person: str, found: pd.DataFrame,
    state: tables.ComputeState | None, chances: pd.DataFrame | Future[pd.DataFrame], footprint: pd.DataFrame,
    most: int,
) -> tuple[Metrics, dict[str, pd.DataFrame]]:  # fmt: skip
    """The slice that quotes ``most`` strongest acts per behaviour of ``found`` (the person's stored
    evidence of the window; see the module), with each behaviour's list of them as
    :func:`~metrics.quotes.strongest_quoted` makes it (none with ``redact_text``, none of an excluded
    person: their slice keeps no evidence, and reads no event)."""
    keyed = _keyed(found)
    shown = [] if config.store.redact_text or person in config.access.exclude else ranked_acts(keyed)
    classes = _classes(keyed)
    labels = _screened_lists(conn, config, keyed, shown, most, classes) if shown else {}
    listed = keyed.loc[[label for chosen in labels.values() for label in chosen]]
    raw = events_of(conn, set(listed["item"].astype(str)))
    ctx = context(store, config, raw, state)
    titles = item_titles(ctx)
    lists = {}
    if labels:  # the quotes screening made, now with the titles of the items read whole
        events = quoting_events(ctx.events[list(QUOTED_COLUMNS)], listed)
        titled = quoted(listed, events, titles, redact_text=False, classes=classes)
        lists = {behaviour: titled.loc[chosen] for behaviour, chosen in labels.items()}
    measures = no_measures(raw, config, state)
    if isinstance(chances, Future):  # computed on another thread meanwhile (dashboard.person_queries)
        chances = chances.result()
    return slice_metrics(ctx, person, found, chances, footprint, measures, titles), lists


__all__ = ["QUOTED_BATCH", "Ranked", "batch_ends", "quoting_slice", "ranked_acts", "screened_events"]
