"""One person's opportunities as of a window's end, from the few events they depend on (read by index),
never from every event: what :mod:`.person_slice` hands *My footprint*, the Promotion packet and
``footprint packet``.

:func:`metrics.opportunities.build_opportunities` is applied unchanged, to two small contexts, and
the waiting work is read from stored spans:

* **waiting work** (``waiting_review``, ``unanswered_question``, ``stuck_blocked``): not rebuilt at
  all, but read: the compute stored when each of the team's waiting opportunities holds
  (``waiting_spans``, :mod:`.waiting_spans`, store version 13), and the spans that hold at ``until``
  are kept for the team's members (:func:`metrics.opportunities.spans.held_opportunities`, equal to
  those kinds of ``build_opportunities`` over the events before ``until``).
* **repeated feedback**: not rebuilt either, but counted: the compute stored each feedback act and
  its kind (``feedback_acts``, :mod:`.feedback_acts`, store version 14: everything it reads is the
  act's own, its text class, target and ``on``), and the person's acts of the window are counted by
  :func:`metrics.opportunities.feedback.feedback_opportunities`.
* **recurring problems**: the opening events of the team's issues and Jira issues created in the
  window (only those count; their labels are in ``attrs``) and the retrospective events before
  ``until`` that mention one of them (a retro anywhere may mention an issue; the compute stored which,
  from each retro's own fields, in ``retro_mentions``: :mod:`.retro_mentions`, store version 12).

A person without a team gets the kinds that need none (repeated feedback); an excluded person, none.
The team's issue openings are found through the stored ``acts`` (``owner_team``: the team owning the
container, as the compute resolved it; ``ix_acts_owner_team_kind_created_at``, store version 8).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.events import COLUMNS, utc
from collectors.store import Store
from collectors.store import schema as store_schema
from collectors.store.derived_schema import acts
from collectors.store.read import read_frame

from ..engine import rule_context
from ..opportunities import OPPORTUNITIES, build_opportunities, empty_opportunities
from ..opportunities.feedback import feedback_opportunities
from ..opportunities.spans import held_opportunities
from ..textcache import TextClassCache
from .feedback_acts import person_acts
from .retro_mentions import mentioning_any
from .waiting_spans import team_holding

#: Items or events read per ``IN`` list.
CHUNK = 500
#: The kinds that open an item (the items :func:`metrics.opportunities.state.items_at` knows).
OPENING_KINDS = ("pull_request", "issue", "jira_issue")
#: The openings recurring problems count.
ISSUE_KINDS = ("issue", "jira_issue")
#: Kinds read from the team's stored spans; the kind read from openings and retros: the chances of a
#: team's members (a person without a team can have repeated feedback only, counted from their acts).
WAITING_KINDS = ("waiting_review", "unanswered_question", "stuck_blocked")
RECURRING_KINDS = ("recurring_problem",)


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _event_columns() -> list[sa.ColumnElement[object]]:
    return [store_schema.events.c[name] for name in COLUMNS]


def _read(conn: sa.Connection, queries: Iterator[sa.Select[tuple[object, ...]]]) -> pd.DataFrame:
    """The events the queries select, each once, in time order."""
    frames = [read_frame(conn, query) for query in queries]
    if not frames:
        frames = [read_frame(conn, sa.select(*_event_columns()).where(sa.false()))]
    events = pd.concat(frames, ignore_index=True).drop_duplicates("event_id")
    return events.sort_values(["created_at", "event_id"], kind="stable", ignore_index=True)


def _team_acts(
    team: str, until: datetime, kinds: Collection[str], since: datetime | None = None
) -> sa.ColumnElement[bool]:
    """The stored acts of ``kinds`` in ``team``'s containers before ``until`` (and from ``since``, when
    given), by ``ix_acts_owner_team_kind_created_at``."""
    where = sa.and_(acts.c.owner_team == team, acts.c.kind.in_(list(kinds)), acts.c.created_at < utc(until))
    return where if since is None else sa.and_(where, acts.c.created_at >= utc(since))


def team_openings(
    conn: sa.Connection,
    team: str,
    until: datetime,
    kinds: Collection[str] = OPENING_KINDS,
    since: datetime | None = None,
) -> pd.DataFrame:
    """The opening events (every column) of the pull requests, issues and Jira issues (``kinds``) of
    ``team``'s containers before ``until`` (and from ``since``, when given)."""
    query = (
        sa.select(*_event_columns())
        .join(acts, acts.c.event_id == store_schema.events.c.event_id)
        .where(_team_acts(team, until, kinds, since))
    )
    return _read(conn, iter([query]))


def _issue_openings(openings: pd.DataFrame) -> pd.DataFrame:
    """The openings of issues and Jira issues (what recurring problems count) among ``openings``."""
    return openings[openings["kind"].isin(list(ISSUE_KINDS)).to_numpy(dtype=bool)]


def _retros(conn: sa.Connection, team: str, since: datetime | None, until: datetime) -> pd.DataFrame:
    """The retrospective events before ``until`` that mention one of ``team``'s issues created in
    ``[since, until)``, found in the stored ``retro_mentions`` in one statement
    (:func:`.retro_mentions.mentioning_any`): every retro that can take an issue of the team out of a
    recurring problem's count."""
    issues = sa.select(acts.c.item).where(_team_acts(team, until, ISSUE_KINDS, since))
    ids = mentioning_any(conn, issues, until)
    table = store_schema.events
    return _read(
        conn,
        (
            sa.select(*_event_columns()).where(table.c.event_id.in_(chunk), table.c.created_at < utc(until))
            for chunk in _chunks(ids)
        ),
    )


def _of_kinds(ids: Collection[str]) -> list[object]:
    return [kind for kind in OPPORTUNITIES if kind.id in ids]


def _built(
    store: Store, config: Config, events: pd.DataFrame, kinds: Collection[str], since: datetime | None,
    until: datetime,
) -> pd.DataFrame:  # fmt: skip
    if events.empty or not kinds:
        return empty_opportunities()
    ctx = rule_context(events, config, TextClassCache(store, write=False, by_id=True))
    return build_opportunities(ctx, until, since, kinds=_of_kinds(kinds))  # type: ignore[arg-type]


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return empty_opportunities()
    out = pd.concat(frames, ignore_index=True)
    # who is named is a Python object, as build_opportunities makes it (a frame read back may infer str)
    out = out.astype({"named": object, "named_as": object})
    return out.sort_values(["person", "kind", "since", "item"], kind="stable", ignore_index=True)


def team_waiting(store: Store, config: Config, team: str, until: datetime) -> pd.DataFrame:
    """The waiting-work opportunities (:data:`WAITING_KINDS`) of every member of ``team`` as of
    ``until``: the team's stored spans that hold then (:mod:`.waiting_spans`), kept for its members.
    They read no window start (a wait is as of ``until``), so a caller may keep them per team and
    ``until`` whatever the period."""
    with store.engine.connect() as conn:
        spans = team_holding(conn, team, until)
    return _joined([held_opportunities(spans, until, config)])


def team_recurring(
    store: Store, config: Config, team: str, since: datetime | None, until: datetime
) -> pd.DataFrame:
    """The recurring problems (:data:`RECURRING_KINDS`) of every member of ``team`` as of ``until``
    over ``[since, until)``, from the team's issue openings in the window (only issues created in it
    count) and the stored retros before ``until`` that mention them."""
    with store.engine.connect() as conn:
        issues = _issue_openings(team_openings(conn, team, until, ISSUE_KINDS, since))
        events = pd.concat([issues, _retros(conn, team, since, until)], ignore_index=True)
    return _joined([_built(store, config, events, RECURRING_KINDS, since, until)])


def person_opportunities(
    store: Store,
    config: Config,
    person: str,
    since: datetime | None,
    until: datetime,
    *,
    team_rows: Sequence[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """``person``'s opportunities as of ``until`` over ``[since, until)`` (see the module), exactly the
    rows of ``person`` in :func:`~metrics.opportunities.build_opportunities` over every event before
    ``until``; ``team_rows``: :func:`team_waiting` and :func:`team_recurring` of the person's team
    for this window, when the caller keeps them (else computed here)."""
    if person in config.access.exclude:
        return empty_opportunities()
    team = next((p.team for p in config.people if p.id == person), None)
    with store.engine.connect() as conn:
        feedback = person_acts(conn, person, since, until)
    frames = [feedback_opportunities(feedback, config)]
    if team is not None:
        if team_rows is None:
            waiting = team_waiting(store, config, team, until)
            recurring = team_recurring(store, config, team, since, until)
            team_rows = [waiting, recurring]
        frames += [rows[(rows["person"] == person).to_numpy(dtype=bool)] for rows in team_rows]
    return _joined(frames)


__all__ = [
    "OPENING_KINDS",
    "WAITING_KINDS",
    "person_opportunities",
    "team_openings",
    "team_recurring",
    "team_waiting",
]
