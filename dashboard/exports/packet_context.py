"""The measures a packet section shows for context: the same definitions the Team page and the report use
(:mod:`metrics.measures`), restricted to the person's own acts in the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from collectors.config import Config
from metrics.measures import answered_between, cross_team_flows, measure_named, review_load
from metrics.teams import ContainerOwners

from .window import Window

if TYPE_CHECKING:
    from metrics.engine import Metrics


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def _reviewing(events: pd.DataFrame, person: str) -> str:
    load = review_load(events, pd.DataFrame({"person": [person], "name": [person]})).set_index("measure")
    given, received = int(load.loc["given", "reviews"]), int(load.loc["received", "reviews"])
    return (
        f"{measure_named('review_load').label}: gave {_plural(given, 'review')}; their own pull requests "
        f"received {received}."
    )


def _unblocking(metrics: Metrics, events: pd.DataFrame, person: str, window: Window, config: Config) -> str:
    answered = answered_between(
        metrics.measures.first_responses, pd.Timestamp(window.start), pd.Timestamp(window.end)
    )
    theirs = set(events.loc[events["actor_person"] == person, "event_id"])
    given = answered[answered["response_event_id"].isin(theirs)]
    label = measure_named("first_response").label
    if given.empty:
        return f"{label}: gave no first response on a pull request or issue in this period."
    threshold = config.behaviours.unblock_wait_hours
    long = int((given["waited_hours"] >= threshold).sum())
    answered = _plural(len(given), "pull request or issue", "pull requests or issues")
    return (
        f"{label}: gave the first response on {answered}, after a median "
        f"wait of {given['waited_hours'].median():.0f} h; {long} of them had waited at least {threshold:g} h."
    )


def _cross_team(events: pd.DataFrame, person: str, config: Config) -> str | None:
    flows = cross_team_flows(events[events["actor_person"] == person], ContainerOwners(config.teams))
    if flows.empty:
        return None
    reached = flows.groupby("to_team")["interactions"].sum().sort_index()
    listed = ", ".join(f"team {team} ({count})" for team, count in reached.items())
    return f"{measure_named('cross_team_flows').label}: reviews and comments on the work of {listed}."


def behaviour_context(
    behaviour: str, metrics: Metrics, events: pd.DataFrame, person: str, window: Window, config: Config
) -> tuple[str, ...]:
    """Lines of context for ``behaviour``'s section (none for most behaviours). ``events`` are the
    window's events."""
    if behaviour == "reviewing":
        return (_reviewing(events, person),)
    if behaviour == "unblocking":
        return (_unblocking(metrics, events, person, window, config),)
    if behaviour == "cross_team":
        line = _cross_team(events, person, config)
        return (line,) if line else ()
    return ()
