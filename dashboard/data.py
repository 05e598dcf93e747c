"""Everything a page shows comes through here: config, store, viewer, filters.

:func:`current` is the one function pages call. It loads the config named by ``FOOTPRINT_CONFIG``,
resolves the viewer (DESIGN §8, :mod:`dashboard.access`), and returns a :class:`PageContext`: the
config, the viewer, the store's signature and the sidebar's team and period. Pages then ask the store
for what they show (:mod:`dashboard.queries`, :mod:`dashboard.team_queries`,
:mod:`dashboard.person_queries`), scoped to the viewer in those queries; their small results are cached
with ``st.cache_data`` keyed by the config path, the store's signature (writes, newest event, last sync
run, compute state) and the viewer's cache key, so one viewer's cached data is never handed to another,
and a sync or demo build invalidates the cache. :func:`filter_metrics` is the frame path those queries
replaced, which the tests compare them with."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from collectors.config import Config, ConfigError, config_from_bytes, config_path, read_config_bytes
from collectors.events import utc
from collectors.store import Store, StoreError, StoreVersionError, open_store
from collectors.store import schema as store_schema
from dashboard.access import (
    Viewer,
    can_view_aggregates,
    can_view_person,
    resolve_viewer,
    should_audit,
    visible_people,
)
from dashboard.charts.common import alphabetical, months_between
from dashboard.scoping import Scoped
from dashboard.scoping import scope_metrics as scope_metrics  # the frame path, for the tests
from metrics.engine import Metrics

T = TypeVar("T")

TEAM_KEY, PERIOD_KEY, PERSON_KEY = "filter_team", "filter_period", "selected_person"
#: The individual view recorded in this run, and the one recorded in the run before (see individual_view).
AUDIT_KEY, AUDIT_PREVIOUS_KEY = "_footprint_audited", "_footprint_audited_before"
ALL_TEAMS = "All teams"


# -- locating config and store ---------------------------------------------------------------------


def _sqlite_file(url: str) -> Path | None:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@st.cache_resource(show_spinner=False)
def _open_store(url: str, redact_text: bool) -> Store:
    # One store (and connection pool) per URL for the process: reruns do not reconnect, and SQLite is
    # not checkpointed by every page view.
    return open_store(url, redact_text=redact_text)


def open_app_store(config: Config) -> Store | None:
    """The configured store, shared across sessions; None when its SQLite file does not exist yet."""
    url = config.store_url()
    database = _sqlite_file(url)
    if database is not None and not database.exists():
        return None  # opening would create it; looking must not
    return _open_store(url, config.store.redact_text)


def store_signature(config: Config) -> str | None:
    """A value that changes whenever the store's content changes (:meth:`Store.signature`, with the
    store's URL); None when there is no store."""
    store = open_app_store(config)
    if store is None:
        return None
    from metrics.stored.tables import state_stamp

    try:
        with store.engine.connect() as conn:
            computed = state_stamp(conn)  # a `footprint compute` after a config change shows at once
        return f"{config.store_url()}|{store.signature()}|{computed}"
    except sa.exc.DatabaseError as exc:  # a file replaced under a running app, a dropped table
        raise StoreError(f"store.url: cannot read {config.store.url}: {exc.orig or exc}") from None


# -- store-level facts ----------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def store_health(path: str, signature: str) -> dict[str, pd.DataFrame]:
    """Store-level facts for the Data health page: ``sources``, ``runs`` and ``problems`` (last runs)."""
    config = app_config(Path(path))
    store = open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return {"sources": store.sources(), "runs": store.runs(), "problems": store.problems()}


# -- filters and the page context -----------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The sidebar selection: a team (None = all) and an inclusive range of months ``YYYY-MM``."""

    team: str | None
    start: str
    end: str

    @property
    def months(self) -> list[str]:
        return [str(p) for p in pd.period_range(self.start, self.end, freq="M")]

    @property
    def since(self) -> datetime:
        return pd.Period(self.start, freq="M").start_time.to_pydatetime().replace(tzinfo=UTC)

    @property
    def until(self) -> datetime:
        return (pd.Period(self.end, freq="M") + 1).start_time.to_pydatetime().replace(tzinfo=UTC)

    def describe(self) -> str:
        period = self.start if self.start == self.end else f"{self.start} to {self.end}"
        return f"{self.team or 'all teams'}, {period}"


def filter_metrics(scoped: Scoped, filters: Filters) -> Metrics:
    """The scoped metrics restricted to the filter's period and, if any, team."""
    m = scoped.metrics
    since, until = pd.Timestamp(filters.since), pd.Timestamp(filters.until)
    events = m.events[(m.events["created_at"] >= since) & (m.events["created_at"] < until)]
    evidence = m.evidence[(m.evidence["created_at"] >= since) & (m.evidence["created_at"] < until)]
    footprint = m.footprint[m.footprint["period"].isin(filters.months)]
    people, opportunities = m.people, m.opportunities  # opportunities are as of now, whatever the period
    if filters.team is not None:
        events = events[(events["actor_team"] == filters.team) | (events["target_team"] == filters.team)]
        evidence = evidence[evidence["team"] == filters.team]
        footprint = footprint[footprint["team"] == filters.team]
        people = people[people["team"] == filters.team]
        opportunities = opportunities[opportunities["team"] == filters.team]
    return dataclasses.replace(
        m, events=events, evidence=evidence, footprint=footprint, people=people, opportunities=opportunities
    )


@dataclass(frozen=True)
class PageContext:
    """What a page works with: the config, the viewer, the store's signature, ``months`` (the sidebar's
    period choices) and ``filters``, all from small queries. Pages ask the store for what they show
    through the per-viewer cached queries (:meth:`query`, :mod:`dashboard.person_queries`); nothing
    here holds a copy of all data.
    """

    config: Config
    viewer: Viewer
    signature: str
    months: tuple[str, ...]
    filters: Filters

    def query(self, cached: Callable[..., T], *extra: Any) -> T:
        """``cached(path, signature, viewer key, viewer, team, start, end, *extra)``: one of the per-viewer
        cached store queries (:mod:`dashboard.queries`, :mod:`dashboard.team_queries`) for the sidebar's
        team and months."""
        assert self.config.path is not None
        viewer, f = self.viewer, self.filters
        path = str(self.config.path)
        return cached(path, self.signature, viewer.cache_key, viewer, f.team, f.start, f.end, *extra)

    def people(self) -> pd.DataFrame:
        """Mapped people the viewer may see, in the team filter, alphabetical by name: person, name,
        team, level (from the config: no store read)."""
        allowed = visible_people(self.config, self.viewer)
        rows = [
            {"person": p.id, "name": p.display_name or p.id, "team": p.team, "level": p.level}
            for p in self.config.people
            if p.id not in self.config.access.exclude
            and (allowed is None or p.id in allowed)
            and (self.filters.team is None or p.team == self.filters.team)
        ]
        people = pd.DataFrame(rows, columns=["person", "name", "team", "level"])
        people["level"] = people["level"].astype("Int64")
        people["name"] = people["name"].astype(str)
        return alphabetical(people).reset_index(drop=True)


@dataclass(frozen=True)
class Unavailable:
    """Why there is nothing to show, and what to do about it (Markdown).

    ``kind`` tells access refusals apart from missing data: ``sign_in`` (oidc, nobody signed in),
    ``unmapped`` (signed in, but no person has that email) or ``data`` (no config, store or events).
    Pages show no data at all for the first two.
    """

    title: str
    body: str
    kind: str = "data"

    @property
    def refused(self) -> bool:
        return self.kind in ("sign_in", "unmapped")


def current_viewer(config: Config) -> Viewer:
    """The viewer of this session: everyone in ``open`` mode, the ``st.user`` claims in ``oidc`` mode."""
    if config.access.mode == "open":
        return resolve_viewer(config, None)
    return resolve_viewer(config, st.user.to_dict())


_parsed = functools.lru_cache(maxsize=8)(config_from_bytes)  # per (bytes, path)


def app_config(path: Path) -> Config:
    """:func:`collectors.config.load_config` of ``path`` for the dashboard, validated once per content
    of the file (every run and cached query reads it; parsing and validating it again took about
    0.05 s a time). :class:`~collectors.config.ConfigError` as ``load_config``'s."""
    return _parsed(read_config_bytes(path), path)


def _load_config() -> Config | Unavailable:
    path = config_path().resolve()  # $FOOTPRINT_CONFIG, else ./footprint.toml
    if not path.exists():
        return Unavailable(
            "No configuration yet",
            f"There is no `{path.name}` at `{path.parent}`.\n\n"
            "* To look around with fictional data, run `footprint demo`.\n"
            "* To use your own data, write a `footprint.toml` (see the README), run `footprint sync`, "
            "then `footprint dashboard`.",
        )
    try:
        return app_config(path)
    except ConfigError as exc:
        lines = "\n".join(f"* `{line}`" for line in exc.problems)
        return Unavailable("The configuration has problems", f"`{path}`:\n\n{lines}")


def default_filters(months: Sequence[str], teams: list[str]) -> Filters:
    """Filters from the session (sidebar widgets), falling back to all teams over every month."""
    team = st.session_state.get(TEAM_KEY, ALL_TEAMS)
    period = st.session_state.get(PERIOD_KEY)
    if not isinstance(period, tuple | list) or len(period) != 2 or not set(period) <= set(months):
        period = (months[0], months[-1])
    start, end = sorted(str(month) for month in period)
    return Filters(team if team in teams else None, start, end)


@st.cache_resource(show_spinner="Computing the footprint from the events…", max_entries=4)
def _bring_up_to_date(path: str, signature: str) -> bool:
    """Compute the stored evidence and footprints once per store state if ``footprint sync`` or
    ``footprint compute`` has not (a store built by an older version, a config changed since): the
    pages query those tables. True when anything was computed; a no-op on a current store."""
    from metrics.stored.compute import compute_store

    config = app_config(Path(path))
    store = open_app_store(config)
    assert store is not None, "called only when store_signature found a store"
    return compute_store(store, config).mode != "current"


@st.cache_data(show_spinner=False, max_entries=8)
def store_months(path: str, signature: str) -> tuple[str, ...]:
    """Every month from the oldest event's to the newest's (``YYYY-MM``; the events' time index), empty
    when the store holds no events: the sidebar's period choices, read without loading any event."""
    store = open_app_store(app_config(Path(path)))
    assert store is not None, "called only when store_signature found a store"
    created = store_schema.events.c.created_at
    with store.engine.connect() as conn:
        oldest, newest = conn.execute(sa.select(sa.func.min(created), sa.func.max(created))).one()
    if oldest is None:
        return ()
    return tuple(months_between(_month_of(oldest), _month_of(newest)))


def _month_of(value: datetime) -> str:
    return pd.Timestamp(utc(value)).strftime("%Y-%m")


@dataclass(frozen=True)
class Access:
    """The config and the viewer of this session, who may see at least the team aggregates."""

    config: Config
    viewer: Viewer


def current_access() -> Access | Unavailable:
    """This session's config and viewer, or why the viewer may see nothing: the access half of
    :func:`current`, for a page that reads no store (Snapshots)."""
    config = _load_config()
    if isinstance(config, Unavailable):
        return config
    viewer = current_viewer(config)
    return _refusal(config, viewer) or Access(config, viewer)


def _refusal(config: Config, viewer: Viewer) -> Unavailable | None:
    if config.access.mode == "oidc" and not viewer.signed_in:
        return Unavailable(
            "Please sign in",
            "This dashboard shows people's work, so it needs to know who you are. Sign in with your "
            "company account.",
            kind="sign_in",
        )
    if not can_view_aggregates(viewer):
        return Unavailable(
            "You are not mapped to a person",
            f"Signed in as `{viewer.email or 'an account without an email'}`, which no `[[people]] "
            "emails` entry lists (or whose email is not verified, or who is excluded), so there is "
            "nothing you may see. Ask the dashboard's owner to add your address to your `[[people]]` "
            "entry in footprint.toml.",
            kind="unmapped",
        )
    return None


def current() -> PageContext | Unavailable:
    """The page context for this session, or why there is none. The one loader every page uses."""
    config = _load_config()
    if isinstance(config, Unavailable):
        return config
    viewer = current_viewer(config)
    # A run that shows no individual page leaves AUDIT_KEY unset, so coming back to one is a new view.
    st.session_state[AUDIT_PREVIOUS_KEY] = st.session_state.pop(AUDIT_KEY, None)
    refused = _refusal(config, viewer)
    if refused is not None:
        return refused
    try:
        signature = store_signature(config)
    except (StoreError, StoreVersionError) as exc:
        return Unavailable("The store cannot be opened", f"`{exc}`")
    if signature is None:
        return Unavailable(
            "No data yet",
            f"The store `{config.store.url}` does not exist yet. Run `footprint sync` to collect "
            "events from GitHub and Jira, or `footprint demo` to try the dashboard on fictional data.",
        )
    assert config.path is not None
    if _bring_up_to_date(str(config.path), signature):
        signature = store_signature(config) or signature  # the compute state changed it
    months = store_months(str(config.path), signature)
    if not months:
        return Unavailable(
            "No events in the store",
            "The store exists but holds no events. Run `footprint sync` (check `[github] repos` and "
            "`[jira] projects` in the config), or `footprint demo` for fictional data.",
        )
    filters = default_filters(months, [team.name for team in config.teams])
    return PageContext(config, viewer, signature, months, filters)


# -- individual pages: the access check and the audit (DESIGN §8) ---------------------------------


def individual_view(ctx: PageContext, subject: str, page: str) -> bool:
    """May this viewer see ``subject``'s individual ``page``? If so, and it is someone else's page in
    ``oidc`` mode, append the view to the audit table.

    A view is recorded once: later runs of the same page for the same subject (widget interactions,
    filter changes) are not; choosing another person, or leaving the page and coming back, is a new
    view. Returns False, recording nothing, when the viewer may not see ``subject``.
    """
    if not can_view_person(ctx.config, ctx.viewer, subject):
        return False
    if should_audit(ctx.viewer, subject):
        view = (ctx.viewer.cache_key, subject, page)
        if st.session_state.get(AUDIT_PREVIOUS_KEY) != view:
            record_view(ctx.config, ctx.viewer, subject, page)
        st.session_state[AUDIT_KEY] = view
    return True


def record_view(config: Config, viewer: Viewer, subject: str, page: str) -> None:
    """Append ``viewer`` saw ``subject``'s ``page`` to the audit table, if that view is audited
    (``oidc`` mode, someone else's page). Also the download buttons' callback."""
    if not should_audit(viewer, subject):
        return
    store = open_app_store(config)
    if store is None:
        raise StoreError("the store is gone; the view cannot be audited")
    assert viewer.person is not None
    store.record_view(viewer.person, subject, page)


def views_of_viewer(ctx: PageContext) -> pd.DataFrame | None:
    """Who viewed the viewer's own individual pages (viewer name, page, at), newest first; None when
    views are not audited (``open`` mode)."""
    if ctx.viewer.mode != "oidc" or ctx.viewer.person is None:
        return None
    store = open_app_store(ctx.config)
    if store is None:
        return None
    views = store.views_of(ctx.viewer.person)
    names = {person.id: person.name or person.id for person in ctx.config.people}
    return views.assign(viewer=views["viewer"].map(lambda v: names.get(v, v)))
