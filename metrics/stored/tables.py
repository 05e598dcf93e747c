"""Reading and writing the stored evidence, footprints and compute state
(:mod:`collectors.store.derived_schema`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from collectors.store.derived_schema import (
    EVIDENCE_TYPES,
    FOOTPRINT_TYPES,
    changed_items,
    compute_state,
    evidence,
    footprints,
)

from ..evidence import months
from .read_order import target

SCOPE = "evidence"
#: Rows per executemany.
INSERT_ROWS = 5000


@dataclass(frozen=True)
class ComputeState:
    """The ``compute_state`` record: what the stored tables were computed with."""

    computed_with: str
    config_digest: str
    rule_versions: dict[str, str]
    facts: dict[str, list[str]]
    computed_at: datetime
    items: int
    evidence_rows: int


def read_state(conn: sa.Connection) -> ComputeState | None:
    row = conn.execute(sa.select(compute_state).where(compute_state.c.scope == SCOPE)).mappings().first()
    if row is None:
        return None
    return ComputeState(
        row["computed_with"],
        row["config_digest"],
        json.loads(row["rule_versions"]),
        json.loads(row["facts"]),
        row["computed_at"],
        row["items"],
        row["evidence_rows"],
    )


def write_state(conn: sa.Connection, state: ComputeState) -> None:
    conn.execute(sa.delete(compute_state).where(compute_state.c.scope == SCOPE))
    conn.execute(
        sa.insert(compute_state).values(
            scope=SCOPE,
            computed_with=state.computed_with,
            config_digest=state.config_digest,
            rule_versions=json.dumps(state.rule_versions, sort_keys=True),
            facts=json.dumps(state.facts, sort_keys=True),
            computed_at=state.computed_at,
            items=state.items,
            evidence_rows=state.evidence_rows,
        )
    )


def changed_since(conn: sa.Connection) -> tuple[set[str], int | None]:
    """The items in the change log and the last sequence number read (None: the log is empty)."""
    upto = conn.execute(sa.select(sa.func.max(changed_items.c.seq))).scalar_one_or_none()
    if upto is None:
        return set(), None
    items = conn.execute(sa.select(changed_items.c.item).where(changed_items.c.seq <= upto).distinct())
    return set(items.scalars()), int(upto)


def clear_changes(conn: sa.Connection, upto: int | None) -> None:
    """Forget the log up to ``upto`` (what a sync appended meanwhile stays for the next compute)."""
    if upto is not None:
        conn.execute(sa.delete(changed_items).where(changed_items.c.seq <= upto))


def _rows(frame: pd.DataFrame, *, text_times: bool) -> list[tuple[Any, ...]]:
    """Row tuples for the driver: missing values None; times as SQLite's text form or UTC datetimes."""
    columns = []
    for _, column in frame.items():
        if pd.api.types.is_datetime64_any_dtype(column):
            utc_times = column.dt.tz_convert("UTC")
            if text_times:  # the form SQLAlchemy writes to SQLite, so both read back the same
                columns.append(utc_times.dt.strftime("%Y-%m-%d %H:%M:%S.%f").tolist())
            else:
                columns.append(list(utc_times.dt.to_pydatetime()))
        else:
            values = column.astype(object).to_numpy()
            columns.append(np.where(pd.isna(values), None, values).tolist())
    return list(zip(*columns, strict=True))


def insert_evidence(conn: sa.Connection, rows: pd.DataFrame, computed_with: str) -> None:
    """Append evidence rows (a :data:`~metrics.evidence.EVIDENCE_COLUMNS` frame), through the driver:
    SQLAlchemy's per-row parameter processing costs more than the database does (a million rows)."""
    if rows.empty:
        return
    frame = rows[list(EVIDENCE_TYPES)].assign(period=months(rows["created_at"]), computed_with=computed_with)
    names = list(frame.columns)
    into = target(conn, evidence)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        if conn.dialect.name == "postgresql":  # COPY: several times faster than batched INSERTs
            with cursor.copy(f"COPY {into} ({', '.join(names)}) FROM STDIN") as copy:
                for row in _rows(frame, text_times=False):
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(names))
            cursor.executemany(
                f"INSERT INTO {into} ({', '.join(names)}) VALUES ({marks})", _rows(frame, text_times=True)
            )
    finally:
        cursor.close()


def _in_chunks(items: Collection[str], size: int = 500) -> Iterable[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def delete_item_rows(conn: sa.Connection, table: sa.Table, items: Collection[str]) -> None:
    """Forget ``table``'s rows of ``items`` (its ``item`` column), before their recomputed rows are
    inserted."""
    for chunk in _in_chunks(items):
        conn.execute(sa.delete(table).where(table.c.item.in_(chunk)))


def delete_evidence(conn: sa.Connection, items: Collection[str]) -> None:
    delete_item_rows(conn, evidence, items)


def _footprint_select(computed_with: str) -> sa.Select[Any]:
    e = evidence.c
    return sa.select(
        e.person, e.team, e.behaviour, e.period, sa.func.count().label("evidence_count"),
        sa.func.sum(e.weight).label("weight_sum"), sa.literal(computed_with).label("computed_with"),
    ).group_by(e.person, e.team, e.behaviour, e.period)  # fmt: skip


def _footprint_insert(query: sa.Select[Any]) -> sa.Insert:
    return sa.insert(footprints).from_select([*FOOTPRINT_TYPES, "computed_with"], query)


FOOTPRINT_KEY = ["person", "team", "behaviour", "period"]


def rebuild_footprints(conn: sa.Connection, computed_with: str) -> None:
    """Every footprint row, aggregated from the stored evidence in SQL."""
    conn.execute(sa.delete(footprints))
    conn.execute(_footprint_insert(_footprint_select(computed_with)))


def evidence_totals(conn: sa.Connection, items: Collection[str]) -> pd.DataFrame:
    """``person, team, behaviour, period, evidence_count, weight_sum`` of the stored evidence of
    ``items`` (read by the item index before it is replaced)."""
    parts = []
    for chunk in _in_chunks(items):
        query = _footprint_select("").where(evidence.c.item.in_(chunk))
        parts.append(pd.DataFrame(conn.execute(query).all(), columns=[*FOOTPRINT_TYPES, "computed_with"]))
    if not parts:
        return pd.DataFrame(columns=list(FOOTPRINT_TYPES))
    return pd.concat(parts, ignore_index=True)[list(FOOTPRINT_TYPES)]


def new_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """The same totals of evidence rows about to be stored."""
    frame = rows[["person", "team", "behaviour", "weight"]].assign(period=months(rows["created_at"]))
    frame = frame.astype({"person": object, "team": object, "behaviour": object})
    grouped = frame.fillna({"team": ""}).groupby(FOOTPRINT_KEY, sort=False)["weight"]
    out = grouped.agg(["size", "sum"]).reset_index()
    return out.rename(columns={"size": "evidence_count", "sum": "weight_sum"})


def _signed(frame: pd.DataFrame, sign: int) -> pd.DataFrame:
    out = frame[[*FOOTPRINT_KEY, "evidence_count", "weight_sum"]].astype({"team": object})
    return out.fillna({"team": ""}).assign(
        evidence_count=out["evidence_count"].astype("int64") * sign,
        weight_sum=out["weight_sum"].astype(float) * sign,
    )


def apply_footprint_delta(
    conn: sa.Connection, removed: pd.DataFrame, added: pd.DataFrame, computed_with: str
) -> None:
    """Footprints minus the totals of the evidence ``removed`` plus those ``added``: only the rows whose
    key (person, team, behaviour, period) the change touched are rewritten. Footprints are small
    (people x behaviours x months), evidence is not: this never aggregates all evidence again."""
    parts = [_signed(frame, sign) for frame, sign in ((removed, -1), (added, 1)) if not frame.empty]
    if not parts:
        return
    delta = pd.concat(parts, ignore_index=True).groupby(FOOTPRINT_KEY, as_index=False)
    delta = delta[["evidence_count", "weight_sum"]].sum()
    # rewrite every row of the (person, period) pairs touched, read as they are deleted (by the
    # person-period index): the rows of the other pairs are neither read nor written
    touched = sorted(set(zip(delta["person"], delta["period"], strict=True)))
    pair = sa.tuple_(footprints.c.person, footprints.c.period)
    returning = [footprints.c[name] for name in FOOTPRINT_TYPES]
    stored = []
    for start in range(0, len(touched), 400):
        where = pair.in_(touched[start : start + 400])
        stored += conn.execute(sa.delete(footprints).where(where).returning(*returning)).all()
    current = pd.DataFrame(stored, columns=list(FOOTPRINT_TYPES)).fillna({"team": ""})
    merged = delta.merge(current, on=FOOTPRINT_KEY, how="left", suffixes=("_delta", ""))
    merged["evidence_count"] = (
        merged["evidence_count"].fillna(0).astype("int64") + merged["evidence_count_delta"]
    )
    merged["weight_sum"] = merged["weight_sum"].fillna(0.0).astype(float) + merged["weight_sum_delta"]
    rows = pd.concat(
        [current.merge(merged[FOOTPRINT_KEY], on=FOOTPRINT_KEY, how="left", indicator=True)
         .query("_merge == 'left_only'")[list(FOOTPRINT_TYPES)],
         merged[list(FOOTPRINT_TYPES)]],
        ignore_index=True,
    )  # fmt: skip
    rows = rows[rows["evidence_count"] > 0]
    records = [
        {"person": r.person, "team": r.team or None, "behaviour": r.behaviour, "period": r.period,
         "evidence_count": int(r.evidence_count), "weight_sum": float(r.weight_sum),
         "computed_with": computed_with}
        for r in rows.itertuples(index=False)
    ]  # fmt: skip
    if records:
        conn.execute(sa.insert(footprints), records)


def state_stamp(conn: sa.Connection) -> str:
    """What changes whenever a compute commits: its digest and time (for caches keyed by store state)."""
    row = conn.execute(
        sa.select(compute_state.c.computed_with, compute_state.c.computed_at).where(
            compute_state.c.scope == SCOPE
        )
    ).first()
    return "none" if row is None else f"{row[0]}@{row[1]}"
