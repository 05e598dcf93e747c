"""The export tables of DESIGN §6: exact columns, stable row order, ISO 8601 UTC timestamps.

Each ``*_table`` function takes a frame from :class:`metrics.engine.Metrics` and returns the frame that
is written, so identical metrics always give identical rows in identical order. Timestamps stay
timezone-aware datetimes here; the CSV writer renders them as ISO 8601 UTC text.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics.evidence import SNAPSHOT_EVIDENCE_COLUMNS
from metrics.identities import PEOPLE_COLUMNS
from metrics.opportunities import SNAPSHOT_OPPORTUNITY_COLUMNS

SNAPSHOT_EVENT_COLUMNS: Final = (
    "event_id",
    "source",
    "kind",
    "actor",
    "actor_team",
    "target",
    "target_team",
    "container",
    "item",
    "created_at",
    "url",
)

_TIME = pa.timestamp("us", tz="UTC")
_TEXT = pa.string()

EVENT_SCHEMA: Final = pa.schema(
    [(name, _TIME if name == "created_at" else _TEXT) for name in SNAPSHOT_EVENT_COLUMNS]
)
EVENT_TEXT_SCHEMA: Final = EVENT_SCHEMA.append(pa.field("text", _TEXT))
EVIDENCE_SCHEMA: Final = pa.schema(
    [
        (name, _TIME if name == "created_at" else pa.float64() if name in ("weight", "strength") else _TEXT)
        for name in SNAPSHOT_EVIDENCE_COLUMNS
    ]
)
FOOTPRINT_SCHEMA: Final = pa.schema(
    [
        ("person", _TEXT),
        ("team", _TEXT),
        ("behaviour", _TEXT),
        ("period", _TEXT),
        ("evidence_count", pa.int64()),
        ("weight_sum", pa.float64()),
    ]
)
OPPORTUNITY_SCHEMA: Final = pa.schema(
    [(name, _TIME if name == "since" else _TEXT) for name in SNAPSHOT_OPPORTUNITY_COLUMNS]
)
PEOPLE_SCHEMA: Final = pa.schema(
    [("person", _TEXT), ("name", _TEXT), ("team", _TEXT), ("level", pa.int64()), ("mapped", pa.bool_())]
)


def _text(values: pd.Series) -> pd.Series:
    """A nullable string column, kept as is when it already is one (no copy of a million strings)."""
    if isinstance(values.dtype, pd.StringDtype):
        return values
    return values.astype(object).where(values.notna(), None)


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True).astype("datetime64[us, UTC]")


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame`` sorted by ``keys`` (ascending, missing first, stable) with a fresh RangeIndex.

    Sorted in Arrow (C++), and not reordered at all when already in order (the usual case: the store
    reads in time order), which keeps a million rows well under a second.
    """
    table = pa.Table.from_pandas(frame[keys], preserve_index=False)
    order = pc.sort_indices(table, sort_keys=[(key, "ascending", "at_start") for key in keys]).to_numpy()
    if np.array_equal(order, np.arange(len(order))):
        return frame.reset_index(drop=True)
    return frame.take(order).reset_index(drop=True)


def events_table(events: pd.DataFrame, *, include_text: bool = False) -> pd.DataFrame:
    """Metrics' events as exported: ``actor``/``target`` are person ids where mapped, else raw."""
    frame = pd.DataFrame(
        {
            "event_id": _text(events["event_id"]),
            "source": _text(events["source"]),
            "kind": _text(events["kind"]),
            "actor": _text(events["actor_person"]),
            "actor_team": _text(events["actor_team"]),
            "target": _text(events["target_person"]),
            "target_team": _text(events["target_team"]),
            "container": _text(events["container"]),
            "item": _text(events["item"]),
            "created_at": _utc(events["created_at"]),
            "url": _text(events["url"]),
        }
    )
    if include_text:
        frame["text"] = _text(events["text"]) if "text" in events else None
    return _sorted(frame, ["created_at", "event_id"])


def evidence_table(evidence: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "event_id": _text(evidence["event_id"]),
            "person": _text(evidence["person"]),
            "behaviour": _text(evidence["behaviour"]),
            "weight": evidence["weight"].astype("float64"),
            "rule": _text(evidence["rule"]),
            "reason": _text(evidence["reason"]),
            "created_at": _utc(evidence["created_at"]),
            "url": _text(evidence["url"]),
            "strength": evidence["strength"].astype("float64"),
            "why": _text(evidence["why"]),
            "rules": _text(evidence["rules"]),
        }
    )
    return _sorted(frame, ["created_at", "event_id", "rule", "person"])  # rule ids start with the behaviour


def footprint_table(footprint: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "person": _text(footprint["person"]),
            "team": _text(footprint["team"]),
            "behaviour": _text(footprint["behaviour"]),
            "period": _text(footprint["period"]),
            "evidence_count": footprint["evidence_count"].astype("int64"),
            "weight_sum": footprint["weight_sum"].astype("float64"),
        }
    )
    return _sorted(frame, ["person", "behaviour", "period", "team"])


def opportunities_table(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Opportunities as exported: ``person, kind, item, url, reason, since``."""
    frame = pd.DataFrame(
        {
            "person": _text(opportunities["person"]),
            "kind": _text(opportunities["kind"]),
            "item": _text(opportunities["item"]),
            "url": _text(opportunities["url"]),
            "reason": _text(opportunities["reason"]),
            "since": _utc(opportunities["since"]),
        }
    )
    return _sorted(frame, ["person", "kind", "since", "item"])


def people_table(people: pd.DataFrame, unmapped: pd.DataFrame | None = None) -> pd.DataFrame:
    """Configured people (alphabetical by id), then unmapped identities seen (``mapped`` false).

    ``unmapped`` rows are read from its first column (the raw identity) unless it has ``identity``.
    """
    mapped = people["mapped"].astype(bool) if "mapped" in people else pd.Series(True, index=people.index)
    frame = pd.DataFrame(
        {
            "person": _text(people["person"]),
            "name": _text(people["name"]) if "name" in people else None,
            "team": _text(people["team"]) if "team" in people else None,
            "level": pd.to_numeric(people["level"], errors="coerce").astype("Int64")
            if "level" in people
            else pd.array([pd.NA] * len(people), dtype="Int64"),
            "mapped": mapped.to_numpy(),
        }
    )
    if unmapped is not None and len(unmapped):
        column = "identity" if "identity" in unmapped else unmapped.columns[0]
        extra = sorted(set(unmapped[column].dropna().astype(str)) - set(frame["person"].dropna()))
        if extra:
            rows = pd.DataFrame({"person": extra, "name": None, "team": None, "mapped": False})
            rows["level"] = pd.array([pd.NA] * len(rows), dtype="Int64")
            frame = pd.concat([frame, rows[list(PEOPLE_COLUMNS)]], ignore_index=True)
    frame["mapped"] = frame["mapped"].astype(bool)
    frame["_unmapped"] = ~frame["mapped"]
    frame = frame.sort_values(["_unmapped", "person"], kind="stable", ignore_index=True)
    return frame[list(PEOPLE_COLUMNS)]
