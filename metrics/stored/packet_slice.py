"""What the promotion packet reads of a person's work (:func:`~.person_slice.person_slice` with
``packet=True``): instead of every event of every item the person touched, the stored rows that answer
its questions, by index.

- The strongest acts it quotes per behaviour, with their items' titles: the quoting slice
  (:mod:`.quoting_slice`), whose lists the packet shows as they are.
- Whose work each act was on (collaborators helped), the reviews given and received (review load) and
  the acts on other teams' work (cross-team flows): the person's stored ``acts`` of the window, the ones
  they made (``ix_acts_actor_created_at``) and the reviews of their work
  (``ix_acts_target_kind_created_at``). The measures count rows of ``acts`` exactly as they count
  events (:data:`~metrics.measures.base.ACT_COUNT` aside), and these are every act of the window those
  measures read of the person.
- The first responses they gave: the stored ``first_responses`` answered in the window by one of those
  acts (``ix_first_responses_response_event_id``).

The slice's :class:`~metrics.engine.Metrics` then hold those acts as ``events`` (who acted on whose work,
when, where: no text) and those first responses as the measures; the packet built from it equals the
one built from every event (tested).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from collectors.config import Config
from collectors.store import derived_schema as ds

from ..engine import MeasureFrames, Metrics, without_excluded
from ..identities import Identities
from .slice_parts import chunks, within
from .team_tables import read_rows

#: The kinds of the acts on the person's work the packet counts (the reviews their work received).
RECEIVED_KINDS = ("review",)
#: The columns of ``acts`` the packet reads: who acted on whose work, when, where, and whether either
#: is a bot (the measures' and the collaborators' inputs).
ACT_COLUMNS = (
    "event_id", "created_at", "kind", "container", "actor", "target", "actor_person", "actor_team",
    "target_person", "target_team", "is_bot", "target_is_bot",
)  # fmt: skip


def _acts_by(raws: list[str], since: datetime, until: datetime) -> sa.ColumnElement[bool]:
    table = ds.acts
    return sa.and_(table.c.actor.in_(raws), within(table.c.created_at, since, until))


def person_acts(conn: sa.Connection, raws: Collection[str], since: datetime, until: datetime) -> pd.DataFrame:
    """The stored acts of ``[since, until)`` made by one of ``raws`` (a person's identities) or
    reviewing their work (columns :data:`ACT_COLUMNS`), in time order (then by event id)."""
    table = ds.acts
    parts = []
    for chunk in chunks(raws):
        parts.append(read_rows(conn, table, _acts_by(chunk, since, until), ACT_COLUMNS, committed=True))
        received = sa.and_(
            table.c.target.in_(chunk),
            table.c.kind.in_(RECEIVED_KINDS),
            within(table.c.created_at, since, until),
        )
        parts.append(read_rows(conn, table, received, ACT_COLUMNS, committed=True))
    acts = pd.concat(parts, ignore_index=True) if parts else read_rows(conn, table, sa.false(), ACT_COLUMNS)
    acts = acts.drop_duplicates("event_id")
    return acts.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)


def responses_given(
    conn: sa.Connection, raws: Collection[str], since: datetime, until: datetime
) -> pd.DataFrame:
    """The stored first responses of ``[since, until)`` that an act of one of ``raws`` gave, by item."""
    table = ds.first_responses
    parts = []
    for chunk in chunks(raws):
        theirs = sa.select(ds.acts.c.event_id).where(_acts_by(chunk, since, until))
        given = table.c.response_event_id.in_(theirs)
        if conn.dialect.name == "postgresql":
            # their acts gathered into one array first, then looked up by index
            # (ix_first_responses_response_event_id): for ``IN (subquery)`` PostgreSQL hashes the acts
            # and scans every first response of the window (5M, two months: 55 → 18 ms)
            acts = sa.select(sa.func.array_agg(ds.acts.c.event_id)).where(_acts_by(chunk, since, until))
            ids = sa.cast(acts.scalar_subquery(), ARRAY(sa.String))  # an array, not ANY (subquery)
            given = table.c.response_event_id == sa.any_(ids)
        where = sa.and_(within(table.c.responded_at, since, until), given)
        parts.append(read_rows(conn, table, where, committed=True))
    responses = pd.concat(parts, ignore_index=True) if parts else read_rows(conn, table, sa.false())
    return responses.sort_values(["item"], kind="stable", ignore_index=True)


def packet_metrics(
    conn: sa.Connection,
    config: Config,
    quoting: Metrics,
    raws: Collection[str],
    since: datetime,
    until: datetime,
) -> Metrics:
    """``quoting`` (the quoting slice's metrics) with the person's acts of the window as its events,
    as :class:`~metrics.engine.Metrics` shows events (excluded people's acts left out, their work
    unnamed), the first responses they gave as its measures (see the module), and the unmapped people
    those acts name among its people (a collaborator helped can be someone outside ``[[people]]``)."""
    stays = quoting.measures.blocked_stays
    measures = MeasureFrames(responses_given(conn, raws, since, until), stays.iloc[0:0])
    acts = person_acts(conn, raws, since, until)
    identities = Identities(config)
    named = set(quoting.unmapped["identity"]) | set(identities.unmapped(acts)["identity"])
    return dataclasses.replace(
        quoting,
        events=without_excluded(acts, identities.excluded),
        measures=measures,
        people=identities.people_frame(named),
    )


__all__ = ["ACT_COLUMNS", "RECEIVED_KINDS", "packet_metrics", "person_acts", "responses_given"]
