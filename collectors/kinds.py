"""What an event kind is: a name and the typed schema of its ``attrs`` (DESIGN §5).

Each kind's :class:`Attrs` struct is declared beside the normaliser that writes it
(``collectors/normalise/*_attrs.py``) and registered by the sources that produce it
(:mod:`collectors.sources`). The store checks every event's attrs against it on write
(:meth:`Kind.check`); metrics and the dashboard decode stored attrs with it (:meth:`Kind.decode`),
field by field. Every field is optional: events written before a field existed, and events made by
hand in tests, simply lack it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:  # imported where frames are decoded: loading a config (every command) needs neither
    import pandas as pd


class Attrs(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every kind's attrs struct: a key the struct does not declare is an error."""


def merged_attrs(name: str, *structs: type[Attrs]) -> type[Attrs]:
    """One struct with every field of ``structs`` (for a kind two sources write differently, e.g. a
    retro note keeps the attrs of the GitHub or Jira issue it was written in). A field declared by
    several must have the same type in each."""
    fields: dict[str, tuple[str, Any, Any]] = {}
    for struct in structs:
        for info in msgspec.structs.fields(struct):
            known = fields.get(info.encode_name)
            if known is not None and known[1] != info.type:
                raise TypeError(
                    f"{name}: field {info.encode_name!r} has two types: {known[1]} and {info.type}"
                )
            default = msgspec.field(default=info.default, name=info.encode_name)
            fields[info.encode_name] = (info.name, info.type, default)
    return msgspec.defstruct(name, list(fields.values()), bases=(Attrs,))


def _json_array(values: pd.Series) -> bytes:
    """One JSON array of the objects in ``values`` (missing or empty: ``{}``), joined in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = pa.array(values, from_pandas=True)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    arrow = arrow.cast(pa.large_string()) if len(arrow) else pa.array([], type=pa.large_string())
    arrow = pc.if_else(pc.equal(pc.fill_null(arrow, ""), ""), "{}", arrow)
    listed = pa.LargeListArray.from_arrays(pa.array([0, len(arrow)], type=pa.int64()), arrow)
    joined = pc.binary_join(listed, pa.scalar(",", pa.large_string()))[0].as_buffer()
    return b"[" + (joined.to_pybytes() if joined is not None else b"") + b"]"


@cache
def _projection(struct: type[Attrs], fields: tuple[str, ...]) -> type[msgspec.Struct]:
    """A struct of only ``fields`` of ``struct`` (same types, missing = None) that ignores the other
    keys: decoding it builds nothing for them, which keeps a million rows fast (bench_metrics.py)."""
    declared = {info.encode_name: info for info in msgspec.structs.fields(struct)}
    unknown = [field for field in fields if field not in declared]
    if unknown:
        known = ", ".join(sorted(declared))
        raise KeyError(f"{struct.__name__} has no field {', '.join(map(repr, unknown))}; it has: {known}")
    # positional names (f0, f1, ...) renamed to the keys: keys such as "from" are not identifiers
    spec = [(f"f{i}", declared[field].type | None, None) for i, field in enumerate(fields)]
    rename = {f"f{i}": field for i, field in enumerate(fields)}
    return msgspec.defstruct(f"{struct.__name__}Fields", spec, rename=rename)


@dataclass(frozen=True)
class Kind:
    """An event kind: its name (``events.kind``) and the struct its ``attrs`` follow."""

    name: str
    attrs: type[Attrs]

    def check(self, attrs: Mapping[str, Any]) -> None:
        """``ValueError`` naming the key when ``attrs`` do not follow this kind's struct."""
        try:
            msgspec.convert(attrs, self.attrs, strict=True)
        except msgspec.ValidationError as exc:
            raise ValueError(f"attrs of a {self.name} event: {exc}") from None

    def decode(self, values: pd.Series, fields: Sequence[str]) -> pd.DataFrame:
        """The ``fields`` of the canonical JSON attrs in ``values`` (events of this kind), one column
        each, same index: typed as the struct declares (timestamps as datetimes), a missing key or
        null as None, and a field no row has a value for as an all-NaN column."""
        import numpy as np
        import pandas as pd

        names = tuple(dict.fromkeys(fields))
        projection = _projection(self.attrs, names)
        try:
            records = msgspec.json.decode(_json_array(values), type=list[projection])
        except msgspec.ValidationError as exc:
            raise ValueError(f"stored attrs of {self.name} events: {exc}") from None
        out = {}
        for i, field in enumerate(names):
            column = list(map(attrgetter(f"f{i}"), records))
            if column.count(None) == len(column):
                out[field] = pd.Series(np.nan, index=values.index, dtype=float)
            else:
                out[field] = pd.Series(column, index=values.index)
        return pd.DataFrame(out, index=values.index)
