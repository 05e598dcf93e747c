"""The one envelope every signal travels in (DESIGN §5).

Collectors and the demo generator only ever produce :class:`Event` objects, built by the functions in
:mod:`collectors.normalise`; the store persists them; metrics read them back as a DataFrame with the
same columns. Downstream code never needs to know which API an event came from. The sources and the
kinds each writes (with the schema of its ``attrs``) are declared in :mod:`collectors.sources`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from .sources import source_named

#: Column order of the events table and of every events DataFrame.
COLUMNS: Final = (
    "event_id",
    "source",
    "kind",
    "actor",
    "target",
    "container",
    "item",
    "created_at",
    "url",
    "text",
    "attrs",
)

GHOST: Final = "github:ghost"


def utc(value: datetime | str) -> datetime:
    """Parse an API timestamp (ISO 8601, ``Z`` or offset, Jira's ``+0000``) into an aware UTC datetime."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        elif len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
            text = f"{text[:-2]}:{text[-2:]}"  # Jira writes +0000
        value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Event:
    """One act by one identity, as stored in the ``events`` table.

    ``event_id`` is source-scoped and stable (``github:review:1234``), so writing the same act twice
    updates one row. ``actor``/``target`` are raw identities (``github:<login>``, ``jira:<id>``), never
    person ids: identity mapping happens in metrics, so editing ``[[people]]`` never needs a re-fetch.
    """

    event_id: str
    source: str
    kind: str
    actor: str | None
    target: str | None
    container: str
    item: str
    created_at: datetime
    url: str
    text: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        source = source_named(self.source)
        if source is None:
            raise ValueError(f"unknown source {self.source!r} for {self.event_id}")
        if all(kind.name != self.kind for kind in source.kinds):
            raise ValueError(f"unknown kind {self.kind!r} of source {self.source!r} for {self.event_id}")
        if not self.event_id.startswith(f"{self.source}:"):
            raise ValueError(f"event_id {self.event_id!r} is not scoped by its source {self.source!r}")
        if self.created_at.tzinfo is None:
            raise ValueError(f"created_at of {self.event_id} has no time zone")

    def as_row(self, *, redact_text: bool = False) -> dict[str, Any]:
        """The store row; ``attrs`` as canonical JSON so identical payloads give identical rows."""
        return {
            "event_id": self.event_id,
            "source": self.source,
            "kind": self.kind,
            "actor": self.actor,
            "target": self.target,
            "container": self.container,
            "item": self.item,
            "created_at": self.created_at.astimezone(UTC),
            "url": self.url,
            "text": None if redact_text else self.text,
            "attrs": json.dumps(self.attrs, sort_keys=True, default=str),
        }
