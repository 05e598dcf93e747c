"""Connections of the fake's GraphQL API, paged by GitHub's rules.

``first``/``last`` are required and at most 100; cursors are opaque (base64) and a bad one is refused
with ``INVALID_CURSOR_ARGUMENTS``; ``orderBy``, ``filterBy: {since}`` and ``states`` filter and sort;
``totalCount``, ``nodes``, ``edges`` and ``pageInfo`` come back as GitHub shapes them.
"""

from __future__ import annotations

import base64
from typing import Any

from graphql import GraphQLError

MAX_PAGE = 100
_CURSOR_PREFIX = "cursor:v2:"


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, field: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if text.startswith(_CURSOR_PREFIX):
            return int(text[len(_CURSOR_PREFIX) :])
    except (ValueError, UnicodeDecodeError):
        pass
    raise GraphQLError(
        f"`{cursor}` does not appear to be a valid cursor.", extensions={"type": "INVALID_CURSOR_ARGUMENTS"}
    )


_ORDER_KEYS = {"UPDATED_AT": "updatedAt", "CREATED_AT": "createdAt", "NAME": "name"}


def paginate(items: list[dict[str, Any]], args: dict[str, Any], field: str) -> dict[str, Any]:
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{field}` connection.",
            extensions={"type": "MISSING_PAGINATION_BOUNDARIES"},
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and (value < 0 or value > MAX_PAGE):
            raise GraphQLError(
                f"Requesting {value} records on the `{field}` connection exceeds the `{name}` limit of "
                f"{MAX_PAGE} records.",
                extensions={"type": "EXCESSIVE_PAGINATION"},
            )
    selected = [item for item in items if not item.get("_hidden")]
    since = (args.get("filterBy") or {}).get("since")
    if since:
        selected = [item for item in selected if item["updatedAt"] >= since]
    if args.get("states"):
        selected = [item for item in selected if item.get("state") in args["states"]]
    order = args.get("orderBy")
    if order:
        key = _ORDER_KEYS.get(order["field"], "createdAt")
        selected = sorted(
            selected,
            key=lambda i: (i.get(key) or "", i.get("databaseId") or 0),
            reverse=order.get("direction") == "DESC",
        )
    start = decode_cursor(args["after"], field) + 1 if args.get("after") else 0
    end = len(selected) if not args.get("before") else decode_cursor(args["before"], field)
    window = list(range(start, min(end, len(selected))))
    if first is not None:
        window = window[:first]
    if last is not None:
        window = window[-last:] if last else []
    nodes = [selected[i] for i in window]
    return {
        "totalCount": len(selected),
        "nodes": nodes,
        "edges": [{"cursor": encode_cursor(i), "node": selected[i]} for i in window],
        "pageInfo": {
            "hasNextPage": bool(window) and window[-1] < min(end, len(selected)) - 1,
            "hasPreviousPage": bool(window) and window[0] > 0,
            "startCursor": encode_cursor(window[0]) if window else None,
            "endCursor": encode_cursor(window[-1]) if window else None,
        },
    }
