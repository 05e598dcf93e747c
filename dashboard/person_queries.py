"""What *My footprint* and the Promotion packet read: one person's slice of the store
(:mod:`metrics.stored.person_slice`), restricted to what the viewer may see by the same code that
restricts the metrics of everything (:func:`dashboard.scoping.scope_metrics`, DESIGN §8), and cached per
store state, viewer, person and window (``st.cache_data``), never a copy of all data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from collectors.config import Config, load_config
from collectors.store import Store
from dashboard.access import Viewer
from dashboard.scoping import Scoped, scope_metrics
from metrics.stored.opportunity_slice import person_opportunities, retro_mentions
from metrics.stored.person_slice import identities_by_person, person_slice
from metrics.stored.read import stored_footprint

from . import data


@dataclass(frozen=True)
class PersonView:
    """One person's slice as ``viewer`` may see it: ``scoped`` as :func:`scope_metrics` makes it (hidden
    people pseudonymised, their text removed; excluded people out; peers' footprints under opaque ids),
    and whether the store holds events in the window (for the packet's empty-window line)."""

    scoped: Scoped
    window_has_events: bool


def person_view_of(
    store: Store,
    config: Config,
    viewer: Viewer,
    person: str,
    since: datetime,
    until: datetime,
    *,
    identities: Mapping[str, list[str]] | None = None,
    strongest: int | None = None,
    opportunities: pd.DataFrame | None = None,
    footprint: pd.DataFrame | None = None,
) -> PersonView:
    """``person``'s slice over ``[since, until)`` scoped to ``viewer`` (uncached; :func:`person_view`
    caches it); ``strongest``: the narrower slice of the items of that many strongest acts per
    behaviour; ``opportunities``: the person's, when the caller has them (default: as of ``until``; see
    :func:`~metrics.stored.person_slice.person_slice`); ``footprint``: everyone's stored footprints, when
    the caller keeps them. A person the viewer may not see gets no
    evidence, footprint or opportunity of theirs."""
    found = person_slice(
        store, config, person, since, until, identities=identities, strongest=strongest,
        opportunities=opportunities, footprint=footprint,
    )  # fmt: skip
    return PersonView(scope_metrics(found.metrics, config, viewer), found.window_has_events)


@st.cache_data(show_spinner=False, max_entries=8)
def _identities(path: str, signature: str) -> dict[str, list[str]]:
    """:func:`identities_by_person` once per store state (two index scans)."""
    config = load_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return identities_by_person(store, config)


@st.cache_data(show_spinner=False, max_entries=2)
def _retro_mentions(path: str, signature: str) -> pd.DataFrame:
    """:func:`~metrics.stored.opportunity_slice.retro_mentions` once per store state (each retro's own
    mentions of items: what every team's recurring problems look up, never shown as such)."""
    store = data.open_app_store(load_config(Path(path)))
    assert store is not None, "called only when store_signature found a store"
    return retro_mentions(store)


@st.cache_data(show_spinner=False, max_entries=2)
def _footprint(path: str, signature: str) -> pd.DataFrame:
    """Everyone's stored footprints (person × behaviour × month: small) once per store state; every
    person view scopes them (:func:`person_view_of`)."""
    store = data.open_app_store(load_config(Path(path)))
    assert store is not None, "called only when store_signature found a store"
    return stored_footprint(store)


@st.cache_data(show_spinner=False, max_entries=8)
def _first_render(path: str, signature: str) -> datetime:
    """When this store state was first shown: what "now" is for a period that has not ended, so the
    cached pages of one store state agree with each other."""
    return datetime.now(UTC)


@st.cache_data(show_spinner=False, max_entries=32)
def _opportunities(path: str, signature: str, person: str, since: datetime, until: datetime) -> pd.DataFrame:
    """:func:`~metrics.stored.opportunity_slice.person_opportunities` as of ``until`` over ``[since,
    until)``, once per store state for every viewer and page (not scoped: :func:`person_view_of`
    scopes them with the slice)."""
    config = load_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    raws = _identities(path, signature).get(person, [])
    mentioned = _retro_mentions(path, signature)
    return person_opportunities(store, config, person, raws, since, until, mentioned=mentioned)


@st.cache_data(show_spinner="Reading the person's work from the store…", max_entries=8)
def person_view(
    path: str,
    signature: str,
    viewer_key: str,
    _viewer: Viewer,
    person: str,
    since: datetime,
    until: datetime,
    strongest: int | None = None,
) -> PersonView:
    """:func:`person_view_of`, cached per store state, viewer (``viewer_key``; ``_viewer`` is not
    hashed), person, window and ``strongest``; the opportunities as of the window's end, or as of now
    for a window that has not ended (as of the first render for this store state)."""
    config = load_config(Path(path))
    store = data.open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    identities = _identities(path, signature)
    chances = _opportunities(path, signature, person, since, min(until, _first_render(path, signature)))
    return person_view_of(
        store, config, _viewer, person, since, until, identities=identities, strongest=strongest,
        opportunities=chances, footprint=_footprint(path, signature),
    )  # fmt: skip


def of_page(ctx: data.PageContext, person: str, *, strongest: int | None = None) -> PersonView:
    """The page context's viewer's view of ``person`` over the sidebar's period (``strongest``: see
    :func:`person_view_of`)."""
    assert ctx.config.path is not None
    return person_view(
        str(ctx.config.path), ctx.signature, ctx.viewer.cache_key, ctx.viewer, person, ctx.filters.since,
        ctx.filters.until, strongest,
    )  # fmt: skip
