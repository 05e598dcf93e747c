"""The export tables of DESIGN §6: exact columns, stable row order, ISO 8601 UTC timestamps.

Each ``*_table`` function takes a frame from :class:`metrics.engine.Metrics` and returns the frame that
is written, so identical metrics always give identical rows in identical order. Timestamps stay
timezone-aware datetimes here; the CSV writer renders them as ISO 8601 UTC text.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pyarrow as pa

EVENT_COLUMNS: Final = (
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
EVIDENCE_COLUMNS: Final = ("event_id", "person", "behaviour", "weight", "rule", "reason", "created_at", "url")
FOOTPRINT_COLUMNS: Final = ("person", "team", "behaviour", "period", "evidence_count", "weight_sum")
#: ``mapped`` is false for raw identities seen in the events but not in ``[[people]]``.
PEOPLE_COLUMNS: Final = ("person", "name", "team", "level", "mapped")

_TIME = pa.timestamp("us", tz="UTC")
_TEXT = pa.string()

EVENT_SCHEMA: Final = pa.schema([(name, _TIME if name == "created_at" else _TEXT) for name in EVENT_COLUMNS])
EVENT_TEXT_SCHEMA: Final = EVENT_SCHEMA.append(pa.field("text", _TEXT))
EVIDENCE_SCHEMA: Final = pa.schema(
    [
        (name, _TIME if name == "created_at" else pa.float64() if name == "weight" else _TEXT)
        for name in EVIDENCE_COLUMNS
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
PEOPLE_SCHEMA: Final = pa.schema(
    [("person", _TEXT), ("name", _TEXT), ("team", _TEXT), ("level", pa.int64()), ("mapped", pa.bool_())]
)


def _text(values: pd.Series) -> pd.Series:
    """A nullable string column (None for missing), whatever dtype it came in."""
    return values.astype(object).where(values.notna(), None)


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True).astype("datetime64[us, UTC]")


def _ordered(times: pd.Series, ids: pd.Series) -> bool:
    """Whether rows are already sorted by (time, id), checked in a few vectorised passes."""
    if len(times) < 2:
        return True
    t, e = times.to_numpy(), ids.to_numpy(dtype=object)
    later, same = t[1:] > t[:-1], t[1:] == t[:-1]
    return bool((later | (same & (e[1:] > e[:-1]))).all())


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
    if _ordered(frame["created_at"], frame["event_id"]):  # the store's order, kept by metrics
        return frame
    return frame.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)


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
        }
    )
    order = ["created_at", "event_id", "person", "behaviour", "rule"]
    return frame.sort_values(order, kind="stable", ignore_index=True)


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
    order = ["person", "behaviour", "period", "team"]
    return frame.sort_values(order, kind="stable", na_position="first", ignore_index=True)


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
