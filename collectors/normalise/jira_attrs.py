"""The ``attrs`` of the Jira kinds, as :mod:`collectors.normalise.jira` writes them (DESIGN §5)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from ..kinds import Attrs, Kind


class FlagChange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The Jira flag (impediment) set or cleared."""

    at: datetime
    by: str | None = None  # raw identity
    set: bool = False


class AssigneeChange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    at: datetime
    by: str | None = None
    from_: str | None = msgspec.field(default=None, name="from")
    to: str | None = None


class JiraIssueAttrs(Attrs):
    """A Jira issue (or a Jira retro) when last synced; flag and assignee changes live here, not as
    status changes."""

    key: str | None = None
    summary: str | None = None
    type: str | None = None
    status: str | None = None
    status_category: str | None = None  # new | indeterminate | done
    priority: str | None = None
    labels: list[str] | None = None
    assignee: str | None = None  # raw identities
    reporter: str | None = None
    due: str | None = None  # as Jira gives it
    parent: str | None = None
    epic: str | None = None
    resolved_at: datetime | None = None
    updated_at: datetime | None = None
    flagged: bool | None = None
    blocks: list[str] | None = None  # keys of the issues it blocks
    flag_changes: list[FlagChange] | None = None
    assignee_changes: list[AssigneeChange] | None = None


class JiraCommentAttrs(Attrs):
    key: str | None = None


class JiraStatusChangeAttrs(Attrs):
    """One change of the status field in the changelog."""

    key: str | None = None
    from_: str | None = msgspec.field(default=None, name="from")
    to: str | None = None


JIRA_ISSUE = Kind("jira_issue", JiraIssueAttrs)
JIRA_COMMENT = Kind("jira_comment", JiraCommentAttrs)
JIRA_STATUS_CHANGE = Kind("jira_status_change", JiraStatusChangeAttrs)
