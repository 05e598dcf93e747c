"""Everything an AppTest run sent to the browser, as bytes, to search for what must not be there."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest


def _walk(node: Any, out: list[bytes]) -> None:
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        out.append(proto.SerializeToString())
    for child in getattr(node, "children", {}).values():
        _walk(child, out)


def rendered(at: AppTest) -> bytes:
    """The serialised protos of every element and block of the last run: text, widget options, the
    Arrow bytes of every table and chart dataset."""
    out: list[bytes] = []
    _walk(at._tree, out)
    return b"\n".join(out)


def shown_names(at: AppTest, names: dict[str, str]) -> set[str]:
    """The keys of ``names`` (person id -> display name) whose display name appears anywhere."""
    page = rendered(at)
    return {person for person, name in names.items() if name.encode("utf-8") in page}
