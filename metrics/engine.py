"""The public API of metrics: stored events in, evidence and footprints out (DESIGN §2, §6, §7).

The dashboard and the exports call :func:`load_metrics` (or :func:`compute` on events they already
hold) and read the frames of :class:`Metrics`; nothing else in ``metrics`` is meant for them. Identity
mapping and rules are applied here, at compute time, so editing ``[[people]]``, ``[[teams]]`` or
``[behaviours]`` changes the result without a re-fetch.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from collectors.config import Config
from collectors.events import COLUMNS, utc
from collectors.store import Store

from .evidence import build_evidence
from .footprint import build_footprint
from .identities import Identities
from .measures import blocked_stays, first_responses
from .opportunities import build_opportunities, empty_opportunities
from .prepare import RuleContext, TextClassifier, prepare
from .quotes import item_titles
from .rules import RULES
from .textcache import TextClassCache

#: Columns of :attr:`Metrics.events`: the store's, then the resolved identities and the bot flag.
METRICS_EVENT_COLUMNS: tuple[str, ...] = (
    *COLUMNS,
    "actor_person",
    "actor_team",
    "target_person",
    "target_team",
    "is_bot",
    "target_is_bot",
)


@dataclass(frozen=True)
class MeasureFrames:
    """The measures computed with the evidence, over every event read (history before a window
    included): ``first_responses`` (:func:`metrics.measures.first_responses`, with
    ``response_event_id`` for the response's position) and ``blocked_stays``
    (:func:`metrics.measures.blocked_stays`, with ``began_event_id``). Views filter them by period and
    team and hand them to the measure functions; nothing recomputes them."""

    first_responses: pd.DataFrame
    blocked_stays: pd.DataFrame


@dataclass(frozen=True)
class Metrics:
    """Everything the dashboard and the exports show, computed from one set of events.

    ``events``: store columns + ``actor_person, actor_team, target_person, target_team`` (person id
    where mapped, else the raw identity; team or None) and ``is_bot``; excluded people's events removed
    (an excluded target is blanked). ``evidence``: ``event_id, person, team, behaviour, weight, rule,
    reason, created_at, url, item, kind`` sorted by created_at, event_id, rule. ``footprint``: ``person,
    team, behaviour, period ("YYYY-MM"), evidence_count, weight_sum``. ``people``: ``person, name, team,
    level, mapped`` with the unmapped identities seen (``mapped`` False). ``unmapped``: ``identity,
    events, suggestion, why``. ``rules``: ``rule, behaviour, weight, description``. ``measures``: the
    frames of :class:`MeasureFrames`. ``items``: ``item, kind, title, url, opened_at`` of every item
    opened in the events read, the window's history included (:func:`metrics.quotes.item_titles`).
    ``opportunities``: ``person, kind, item, url, reason, since, team, behaviours, named, named_as``
    (:data:`metrics.opportunities.OPPORTUNITY_COLUMNS`) as of the window's end
    (:mod:`metrics.opportunities`; its waits and blocked stays are the measures').
    """

    events: pd.DataFrame
    evidence: pd.DataFrame
    footprint: pd.DataFrame
    people: pd.DataFrame
    unmapped: pd.DataFrame
    rules: pd.DataFrame
    measures: MeasureFrames
    items: pd.DataFrame
    opportunities: pd.DataFrame = field(default_factory=empty_opportunities)


def rules_frame() -> pd.DataFrame:
    """``rule, behaviour, weight, description, reason`` of every rule, in behaviour order."""
    return pd.DataFrame(
        [
            {"rule": r.id, "behaviour": r.behaviour, "weight": r.weight, "description": r.description,
             "reason": r.reason}
            for r in RULES
        ],
        columns=["rule", "behaviour", "weight", "description", "reason"],
    )  # fmt: skip


def without_excluded(acts: pd.DataFrame, excluded: Collection[str]) -> pd.DataFrame:
    """``acts`` (events or stored acts, with ``actor_person``, ``target``, ``target_person`` and
    ``target_team``) as :class:`Metrics` shows them: none by an excluded person, and an excluded
    person's work on the target side unnamed."""
    if not excluded:
        return acts
    acts = acts[~acts["actor_person"].isin(excluded)].reset_index(drop=True)
    hidden = acts["target_person"].isin(excluded)
    acts.loc[hidden, ["target", "target_person", "target_team"]] = None
    return acts


def _public_events(prepared: pd.DataFrame, identities: Identities) -> pd.DataFrame:
    return without_excluded(prepared[list(METRICS_EVENT_COLUMNS)], identities.excluded)


def _event_ids(ctx: RuleContext, positions: pd.Series) -> pd.Series:
    """The event id at each position (None at -1)."""
    at = positions.to_numpy(dtype="int64")
    ids = ctx.events["event_id"].take(at.clip(min=0)).to_numpy(dtype=object)
    return pd.Series(ids, index=positions.index, dtype=object).where(at >= 0, None)


def measure_frames(ctx: RuleContext) -> MeasureFrames:
    """:class:`MeasureFrames` of ``ctx`` (the same frames its rules used), positions turned into event
    ids and the work of excluded people left out."""
    responses = ctx.once(first_responses)
    authors = ctx.events["actor_person"].take(responses["opening"].to_numpy())
    responses = responses[~authors.isin(ctx.identities.excluded).to_numpy()]
    responses = responses.assign(response_event_id=_event_ids(ctx, responses["response"]))
    stays = ctx.once(blocked_stays)
    stays = stays.assign(began_event_id=_event_ids(ctx, stays["began"].astype("int64")))
    return MeasureFrames(
        first_responses=responses.drop(columns=["opening", "response"]).reset_index(drop=True),
        blocked_stays=stays.drop(columns=["began"]).reset_index(drop=True),
    )


def compute(events: pd.DataFrame, config: Config, *, until: datetime | None = None) -> Metrics:
    """Metrics of ``events`` (as :meth:`Store.events` returns them: ``created_at`` tz-aware UTC,
    ``attrs`` canonical JSON text) under ``config``. Waits are measured within the events given;
    opportunities are as of ``until`` (default: now). Every text is classified here;
    :func:`load_metrics` reuses the store's text-class cache."""
    return _compute(events, config, None, until=until)


def rule_context(
    events: pd.DataFrame,
    config: Config,
    text_cache: TextClassifier | None,
    facts: dict[str, Any] | None = None,
) -> RuleContext:
    """The prepared context every rule reads, from ``events`` as :meth:`Store.events` returns them;
    ``facts``: cross-item facts of the whole store when ``events`` are only some of its items."""
    events = events.copy(deep=False)  # copy-on-write: the caller's frame is never modified
    for column in COLUMNS:
        if column not in events:
            events[column] = None
    events["created_at"] = pd.to_datetime(events["created_at"], utc=True)
    if not events["created_at"].is_monotonic_increasing:
        events = events.sort_values(["created_at", "event_id"], kind="stable")
    identities = Identities(config)
    prepared = prepare(events[list(COLUMNS)], identities)
    return RuleContext(prepared, config, identities, text_cache=text_cache, facts=dict(facts or {}))


def _compute(
    events: pd.DataFrame,
    config: Config,
    text_cache: TextClassifier | None,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    opportunities: bool = True,
) -> Metrics:
    """See :func:`compute`; with ``since``, events before it are context only (an item opened
    before it, a wait that began before it): every output holds only what happened from ``since``.
    Opportunities are as of ``until`` (default: now) over ``[since, until)``; ``opportunities=False``
    leaves them empty (the benchmark's baseline)."""
    ctx = rule_context(events, config, text_cache)
    prepared, identities = ctx.events, ctx.identities
    evidence = build_evidence(ctx, RULES)
    chances = (
        build_opportunities(ctx, until or datetime.now(UTC), since)
        if opportunities
        else empty_opportunities()
    )
    if since is not None:
        start = pd.Timestamp(utc(since))
        evidence = evidence[evidence["created_at"] >= start].reset_index(drop=True)
        prepared = prepared[prepared["created_at"] >= start].reset_index(drop=True)
    unmapped = identities.unmapped(prepared)
    return Metrics(
        events=_public_events(prepared, identities),
        evidence=evidence,
        footprint=build_footprint(evidence),
        people=identities.people_frame(unmapped["identity"]),
        unmapped=unmapped,
        rules=rules_frame(),
        measures=measure_frames(ctx),
        items=item_titles(ctx),
        opportunities=chances,
    )


def load_metrics(
    store: Store, config: Config, *, since: datetime | None = None, until: datetime | None = None
) -> Metrics:
    """The metrics of what happened in ``[since, until)``, taking text classes from the store's cache
    and adding the texts it lacked (:mod:`metrics.textcache`).

    Events before ``since`` are read too, as context: a first response inside the window to an item
    opened before it is credited with its whole wait, exactly as a computation over all history
    would, and nothing outside the window is returned. Opportunities are as of ``until`` (default:
    now)."""
    return _compute(store.events(until=until), config, TextClassCache(store), since=since, until=until)
