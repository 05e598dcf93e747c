"""What *My footprint* and the Promotion packet read: one person's slice of the store
(:mod:`metrics.stored.person_slice`), restricted to what the viewer may see by the same code that
restricts the metrics of everything (:func:`dashboard.scoping.scope_metrics`, DESIGN §8), and cached per
store state, viewer, person and window (``st.cache_data``), never a copy of all data.

The opportunities of a team's kinds (waiting work, recurring problems) are computed for every member
of the team at once and cached per team: waiting work per window end (it reads no window start, so a
period change that keeps the end reuses it), recurring problems per window; another person of the
same team then reads only their own feedback acts. The config a cached query needs is the run's
(passed unhashed, as the store signature keys the results), not reloaded from the file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from collectors.config import Config
from collectors.store import Store
from dashboard.access import Viewer
from dashboard.scoping import Scoped, scope_metrics
from metrics.stored.opportunity_slice import person_opportunities, team_recurring, team_waiting
from metrics.stored.person_slice import identities_by_person, person_slice
from metrics.stored.read import stored_footprint

from . import data

T = TypeVar("T")


@dataclass(frozen=True)
class PersonView:
    """One person's slice as ``viewer`` may see it: ``scoped`` as :func:`scope_metrics` makes it (hidden
    people pseudonymised, their text removed; excluded people out; peers' footprints under opaque ids),
    and whether the store holds events in the window (for the packet's empty-window line); ``quoted``:
    the strongest acts quoted per behaviour as the slice settled them (see
    :class:`~metrics.stored.person_slice.PersonSlice`), for the behaviours of the scoped evidence only:
    none of a person the viewer may not see."""

    scoped: Scoped
    window_has_events: bool
    quoted: Mapping[str, pd.DataFrame] = field(default_factory=dict)


def person_view_of(
    store: Store,
    config: Config,
    viewer: Viewer,
    person: str,
    since: datetime,
    until: datetime,
    *,
    strongest: int,
    identities: Mapping[str, list[str]] | None = None,
    opportunities: pd.DataFrame | Future[pd.DataFrame] | None = None,
    footprint: pd.DataFrame | None = None,
    packet: bool = False,
) -> PersonView:
    """``person``'s slice over ``[since, until)`` scoped to ``viewer`` (uncached; :func:`person_view`
    caches it); ``strongest``: the slice of the items of that many strongest acts per behaviour
    (:func:`~metrics.stored.person_slice.person_slice`); ``opportunities``: the person's, when the
    caller has them, or a Future of them (default: as of ``until``); ``footprint``: everyone's stored
    footprints, when the caller keeps them; ``packet``: the packet's slice
    (:mod:`metrics.stored.packet_slice`). A person the viewer may not see gets no evidence, footprint
    or opportunity of theirs."""
    found = person_slice(
        store, config, person, since, until, identities=identities, strongest=strongest,
        opportunities=opportunities, footprint=footprint, packet=packet,
    )  # fmt: skip
    scoped = scope_metrics(found.metrics, config, viewer)
    shown = {str(behaviour) for behaviour in scoped.metrics.evidence["behaviour"].unique()}
    quoted = {behaviour: rows for behaviour, rows in found.quoted.items() if behaviour in shown}
    return PersonView(scoped, found.window_has_events, quoted)


def _store(config: Config) -> Store:
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return store


@st.cache_data(show_spinner=False, max_entries=8)
def _identities(path: str, signature: str, _config: Config) -> dict[str, list[str]]:
    """:func:`identities_by_person` once per store state (two index scans); ``_config`` (not hashed)
    is the one loaded from ``path`` for this run, as for every cached query below."""
    return identities_by_person(_store(_config), _config)


@st.cache_data(show_spinner=False, max_entries=2)
def _footprint(path: str, signature: str, _config: Config) -> pd.DataFrame:
    """Everyone's stored footprints (person × behaviour × month: small) once per store state; every
    person view scopes them (:func:`person_view_of`)."""
    return stored_footprint(_store(_config))


@st.cache_data(show_spinner=False, max_entries=8)
def _first_render(path: str, signature: str) -> datetime:
    """When this store state was first shown: what "now" is for a period that has not ended, so the
    cached pages of one store state agree with each other."""
    return datetime.now(UTC)


@st.cache_data(show_spinner=False, max_entries=16)
def _team_waiting(path: str, signature: str, _config: Config, team: str, until: datetime) -> pd.DataFrame:
    """:func:`~metrics.stored.opportunity_slice.team_waiting`: every member's waiting work as of
    ``until``, once per store state and team for every period ending then (not scoped)."""
    return team_waiting(_store(_config), _config, team, until)


@st.cache_data(show_spinner=False, max_entries=16)
def _team_recurring(
    path: str, signature: str, _config: Config, team: str, since: datetime, until: datetime
) -> pd.DataFrame:
    """:func:`~metrics.stored.opportunity_slice.team_recurring` of every member, once per store state,
    team and window (not scoped; the retros that mention the team's issues read from the stored
    ``retro_mentions``)."""
    return team_recurring(_store(_config), _config, team, since, until)


@st.cache_data(show_spinner=False, max_entries=32)
def _opportunities(
    path: str, signature: str, _config: Config, person: str, since: datetime, until: datetime
) -> pd.DataFrame:
    """:func:`~metrics.stored.opportunity_slice.person_opportunities` as of ``until`` over ``[since,
    until)``, once per store state for every viewer and page (not scoped: :func:`person_view_of`
    scopes them with the slice); the team's kinds from the per-team caches above."""
    team = next((p.team for p in _config.people if p.id == person), None)
    team_rows = None
    if team is not None and person not in _config.access.exclude:
        waiting = _team_waiting(path, signature, _config, team, until)
        recurring = _team_recurring(path, signature, _config, team, since, until)
        team_rows = [waiting, recurring]
    return person_opportunities(_store(_config), _config, person, since, until, team_rows=team_rows)


@st.cache_data(show_spinner="Reading the person's work from the store…", max_entries=8)
def person_view(
    path: str,
    signature: str,
    viewer_key: str,
    _viewer: Viewer,
    person: str,
    since: datetime,
    until: datetime,
    strongest: int,
    _config: Config | None = None,
    packet: bool = False,
) -> PersonView:
    """:func:`person_view_of`, cached per store state, viewer (``viewer_key``; ``_viewer`` is not
    hashed), person, window, ``strongest`` and ``packet``; the opportunities as of the window's end, or
    as of now for a window that has not ended (as of the first render for this store state). ``_config``: the
    config loaded from ``path`` for this run, when the caller has it (not hashed; else loaded)."""
    config = _config if _config is not None else data.app_config(Path(path))
    identities = _identities(path, signature, config)
    end = min(until, _first_render(path, signature))
    # The opportunities (a new team's waiting work and recurring problems) are read on a second thread
    # while this one reads the slice: both wait on the store much of the time (5M: a team change on My
    # footprint pays about 115 ms for them and 200 ms for the slice, 60 ms less overlapped).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opportunities") as pool:
        chances = pool.submit(
            _in_run_context(get_script_run_ctx(), _opportunities), path, signature, config, person, since, end
        )
        return person_view_of(
            _store(config), config, _viewer, person, since, until, identities=identities,
            strongest=strongest, opportunities=chances, footprint=_footprint(path, signature, config),
            packet=packet,
        )  # fmt: skip


def _in_run_context(ctx: ScriptRunContext | None, call: Callable[..., T]) -> Callable[..., T]:
    """``call`` made on another thread as part of this script run (``ctx``), so Streamlit's caches
    there behave as on the run's own thread (no "missing ScriptRunContext" warning)."""

    def in_context(*args: object) -> T:
        if ctx is not None:
            add_script_run_ctx(threading.current_thread(), ctx)
        return call(*args)

    return in_context


def of_page(ctx: data.PageContext, person: str, *, strongest: int, packet: bool = False) -> PersonView:
    """The page context's viewer's view of ``person`` over the sidebar's period (``strongest``,
    ``packet``: see :func:`person_view_of`)."""
    assert ctx.config.path is not None
    return person_view(
        str(ctx.config.path), ctx.signature, ctx.viewer.cache_key, ctx.viewer, person, ctx.filters.since,
        ctx.filters.until, strongest, ctx.config, packet,
    )  # fmt: skip
