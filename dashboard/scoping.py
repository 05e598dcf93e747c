"""What one viewer may see of everyone's metrics (DESIGN §8): :func:`scope_metrics`, pure (no Streamlit);
:mod:`dashboard.data` caches its result per viewer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from collectors.config import Config
from dashboard.access import Viewer, pseudonymise_opportunities, visible_people
from metrics.engine import Metrics


@dataclass(frozen=True)
class Scoped:
    """Metrics as one viewer may see them.

    ``metrics`` holds only what the viewer may see about individuals: evidence, footprint, people and
    opportunities of visible people; other people's identities in ``metrics.events`` replaced by
    ``"<team> member"`` and their text removed. ``peers`` (person, team) and ``peer_footprint`` keep
    every mapped person under an opaque id where not visible, so team medians stay honest without naming
    anyone.
    """

    metrics: Metrics
    peers: pd.DataFrame
    peer_footprint: pd.DataFrame
    visible: frozenset[str] | None
    months: tuple[str, ...]


def _pseudonym(person: Any, team: Any) -> str:
    return f"{team if isinstance(team, str) else 'other'} member"


def pseudonymised(events: pd.DataFrame, allowed: frozenset[str] | set[str]) -> pd.DataFrame:
    """A copy of ``events`` (any frame with ``actor_person, actor_team`` and/or ``target_person,
    target_team``) where the people not in ``allowed`` appear as ``"<team> member"`` (also in the raw
    ``actor``/``target`` columns, if any) and their own text (``text``, if any) is removed."""
    events = events.copy()
    for side in ("actor", "target"):
        if f"{side}_person" not in events:
            continue
        hidden = events[f"{side}_person"].notna() & ~events[f"{side}_person"].isin(allowed)
        pseudonyms = [
            _pseudonym(p, t)
            for p, t in zip(
                events.loc[hidden, f"{side}_person"], events.loc[hidden, f"{side}_team"], strict=True
            )
        ]
        events.loc[hidden, f"{side}_person"] = pseudonyms
        if side in events:
            events.loc[hidden, side] = pseudonyms
        if side == "actor" and "text" in events:
            events.loc[hidden, "text"] = None
    return events


def unmapped_for(unmapped: pd.DataFrame, config: Config, viewer: Viewer) -> pd.DataFrame:
    """The unmapped identities (``identity, events, suggestion, why``) ``viewer`` may see: all of them
    in ``open`` mode, none but for a manager, and for a manager without a suggested mapping to
    someone they may not see (it would name them)."""
    allowed = visible_people(config, viewer)
    if allowed is None:
        return unmapped
    if viewer.person not in config.access.managers:
        return unmapped.iloc[0:0]
    unmapped = unmapped.copy()
    foreign = unmapped["suggestion"].notna() & ~unmapped["suggestion"].isin(allowed)
    foreign &= unmapped["suggestion"].astype(str) != ""
    unmapped.loc[foreign, ["suggestion", "why"]] = ["", "similar to someone outside your team"]
    return unmapped


def scope_metrics(metrics: Metrics, config: Config, viewer: Viewer) -> Scoped:
    """Restrict ``metrics`` to what ``viewer`` may see (see :class:`Scoped`). Pure: no Streamlit."""
    people = metrics.people
    mapped = people[people["mapped"].astype(bool)]
    allowed = visible_people(config, viewer)
    months = tuple(sorted(metrics.events["created_at"].dt.strftime("%Y-%m").unique()))
    if allowed is None:
        peers = mapped[["person", "team"]].reset_index(drop=True)
        return Scoped(metrics, peers, metrics.footprint, None, months)
    codes = {
        person: (person if person in allowed else f"peer-{index}")
        for index, person in enumerate(sorted(mapped["person"]))
    }
    peers = pd.DataFrame({"person": mapped["person"].map(codes), "team": mapped["team"]})
    peer_footprint = metrics.footprint.assign(person=metrics.footprint["person"].map(codes))
    events = pseudonymised(metrics.events, allowed)
    unmapped = unmapped_for(metrics.unmapped, config, viewer)
    scoped = dataclasses.replace(
        metrics,
        events=events,
        evidence=metrics.evidence[metrics.evidence["person"].isin(allowed)].reset_index(drop=True),
        footprint=metrics.footprint[metrics.footprint["person"].isin(allowed)].reset_index(drop=True),
        people=people[people["person"].isin(allowed)].reset_index(drop=True),
        unmapped=unmapped,
        opportunities=pseudonymise_opportunities(metrics.opportunities, config, allowed),
    )
    return Scoped(scoped, peers, peer_footprint, frozenset(allowed), months)
