"""Issues (plain ones and retrospectives): the stream spec for :class:`Stream`."""

from __future__ import annotations

from typing import Any

from ..events import Event
from ..normalise.github import issue_events
from .queries import ISSUE_VARIABLES, issues_query
from .stream import StreamSpec


def issues_spec(retro_label: str) -> StreamSpec:
    """Issues filtered server-side by ``since``; those labelled ``retro_label`` become retro events."""

    def to_events(repo: str, issue: dict[str, Any]) -> list[Event]:
        return issue_events(repo, issue, retro_label=retro_label)

    return StreamSpec(
        name="issues",
        connection="issues",
        typename="Issue",
        query=issues_query,
        nested_variables=ISSUE_VARIABLES,
        server_side_since=True,
        to_events=to_events,
    )
