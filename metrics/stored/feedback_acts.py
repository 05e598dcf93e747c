"""Writing and reading each feedback act and its kind (``feedback_acts``,
:data:`collectors.store.derived_schema.feedback_acts`, store version 14): what a person's repeated
feedback in a window is counted from (:func:`metrics.stored.opportunity_slice.person_opportunities`).

A feedback act (:func:`metrics.opportunities.feedback.feedback_acts`) is read from the act alone: its
text class, its target and what it comments on. So the compute writes an item's acts from the rule
context it has just built for it, and an incremental compute deletes the changed items' rows and
inserts the recomputed ones: the table always equals the feedback acts of every stored event, which
``tests/stored/helpers.py`` checks after every compute it runs. A page then reads a person's acts of a
window by ``ix_feedback_acts_person_created_at`` and counts them
(:func:`metrics.opportunities.feedback.feedback_opportunities`) instead of reading every review and
comment the person wrote and their text classes.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from collectors.events import utc
from collectors.store.derived_schema import FEEDBACK_ACT_TYPES, feedback_acts

from ..opportunities.base import OpportunityContext
from ..opportunities.feedback import feedback_acts as acts_of
from ..prepare import RuleContext
from .context_table import ContextTable

#: An end after every act: the stored acts are all of them, a page keeps its window's.
_NO_END = datetime(9999, 1, 1, tzinfo=UTC)
#: Time order, then event id, as the events are.
_ORDER = ("created_at", "event_id")


def act_rows(ctx: RuleContext) -> pd.DataFrame:
    """The feedback acts of every event in ``ctx``, columns as stored, in time order."""
    found = acts_of(OpportunityContext.of(ctx, _NO_END))
    return found[list(FEEDBACK_ACT_TYPES)].reset_index(drop=True)


#: The stored table; its text columns handed back as Python objects, as :func:`act_rows` makes them.
ACTS = ContextTable(feedback_acts, act_rows, ("event_id", "person", "item", "kind", "url"))


def person_acts(conn: sa.Connection, person: str, since: datetime | None, until: datetime) -> pd.DataFrame:
    """``person``'s stored feedback acts in ``[since, until)`` (``since`` None: from the first), in time
    order (then by event id, as the events are)."""
    table = feedback_acts
    where = sa.and_(table.c.person == person, table.c.created_at < utc(until))
    if since is not None:
        where = sa.and_(where, table.c.created_at >= utc(since))
    return ACTS.read(conn, where, _ORDER)


def every_act(conn: sa.Connection) -> pd.DataFrame:
    """Every stored feedback act (for the tests' comparisons with a computation over every event)."""
    return ACTS.read(conn, sa.true(), _ORDER)
