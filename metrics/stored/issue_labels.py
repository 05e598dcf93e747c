"""Writing and reading each label of each issue (``issue_labels``,
:data:`collectors.store.derived_schema.issue_labels`, store version 15): what a team's recurring problems
are counted from (:func:`metrics.stored.opportunity_slice.team_recurring`).

A row (:func:`metrics.opportunities.recurring.issue_labels`) is read from one issue opening alone: its
labels and the team owning its repository or project. So the compute writes an item's rows from the
rule context it has just built for it, and an incremental compute deletes the changed items' rows and
inserts the recomputed ones: the table always equals the issue labels of every stored event, which
``tests/stored/helpers.py`` checks after every compute it runs. A page then reads a team's labels of a
window by ``ix_issue_labels_team_created_at`` instead of reading and decoding the team's openings.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from collectors.events import utc
from collectors.store.derived_schema import ISSUE_LABEL_TYPES, issue_labels

from ..opportunities.base import OpportunityContext
from ..opportunities.recurring import issue_labels as labels_of
from ..prepare import RuleContext
from .context_table import ContextTable

#: An end after every opening: the stored labels are all of them, a page keeps its window's.
_NO_END = datetime(9999, 1, 1, tzinfo=UTC)
#: :func:`~metrics.opportunities.recurring.issue_labels`' order where it matters: openings in time order
#: (then by item and event, as the events are), each issue's labels in their order.
_ORDER = ("created_at", "item", "event_id", "position")


def label_rows(ctx: RuleContext) -> pd.DataFrame:
    """The labels of every issue opening in ``ctx``, columns as stored."""
    found = labels_of(OpportunityContext.of(ctx, _NO_END))
    return found[list(ISSUE_LABEL_TYPES)].reset_index(drop=True)


#: The stored table; its text columns handed back as Python objects, as :func:`label_rows` makes them.
LABELS = ContextTable(issue_labels, label_rows, ("event_id", "item", "team", "label", "url"))


def _of_team(team: str, since: datetime | None, until: datetime) -> sa.ColumnElement[bool]:
    table = issue_labels
    where = sa.and_(table.c.team == team, table.c.created_at < utc(until))
    return where if since is None else sa.and_(where, table.c.created_at >= utc(since))


def team_labels(conn: sa.Connection, team: str, since: datetime | None, until: datetime) -> pd.DataFrame:
    """The stored labels of ``team``'s issues created in ``[since, until)`` (``since`` None: from the
    first), in the order recurring problems read them."""
    return LABELS.read(conn, _of_team(team, since, until), _ORDER)


def team_issues(team: str, since: datetime | None, until: datetime) -> sa.Select[tuple[str]]:
    """A subquery of the items of ``team``'s labelled issues created in ``[since, until)``."""
    return sa.select(issue_labels.c.item).where(_of_team(team, since, until))


def every_label(conn: sa.Connection) -> pd.DataFrame:
    """Every stored label (for the tests' comparisons with a computation over every event)."""
    return LABELS.read(conn, sa.true(), _ORDER)


__all__ = ["LABELS", "every_label", "label_rows", "team_issues", "team_labels"]
