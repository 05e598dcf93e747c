"""The Jira source: ``[jira]``, the kinds it writes, its collector (see :mod:`collectors.sources`)."""

from __future__ import annotations

from ..normalise.jira_attrs import JIRA_COMMENT, JIRA_ISSUE, JIRA_STATUS_CHANGE
from ..normalise.retro_attrs import RETRO_ACTION, RETRO_ITEM, RETRO_NOTE
from ..sources import Source, register_source
from .section import JiraConfig

JIRA = register_source(
    Source(
        name="jira",
        section=JiraConfig,
        kinds=(JIRA_ISSUE, JIRA_COMMENT, JIRA_STATUS_CHANGE, RETRO_NOTE, RETRO_ITEM, RETRO_ACTION),
        collector="collectors.jira.collector:JiraCollector",
    )
)
