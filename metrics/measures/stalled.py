"""Stalled work as of a moment: open work nobody has answered, and Jira issues stuck in a blocked status.

One definition for the Team page, the report and the packet, and the base of the ``waiting_review``
and ``stuck_blocked`` opportunities: everything is replayed as of ``as_of`` (exclusive) from the
measures' frames, never read from today's state, so acts after ``as_of`` are ignored.
"""

from __future__ import annotations

import pandas as pd

from .base import measure

STALLED_COLUMNS = (
    "item",
    "kind",
    "why",
    "since",
    "waiting_days",
    "url",
    "container",
    "owner_team",
    "author_team",
)


def _utc(moment: pd.Timestamp) -> pd.Timestamp:
    moment = pd.Timestamp(moment)
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def waiting_at(responses: pd.DataFrame, as_of: pd.Timestamp, wait_hours: float) -> pd.DataFrame:
    """The rows of :func:`~.first_response.first_responses` (every column kept) still waiting for a
    first response as of ``as_of`` (exclusive): open then (merged or closed at or after it counts as
    open), not a draft, opened at least ``wait_hours`` before it, not answered before it. The one
    definition behind stalled work and the ``waiting_review`` opportunity."""
    as_of = _utc(as_of)
    closed_at = responses["closed_at"]
    open_then = (closed_at >= as_of) | closed_at.isna() & ~responses["closed"].astype(bool)
    unanswered = responses["responded_at"].isna() | (responses["responded_at"] >= as_of)
    waited = responses["opened_at"] <= as_of - pd.Timedelta(hours=wait_hours)
    return responses[open_then & unanswered & waited & ~responses["draft"].astype(bool)]


def stuck_at(stays: pd.DataFrame, as_of: pd.Timestamp, blocked_days: float) -> pd.DataFrame:
    """The rows of :func:`~.blocked.blocked_stays` (every column kept) that as of ``as_of``
    (exclusive) had lasted at least ``blocked_days`` and had not ended (a change at or after ``as_of``
    is not seen). The one definition behind stalled work and the ``stuck_blocked`` opportunity."""
    as_of = _utc(as_of)
    ended = stays["ended_at"]
    lasted = stays["began_at"] <= as_of - pd.Timedelta(days=blocked_days)
    return stays[lasted & (ended.isna() | (ended >= as_of))]


@measure(
    "stalled_work",
    label="Stalled work",
    description="Open work that nobody has answered, and Jira issues stuck in a blocked status, at the "
    "end of the period.",
    how="As of the period's end (exclusive): a pull request or GitHub issue still open then (merged or "
    "closed at the end or later counts as open), not a draft, not opened by a bot, opened at least "
    "behaviours.unblock_wait_hours before the end, with no response before the end from a person other "
    "than its author (see Time to first response); and a Jira issue that at the end had been in one "
    "blocked stay (see Blocked stays) for at least behaviours.unblock_window_days. Thresholds are "
    "inclusive.",
)
def stalled_work(
    responses: pd.DataFrame,
    stays: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    wait_hours: float,
    blocked_days: float,
) -> pd.DataFrame:
    """Rows :data:`STALLED_COLUMNS`, longest waits first. ``responses`` is :func:`first_responses`,
    ``stays`` :func:`blocked_stays` (either as computed or as :class:`~metrics.engine.Metrics` keeps
    them)."""
    as_of = _utc(as_of)
    waiting = waiting_at(responses, as_of, wait_hours)
    rows = [
        pd.DataFrame(
            {
                "item": waiting["item"],
                "kind": waiting["kind"],
                "why": "no response yet",
                "since": waiting["opened_at"],
                "url": waiting["url"],
                "container": waiting["container"],
                "owner_team": waiting["owner_team"],
                "author_team": waiting["author_team"],
            }
        )
    ]
    if len(stays):
        stuck = stuck_at(stays, as_of, blocked_days)
        rows.append(
            pd.DataFrame(
                {
                    "item": stuck["item"],
                    "kind": "jira_issue",
                    "why": "in " + stuck["status"].astype(str),
                    "since": stuck["began_at"],
                    "url": stuck["url"],
                    "container": stuck["container"],
                    "owner_team": stuck["owner_team"],
                    "author_team": None,
                }
            )
        )
    frame = pd.concat([row for row in rows if len(row)] or [rows[0]], ignore_index=True)
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    frame["waiting_days"] = ((as_of - frame["since"]).dt.total_seconds() / 86400).round(1)
    return frame.sort_values(["since", "item"], kind="stable")[list(STALLED_COLUMNS)].reset_index(drop=True)
