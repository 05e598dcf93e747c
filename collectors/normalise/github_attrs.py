"""The ``attrs`` of the GitHub kinds, as :mod:`collectors.normalise.github` writes them (DESIGN §5)."""

from __future__ import annotations

from datetime import datetime

from ..kinds import Attrs, Kind


class OpenedAttrs(Attrs):
    """An opened pull request, issue or GitHub retro: the item's state when last synced."""

    number: int | None = None
    title: str | None = None
    state: str | None = None  # OPEN | CLOSED | MERGED
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    labels: list[str] | None = None


class PullRequestAttrs(OpenedAttrs):
    draft: bool | None = None
    merged_at: datetime | None = None
    merged_by: str | None = None  # raw identity
    paths: list[str] | None = None  # changed files
    additions: int | None = None
    deletions: int | None = None


class IssueAttrs(OpenedAttrs):
    """An issue that is not a pull request."""


class ReviewAttrs(Attrs):
    state: str | None = None  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED
    pr_number: int | None = None


class ReviewCommentAttrs(Attrs):
    """An inline comment on a diff, replies included."""

    path: str | None = None
    thread_id: str | None = None
    in_reply_to: str | None = None  # event id of the comment replied to
    review_id: str | None = None  # event id of the review it belongs to
    pr_number: int | None = None


class CommentAttrs(Attrs):
    """A conversation comment on a pull request or an issue."""

    on: str | None = None  # pull_request | issue
    number: int | None = None


PULL_REQUEST = Kind("pull_request", PullRequestAttrs)
REVIEW = Kind("review", ReviewAttrs)
REVIEW_COMMENT = Kind("review_comment", ReviewCommentAttrs)
COMMENT = Kind("comment", CommentAttrs)
ISSUE = Kind("issue", IssueAttrs)
