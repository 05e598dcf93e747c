"""What every normaliser shares about the payloads it reads: what makes one unusable."""

from __future__ import annotations

from typing import Any


class MalformedPayload(ValueError):
    """A payload lacks what identifies it; the collector reports it and skips the item."""


def require(node: dict[str, Any], *keys: str, what: str) -> None:
    """:class:`MalformedPayload` naming ``what`` and the ``keys`` of ``node`` that are missing or empty."""
    missing = [key for key in keys if node.get(key) in (None, "")]
    if missing:
        raise MalformedPayload(f"{what} without {', '.join(missing)}")
