"""A tiny extra source, declared in this one file exactly as ``collectors/<name>/source.py`` does.

``[tiny]`` names a loopback notes service and its boards; the collector reads ``GET /boards/<b>/notes``
with the token from ``token_env`` and writes one ``tiny_note`` event per note, a board per scope.
Importing this module registers it; nothing else in the program is told about it.
"""

from __future__ import annotations

import json
import urllib.request
from typing import ClassVar

from pydantic import Field

from collectors.base import Collector
from collectors.config import SourceSection
from collectors.events import Event, utc
from collectors.kinds import Attrs, Kind
from collectors.sources import Source, register_source


class TinyConfig(SourceSection):
    scope_hint = "url and boards"

    url: str = "http://127.0.0.1"
    token_env: str = "TINY_TOKEN"
    boards: list[str] = Field(default_factory=list)

    def has_scopes(self) -> bool:
        return bool(self.boards)


class NoteAttrs(Attrs):
    pinned: bool | None = None


class TinyCollector(Collector[TinyConfig]):
    source: ClassVar[str] = "tiny"

    def sync(self) -> None:
        section = self.section
        assert section is not None
        token = self.config.require_token("tiny")
        for board in section.boards:
            request = urllib.request.Request(
                f"{section.url}/boards/{board}/notes", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                notes = json.load(response)
            self.run.count_request()
            events = [
                Event(
                    event_id=f"tiny:note:{note['id']}",
                    source="tiny",
                    kind="tiny_note",
                    actor=f"tiny:{note['by']}",
                    target=None,
                    container=board,
                    item=f"{board}/{note['id']}",
                    created_at=utc(note["at"]),
                    url=f"{section.url}/notes/{note['id']}",
                    text=note["text"],
                    attrs={"pinned": note["pinned"]},
                )
                for note in notes
            ]
            self.run.save(events, scope=board, state={"notes": len(notes)})


TINY = register_source(
    Source(
        name="tiny",
        section=TinyConfig,
        kinds=(Kind("tiny_note", NoteAttrs),),
        collector=f"{__name__}:TinyCollector",
    )
)
