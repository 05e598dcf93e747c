"""One person's opportunities as of a window's end, from the rows the compute stored for them (read by
index), never from every event: what :mod:`.person_slice` hands *My footprint*, the Promotion packet and
``footprint packet``.

Nothing is rebuilt from events: every kind is read or counted from what the compute stored, with the
same functions :func:`metrics.opportunities.build_opportunities` applies:

* **waiting work** (``waiting_review``, ``unanswered_question``, ``stuck_blocked``): not rebuilt at
  all, but read: the compute stored when each of the team's waiting opportunities holds
  (``waiting_spans``, :mod:`.waiting_spans`, store version 13), and the spans that hold at ``until``
  are kept for the team's members (:func:`metrics.opportunities.spans.held_opportunities`, equal to
  those kinds of ``build_opportunities`` over the events before ``until``).
* **repeated feedback**: not rebuilt either, but counted: the compute stored each feedback act and
  its kind (``feedback_acts``, :mod:`.feedback_acts`, store version 14: everything it reads is the
  act's own, its text class, target and ``on``), and the person's acts of the window are counted by
  :func:`metrics.opportunities.feedback.feedback_opportunities`.
* **recurring problems**: not rebuilt either, but counted: the compute stored each label of each issue
  and the team owning it (``issue_labels``, :mod:`.issue_labels`, store version 15), and which items
  each retro mentions, from the retro's own fields (``retro_mentions``, :mod:`.retro_mentions`, store
  version 12). The team's labels of the issues created in the window (only those count) and the ones
  of them a retro before ``until`` mentions (a retro anywhere may, but not one by an excluded person)
  are counted by :func:`metrics.opportunities.recurring.recurring_opportunities`.

A person without a team gets the kinds that need none (repeated feedback); an excluded person, none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from collectors.config import Config
from collectors.store import Store

from ..identities import Identities
from ..opportunities import empty_opportunities
from ..opportunities.feedback import feedback_opportunities
from ..opportunities.recurring import recurring_opportunities
from ..opportunities.spans import held_opportunities
from .feedback_acts import person_acts
from .issue_labels import team_issues, team_labels
from .retro_mentions import mentioned
from .waiting_spans import team_holding

#: Kinds read from the team's stored spans; the kind counted from its stored labels: the chances of a
#: team's members (a person without a team can have repeated feedback only, counted from their acts).
WAITING_KINDS = ("waiting_review", "unanswered_question", "stuck_blocked")
RECURRING_KINDS = ("recurring_problem",)


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
    over ``[since, until)``, from the stored labels of the team's issues created in the window (only
    those count) and the ones of them the retros before ``until`` mention (see the module)."""
    with store.engine.connect() as conn:
        labels = team_labels(conn, team, since, until)
        mentions = mentioned(conn, team_issues(team, since, until), until)
    identities = Identities(config)
    by_excluded = identities.resolve(mentions["actor"]).isin(identities.excluded).to_numpy(dtype=bool)
    referenced = set(mentions["ref"][~by_excluded])
    return _joined([recurring_opportunities(labels, referenced, config, identities)])


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


__all__ = ["RECURRING_KINDS", "WAITING_KINDS", "person_opportunities", "team_recurring", "team_waiting"]
