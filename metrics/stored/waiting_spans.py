"""Writing and reading when each waiting opportunity holds (``waiting_spans``,
:data:`collectors.store.derived_schema.waiting_spans`, store version 13): what a team's waiting work at a
window's end is read from (:func:`metrics.stored.opportunity_slice.team_waiting`).

A span (:func:`metrics.opportunities.spans.waiting_spans`) is read from its own item's events, whatever
the window or viewer. So the compute writes an item's spans from the rule context it has just built for
it (whole items, a range at a time in a full compute), and an incremental compute deletes the changed
items' rows and inserts the recomputed ones: the table always equals the spans of every stored event,
which ``tests/stored/helpers.py`` checks after every compute it runs. A page then reads the spans of a
team that hold at a window's end by index (``ix_waiting_spans_team_holds_through``, the few spans that
last until the end or still hold, as most waits are short, or ``ix_waiting_spans_team_holds_from``,
as the planner judges) and keeps its members' rows
(:func:`metrics.opportunities.spans.held_opportunities`) instead of replaying the team's open items.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.events import utc
from collectors.store.derived_schema import WAITING_SPAN_TYPES, waiting_spans

from ..opportunities.spans import waiting_spans as spans_of
from ..prepare import RuleContext
from .context_table import ContextTable


def span_rows(ctx: RuleContext) -> pd.DataFrame:
    """The spans of every item in ``ctx`` (whole items), columns as stored."""
    return spans_of(ctx)[list(WAITING_SPAN_TYPES)]


#: The stored table; its text columns handed back as Python objects as
#: :func:`~metrics.opportunities.spans.waiting_spans` makes them (read back, they are Arrow-backed).
SPANS = ContextTable(
    waiting_spans, span_rows, ("kind", "item", "event_id", "team", "url", "named", "other", "status")
)


def team_holding(conn: sa.Connection, team: str, until: datetime) -> pd.DataFrame:
    """The spans of ``team`` that hold at ``until``, columns as stored."""
    table, end = waiting_spans, utc(until)
    return SPANS.read(
        conn,
        sa.and_(
            table.c.team == team,
            table.c.holds_from <= end,
            sa.or_(table.c.holds_through.is_(None), table.c.holds_through >= end),
        ),
    )


def every_span(conn: sa.Connection) -> pd.DataFrame:
    """Every stored span (for the tests' comparisons with a computation over every event)."""
    return SPANS.read(conn, sa.true())
