"""Writing and reading each retrospective's mentions of items (``retro_mentions``,
:data:`collectors.store.derived_schema.retro_mentions`, store version 12): what a team's recurring
problems look up (:func:`metrics.stored.opportunity_slice.team_recurring`).

A mention is :func:`metrics.opportunities.recurring.mentions` of one retro event's own fields (its
repository, a retro note's title or summary, its text), whatever the window or viewer. So the compute
writes an item's rows from the events it has just read for it (whole items, a range at a time in a full
compute), and an incremental compute deletes the changed items' rows and inserts the recomputed ones:
the table always equals :func:`mention_rows` of every stored event, which ``tests/stored/helpers.py``
checks after every compute it runs. A page then reads the retros mentioning a team's issues by
``ix_retro_mentions_ref_created_at`` instead of reading and matching every retro when it is shown.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.events import utc
from collectors.sources import kind_named
from collectors.store import schema as store_schema
from collectors.store.derived_schema import RETRO_MENTION_TYPES, retro_mentions

from ..opportunities.recurring import RETRO_KINDS, mentions, retro_texts
from .tables import delete_item_rows
from .team_tables import _insert


def mention_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The mentions of items by the retrospective events among ``events`` (stored events, columns
    :data:`collectors.events.COLUMNS`): columns :data:`~collectors.store.derived_schema.RETRO_MENTION_TYPES`,
    one row per retro event and item it mentions."""
    retros = events[events["kind"].isin(RETRO_KINDS).to_numpy(dtype=bool)].reset_index(drop=True)
    if retros.empty:
        return pd.DataFrame(columns=list(RETRO_MENTION_TYPES))
    notes = (retros["kind"] == "retro_note").to_numpy(dtype=bool)
    titles = pd.Series(None, index=retros.index, dtype=object)
    if notes.any():
        decoded = kind_named("retro_note").decode(retros.loc[notes, "attrs"], ["title", "summary"])
        titles[notes] = (
            decoded["title"].astype(object).fillna(decoded["summary"].astype(object)).to_numpy(dtype=object)
        )
    found = mentions(retros["container"], retro_texts(titles, retros["text"]))
    rows = retros.loc[found.index, ["event_id", "item", "created_at"]].astype(object)
    rows = rows.assign(ref=found.to_numpy(dtype=object), created_at=retros.loc[found.index, "created_at"])
    rows = rows.drop_duplicates(["event_id", "ref"])
    return rows[list(RETRO_MENTION_TYPES)].reset_index(drop=True)


def insert_items(conn: sa.Connection, events: pd.DataFrame, computed_with: str) -> None:
    """Store the mentions of the retros among ``events`` (every event of the items they hold)."""
    _insert(conn, retro_mentions, mention_rows(events), computed_with)


def delete_items(conn: sa.Connection, items: Collection[str]) -> None:
    """Forget the rows of ``items`` (before their recomputed rows are inserted)."""
    delete_item_rows(conn, retro_mentions, items)


def clear(conn: sa.Connection) -> None:
    """Forget every row (a full compute rebuilds them)."""
    conn.execute(sa.delete(retro_mentions))


def mentioned(conn: sa.Connection, items: sa.Select[tuple[str]], until: datetime) -> pd.DataFrame:
    """The items among those ``items`` selects (a subquery of item ids, compared without case, as the
    stored mentions are lower-cased) that a retro event before ``until`` mentions, with who wrote that
    retro: ``ref`` (lower-cased) and ``actor`` (its raw identity), one row per pair, in one statement
    (``ix_retro_mentions_ref_created_at``): no list of thousands of items travels to the database and
    back in chunks. The caller leaves out what excluded people wrote, as recurring problems do."""
    table, selected, events = retro_mentions, items.subquery(), store_schema.events
    refs = sa.select(sa.func.lower(next(iter(selected.c))))
    query = (
        sa.select(table.c.ref, events.c.actor)
        .join(events, events.c.event_id == table.c.event_id)
        .where(table.c.ref.in_(refs), table.c.created_at < utc(until))
        .distinct()
    )
    rows = conn.execute(query).all()
    return pd.DataFrame(
        {"ref": [str(ref) for ref, _ in rows], "actor": [actor for _, actor in rows]},
        columns=["ref", "actor"], dtype=object,
    )  # fmt: skip


__all__ = ["clear", "delete_items", "insert_items", "mention_rows", "mentioned"]
