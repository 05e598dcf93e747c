"""Writing the Overview's per-item aggregate (``item_footprints``,
:data:`collectors.store.derived_schema.item_footprints`): per person, item and month, the evidence rows
and the acts (event, person) they were found on.

Every row belongs to one item, so the compute writes an item's rows from the evidence it has just built
for it (whole items, a range at a time in a full compute), and an incremental compute deletes the changed
items' rows and inserts the recomputed ones: the table always equals :func:`item_footprint_rows` of all
stored evidence, which ``tests/stored/helpers.py`` checks after every compute it runs.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import sqlalchemy as sa

from collectors.store.derived_schema import ITEM_FOOTPRINT_TYPES, item_footprints

from ..evidence import months
from .tables import delete_item_rows
from .team_tables import _insert

KEY = ["person", "team", "period", "item"]


def item_footprint_rows(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows (:data:`~metrics.evidence.EVIDENCE_COLUMNS`) counted per person, team, month and
    item: columns :data:`~collectors.store.derived_schema.ITEM_FOOTPRINT_TYPES` (``acts``: distinct
    events, each an act of that person; ``evidence_count``: rows)."""
    if evidence.empty:
        return pd.DataFrame(columns=list(ITEM_FOOTPRINT_TYPES))
    frame = evidence[["person", "team", "item", "event_id"]].astype(object)
    frame = frame.assign(period=months(evidence["created_at"]).astype(object))
    grouped = frame.groupby(KEY, dropna=False, sort=False)["event_id"]
    out = grouped.agg(acts="nunique", evidence_count="size").reset_index()
    return out[list(ITEM_FOOTPRINT_TYPES)]


def insert_items(conn: sa.Connection, evidence: pd.DataFrame, computed_with: str) -> None:
    """Store the rows of the items whose every evidence row is in ``evidence`` (as just built)."""
    _insert(conn, item_footprints, item_footprint_rows(evidence), computed_with)


def delete_items(conn: sa.Connection, items: Collection[str]) -> None:
    """Forget the rows of ``items`` (before their recomputed rows are inserted)."""
    delete_item_rows(conn, item_footprints, items)


def clear(conn: sa.Connection) -> None:
    """Forget every row (a full compute rebuilds them)."""
    conn.execute(sa.delete(item_footprints))
