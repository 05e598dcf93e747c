"""Writing and reading the tables the Team page and Data health query (``acts``, ``first_responses``,
``blocked_stays``; :data:`collectors.store.derived_schema.TEAM_TABLES`).

Each row belongs to one item: an act is one event with its identities resolved, a measure row one item's
first response or one blocked stay (:func:`metrics.engine.measure_frames`, the frames the rules
used). Both measures read only their own item's events, so computing them for a range of items, or
for the changed items only, gives exactly the rows a computation over every event would: the
compute writes them beside the evidence, from the same rule context, and an incremental compute
deletes the changed items' rows and inserts the recomputed ones.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd
import sqlalchemy as sa

from collectors.store import derived_schema as ds
from collectors.store import postgres_arrow
from collectors.store.committed_read import frame_of_table
from collectors.store.read import read_frame

from ..engine import measure_frames
from ..evidence import months
from ..prepare import RuleContext
from .read_order import target
from .tables import _in_chunks, _rows


def act_rows(ctx: RuleContext) -> pd.DataFrame:
    """One row per event of ``ctx`` (:data:`~collectors.store.derived_schema.ACT_TYPES`): its
    identities as :func:`~metrics.prepare.prepare` resolved them, its month and the team owning its
    repository or Jira project."""
    events = ctx.events
    names = [name for name in ds.ACT_TYPES if name not in ("period", "owner_team")]
    frame = events[names].assign(
        period=months(events["created_at"]), owner_team=ctx.owners.teams_of(events["container"])
    )
    return frame[list(ds.ACT_TYPES)]


def measure_rows(ctx: RuleContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(first responses, blocked stays)`` of ``ctx``'s items, columns as stored."""
    frames = measure_frames(ctx)
    return (
        frames.first_responses[list(ds.FIRST_RESPONSE_TYPES)],
        frames.blocked_stays[list(ds.BLOCKED_STAY_TYPES)],
    )


def _driver_rows(frame: pd.DataFrame, *, text_times: bool) -> list[tuple[Any, ...]]:
    """:func:`~.tables._rows`, with missing times (an open stay, an unanswered item) as None."""
    rows = _rows(frame, text_times=text_times)
    times = [i for i, (_, column) in enumerate(frame.items()) if pd.api.types.is_datetime64_any_dtype(column)]
    if not times or not frame[frame.columns[times]].isna().any().any():
        return rows
    missing = {i: frame.iloc[:, i].isna().to_numpy() for i in times}
    return [
        tuple(None if i in missing and missing[i][r] else value for i, value in enumerate(row))
        for r, row in enumerate(rows)
    ]


def _insert(conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, computed_with: str) -> None:
    """Append ``frame``'s rows through the driver (COPY on PostgreSQL), as the evidence is written."""
    if frame.empty:
        return
    frame = frame.assign(computed_with=computed_with)
    names = list(frame.columns)
    into = target(conn, table)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY {into} ({', '.join(names)}) FROM STDIN") as copy:
                for row in _driver_rows(frame, text_times=False):
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(names))
            cursor.executemany(
                f"INSERT INTO {into} ({', '.join(names)}) VALUES ({marks})",
                _driver_rows(frame, text_times=True),
            )
    finally:
        cursor.close()


def insert_items(conn: sa.Connection, ctx: RuleContext, computed_with: str) -> pd.DataFrame:
    """Store the acts and measure rows of every item in ``ctx`` (whole items); returns the acts'
    counts (:func:`count_acts`), for :func:`apply_count_delta`."""
    acts = act_rows(ctx)
    _insert(conn, ds.acts, acts, computed_with)
    responses, stays = measure_rows(ctx)
    _insert(conn, ds.first_responses, responses, computed_with)
    _insert(conn, ds.blocked_stays, stays, computed_with)
    return count_acts(acts)


def delete_items(conn: sa.Connection, items: Collection[str]) -> pd.DataFrame:
    """Forget the rows of ``items`` (before their recomputed rows are inserted); returns the counts of
    the acts forgotten, for :func:`apply_count_delta`."""
    removed = stored_counts(conn, items)
    for table in ds.TEAM_TABLES:
        for chunk in _in_chunks(items):
            conn.execute(sa.delete(table).where(table.c.item.in_(chunk)))
    return removed


def clear(conn: sa.Connection) -> None:
    """Forget every row (a full compute rebuilds them)."""
    for table in ds.TEAM_DERIVED_TABLES:
        conn.execute(sa.delete(table))


# -- act_counts: acts counted per group, maintained by delta as footprints are -----------------------

_KEYS = list(ds.ACT_COUNT_KEYS)
_FLAGS = ("is_bot", "target_is_bot")
#: Stands for a missing key value while counts are merged in pandas (never stored).
_MISSING = "\x00missing"


def count_acts(acts: pd.DataFrame) -> pd.DataFrame:
    """``acts`` rows (:func:`act_rows`) counted per :data:`~collectors.store.derived_schema.ACT_COUNT_KEYS`:
    columns the keys and ``acts``."""
    if acts.empty:
        return pd.DataFrame(columns=[*_KEYS, "acts"])
    grouped = acts[_KEYS].astype({name: object for name in _KEYS if name not in _FLAGS})
    return grouped.groupby(_KEYS, dropna=False, sort=False).size().rename("acts").reset_index()


def _group_select(where: sa.ColumnElement[bool] | None = None) -> sa.Select[Any]:
    keys = [ds.acts.c[name] for name in _KEYS]
    query = sa.select(*keys, sa.func.count().label("acts")).group_by(*keys)
    return query if where is None else query.where(where)


def stored_counts(conn: sa.Connection, items: Collection[str]) -> pd.DataFrame:
    """The counts of the stored acts of ``items`` (read by the item index before they are replaced)."""
    parts = [
        pd.DataFrame(conn.execute(_group_select(ds.acts.c.item.in_(chunk))).all(), columns=[*_KEYS, "acts"])
        for chunk in _in_chunks(items)
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*_KEYS, "acts"])


def rebuild_counts(conn: sa.Connection, computed_with: str) -> None:
    """Every ``act_counts`` row, counted from the stored acts in SQL."""
    conn.execute(sa.delete(ds.act_counts))
    query = _group_select().add_columns(sa.literal(computed_with).label("computed_with"))
    conn.execute(sa.insert(ds.act_counts).from_select([*_KEYS, "acts", "computed_with"], query))


def _keyed(frame: pd.DataFrame, sign: int = 1) -> pd.DataFrame:
    out = frame[[*_KEYS, "acts"]].astype({name: object for name in _KEYS if name not in _FLAGS})
    out = out.astype({name: bool for name in _FLAGS})
    text = [name for name in _KEYS if name not in _FLAGS]
    out[text] = out[text].where(out[text].notna(), _MISSING)
    return out.assign(acts=out["acts"].astype("int64") * sign)


#: Groups matched per statement.
_MATCH_CHUNK = 200


def _matching(keys: list[tuple[Any, ...]]) -> sa.ColumnElement[bool]:
    """``act_counts`` rows whose :data:`~collectors.store.derived_schema.ACT_COUNT_MATCH` columns equal
    one of ``keys`` (None matching NULL), each key one probe of ``ix_act_counts_match``: per pattern of
    NULLs, one tuple ``IN`` of the other columns (compiled once, however many keys)."""
    c = ds.act_counts.c
    columns = [c[name] for name in ds.ACT_COUNT_MATCH]
    by_pattern: dict[tuple[bool, ...], list[tuple[Any, ...]]] = {}
    for key in keys:
        by_pattern.setdefault(tuple(value is None for value in key), []).append(key)
    conditions = []
    for pattern, group in by_pattern.items():
        known = [i for i, missing in enumerate(pattern) if not missing]
        where = [columns[i].is_(None) for i, missing in enumerate(pattern) if missing]
        if known:
            values = sorted({tuple(key[i] for i in known) for key in group})
            where.append(sa.tuple_(*(columns[i] for i in known)).in_(values))
        conditions.append(sa.and_(*where))
    return sa.or_(*conditions)


def apply_count_delta(
    conn: sa.Connection, removed: pd.DataFrame, added: list[pd.DataFrame], computed_with: str
) -> None:
    """``act_counts`` minus the counts of the acts ``removed`` plus those ``added``: only the groups the
    change touched (by :data:`~collectors.store.derived_schema.ACT_COUNT_MATCH`, through its index) are
    read and rewritten, so the work follows the change, not the store's size."""
    parts = [_keyed(removed, -1)] if len(removed) else []
    parts += [_keyed(frame) for frame in added if len(frame)]
    if not parts:
        return
    delta = pd.concat(parts, ignore_index=True).groupby(_KEYS, as_index=False)["acts"].sum()
    match = list(ds.ACT_COUNT_MATCH)
    touched = [
        tuple(None if value == _MISSING else value for value in key)
        for key in delta[match].drop_duplicates().itertuples(index=False, name=None)
    ]
    stored = []  # the touched groups' rows, deleted and read in one statement
    for start in range(0, len(touched), _MATCH_CHUNK):
        where = _matching(touched[start : start + _MATCH_CHUNK])
        returning = (ds.act_counts.c[name] for name in [*_KEYS, "acts"])
        stored += conn.execute(sa.delete(ds.act_counts).where(where).returning(*returning)).all()
    current = [_keyed(pd.DataFrame(stored, columns=[*_KEYS, "acts"]))] if stored else []
    merged = pd.concat([*current, delta], ignore_index=True)
    merged = merged.groupby(_KEYS, as_index=False)["acts"].sum()
    merged = merged[merged["acts"] > 0]
    merged = merged.astype({name: bool for name in _FLAGS}).assign(computed_with=computed_with)
    records = merged.astype({"acts": "int64"}).astype(object).to_dict("records")
    for record in records:  # None, never NaN: a driver may write NaN into a text column as "NaN"
        for name, value in record.items():
            if value == _MISSING:
                record[name] = None
    if records:
        conn.execute(sa.insert(ds.act_counts), records)


def _typed(frame: pd.DataFrame, types: dict[str, Any]) -> pd.DataFrame:
    """Stored rows as the measure frames hold them: times UTC, flags bool, missing text None."""
    for name, kind in types.items():
        if isinstance(kind, sa.DateTime):
            frame[name] = pd.to_datetime(frame[name], utc=True)
        elif kind is sa.Boolean:
            frame[name] = frame[name].astype(bool)
        elif kind is sa.Float:
            frame[name] = pd.to_numeric(frame[name]).astype(float)
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def read_rows(
    conn: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool] | None = None,
    columns: Collection[str] | None = None,
    *,
    committed: bool = False,
) -> pd.DataFrame:
    """The stored rows of one of :data:`~collectors.store.derived_schema.TEAM_TABLES` (and ``where``),
    all its columns but ``computed_with`` (or ``columns``), typed as the frames they were written from.
    ``committed``: the caller reads outside a writing transaction, so on PostgreSQL the rows may be read
    by the ADBC driver on a connection of its own (:mod:`collectors.store.postgres_arrow`: a person's
    two months of acts at 5M, 9,823 rows, 35 → 10 ms)."""
    types = {
        ds.acts.name: ds.ACT_TYPES,
        ds.first_responses.name: ds.FIRST_RESPONSE_TYPES,
        ds.blocked_stays.name: ds.BLOCKED_STAY_TYPES,
    }[table.name]
    if columns is not None:
        types = {name: kind for name, kind in types.items() if name in columns}
    query = sa.select(*(table.c[name] for name in types))
    if where is not None:
        query = query.where(where)
    frame = None
    if committed:
        arrow = postgres_arrow.arrow_table(conn.engine, query)
        frame = None if arrow is None else frame_of_table(arrow, query)
    return _typed(frame if frame is not None else read_frame(conn, query), types)
