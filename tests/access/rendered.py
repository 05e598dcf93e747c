"""Everything an AppTest run sent to the browser, as bytes, to search for what must not be there."""

from __future__ import annotations

import hashlib
from typing import Any

import pyarrow as pa
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest


def _walk(node: Any, out: list[Message]) -> None:
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        out.append(proto)
    for child in getattr(node, "children", {}).values():
        _walk(child, out)


def _protos(at: AppTest) -> list[Message]:
    out: list[Message] = []
    _walk(at._tree, out)
    return out


def rendered(at: AppTest) -> bytes:
    """The serialised protos of every element and block of the last run: text, widget options, the
    Arrow bytes of every table and chart dataset."""
    return b"\n".join(proto.SerializeToString() for proto in _protos(at))


def _one_chunk(arrow: bytes) -> bytes:
    """The Arrow IPC stream ``arrow`` with every column in a single chunk: the same table, the same
    bytes however the frame it came from happened to be laid out in memory."""
    table = pa.ipc.open_stream(arrow).read_all().combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _canonical(proto: Message) -> Message:
    """A copy of ``proto`` whose Arrow payloads are re-laid out (:func:`_one_chunk`).

    A frame fresh from ``pd.concat`` has columns in several Arrow chunks, the same frame out of the
    ``st.cache_data`` pickle has one; the chunks change the bytes, and Streamlit names a chart's
    dataset (and keys a selectable chart's id) by a hash of those bytes. So datasets are renamed by
    the hash of their canonical bytes and a chart id, which hashes the same spec and data, is left
    out; everything else — text, options, spec, the data itself — is compared as sent."""
    copy = type(proto)()
    copy.CopyFrom(proto)
    _fix(copy)
    return copy


def _fix(message: Message) -> dict[str, str]:
    """Re-lay out the Arrow payloads under ``message`` in place; return the datasets renamed."""
    renamed: dict[str, str] = {}
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if isinstance(value, Message):
            items = [value]
        else:  # a repeated field, or a map
            items = list(value.values()) if hasattr(value, "keys") else list(value)
        for item in items:
            if not isinstance(item, Message):
                continue  # a map's scalar values
            if item.DESCRIPTOR.full_name == "ArrowData" and item.data:
                item.data = _one_chunk(item.data)
            elif item.DESCRIPTOR.full_name == "ArrowNamedDataSet" and item.data.data:
                item.data.data = _one_chunk(item.data.data)
                name = f"canonical-{hashlib.sha1(item.data.data).hexdigest()}"
                renamed[item.name], item.name = name, name
            else:
                renamed |= _fix(item)
    if message.DESCRIPTOR.full_name == "VegaLiteChart":
        for old, new in renamed.items():
            message.spec = message.spec.replace(old, new)
        message.ClearField("id")
    return renamed


def canonical(at: AppTest) -> bytes:
    """:func:`rendered` with every Arrow payload in one layout: equal exactly when two runs sent the
    browser the same elements with the same content."""
    return b"\n".join(_canonical(proto).SerializeToString() for proto in _protos(at))


def shown_names(at: AppTest, names: dict[str, str]) -> set[str]:
    """The keys of ``names`` (person id -> display name) whose display name appears anywhere."""
    page = rendered(at)
    return {person for person, name in names.items() if name.encode("utf-8") in page}
