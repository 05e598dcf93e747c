"""The ``attrs`` of the retrospective kinds, which the GitHub and the Jira normaliser both write."""

from __future__ import annotations

import msgspec

from ..kinds import Attrs, Kind, merged_attrs
from .github_attrs import IssueAttrs
from .jira_attrs import JiraIssueAttrs

#: The retro itself keeps the attrs of the issue it was written in: a GitHub issue's or a Jira issue's.
RetroNoteAttrs = merged_attrs("RetroNoteAttrs", IssueAttrs, JiraIssueAttrs)


class RetroItemAttrs(Attrs):
    """A point raised in a retro."""

    retro: str | None = None  # event id of the retro note
    from_: str | None = msgspec.field(default=None, name="from")  # body | comment
    key: str | None = None  # Jira retros: the issue key


class RetroActionAttrs(RetroItemAttrs):
    """An action item of a retro."""

    owner: str | None = None  # raw identity of who it is assigned to
    done: bool | None = None


RETRO_NOTE = Kind("retro_note", RetroNoteAttrs)
RETRO_ITEM = Kind("retro_item", RetroItemAttrs)
RETRO_ACTION = Kind("retro_action", RetroActionAttrs)
