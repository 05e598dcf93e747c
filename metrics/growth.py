"""A growth plan: for one person and window, the thin behaviours and next steps from the playbook.

A behaviour is thin when the person has no evidence of it in the window, or less than the median of
their team (everyone in it, zeros included). For each, one to three next steps (:mod:`metrics.playbook`):
first the person's own opportunities that would grow it (:mod:`metrics.opportunities`), longest
waiting first and one kind at a time, then practices that need none; and what already shows the
behaviour. Suggestions, not duties: behaviours come in their usual order, never sorted by how thin
they are, and nothing is scored or compared with anyone by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from .behaviours import BEHAVIOURS
from .playbook import PLAYBOOK

MOST_STEPS = 3
MOST_FROM_OPPORTUNITIES = 2
MOST_SHOWN = 2
NOTE = (
    "Suggestions, not duties: pick what fits your role and your team this month. This is not a score "
    "and not a ranking; a thin behaviour is a place to grow, not a shortfall."
)


@dataclass(frozen=True, slots=True)
class Step:
    """A next step; ``kind``, ``item`` and ``url`` name the opportunity it is tied to, if any."""

    text: str
    kind: str | None = None
    item: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Shown:
    """A piece of evidence that already shows the behaviour."""

    created_at: datetime
    item: str
    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class GrowthArea:
    """A thin behaviour: how much evidence there is, why it is thin, the next steps and what shows it."""

    behaviour: str
    label: str
    evidence: int
    team_median: float | None
    why: str
    steps: tuple[Step, ...]
    shown: tuple[Shown, ...]


@dataclass(frozen=True, slots=True)
class GrowthPlan:
    person: str
    areas: tuple[GrowthArea, ...]
    note: str = NOTE


def window_counts(footprint: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Evidence per person (rows) and behaviour (columns, every behaviour) over ``months``."""
    window = footprint[footprint["period"].isin(months).to_numpy(dtype=bool)]
    # a groupby and unstack, not pivot_table: the same sums at a fraction of its overhead (a page asks twice)
    sums = window.groupby(["person", "behaviour"], observed=True, sort=True)["evidence_count"].sum()
    table = sums.unstack("behaviour", fill_value=0) if len(sums) else pd.DataFrame(index=sums.index)
    return table.reindex(columns=[b.id for b in BEHAVIOURS], fill_value=0)


def team_medians(
    footprint: pd.DataFrame, roster: pd.DataFrame, team: str | None, months: list[str]
) -> pd.Series:
    """Median evidence per behaviour over every member of ``team`` (``roster``: person, team) in
    ``months``, people without evidence counted as zero; NaN for no team."""
    members = roster.loc[roster["team"] == team, "person"] if team is not None else pd.Series(dtype=str)
    if members.empty:
        return pd.Series(float("nan"), index=[b.id for b in BEHAVIOURS])
    ours = footprint[footprint["person"].isin(members.unique()).to_numpy(dtype=bool)]
    counts = window_counts(ours, months).reindex(index=members.unique(), fill_value=0)
    return counts.median().astype(float)


def _why(count: int, median: float | None) -> str:
    if count == 0:
        return "no evidence in this period yet"
    return f"{count} in this period; the team's median is {median:g}"


def _steps(behaviour: str, chances: list[tuple[str, str, str, object, tuple[str, ...]]]) -> tuple[Step, ...]:
    """``chances``: the person's opportunities as ``(kind, reason, item, url, behaviours)``, by ``since``
    then item; those that grow ``behaviour`` come first, one kind at a time (each kind's first, then
    each kind's second, …)."""
    play = PLAYBOOK[behaviour]
    turns: dict[str, int] = {}
    growing = []
    for kind, reason, item, url, grows in chances:
        if behaviour in grows and kind in play.with_opportunity:
            growing.append((turns.get(kind, 0), kind, reason, item, url))
            turns[kind] = turns.get(kind, 0) + 1
    growing.sort(key=lambda chance: chance[0])  # stable: by turn, then by since and item
    steps = [
        Step(play.with_opportunity[kind].format(reason=reason), kind, item, url)
        for _, kind, reason, item, url in growing[:MOST_FROM_OPPORTUNITIES]
    ]
    steps += [Step(practice) for practice in play.practices]
    return tuple(steps[:MOST_STEPS])


def _shown(evidence: pd.DataFrame) -> dict[str, tuple[Shown, ...]]:
    """Per behaviour, its ``MOST_SHOWN`` newest pieces of ``evidence`` (one person's); acts at the same
    time by item, so the choice does not depend on the order the evidence was read in."""
    rows = evidence[["behaviour", "created_at", "item", "url", "reason"]]
    rows = rows.sort_values(["created_at", "item"], ascending=[False, True], kind="stable")
    newest = rows.groupby("behaviour", observed=True, sort=False).head(MOST_SHOWN)
    shown: dict[str, list[Shown]] = {}
    for row in newest.itertuples(index=False):
        shown.setdefault(str(row.behaviour), []).append(
            Shown(pd.Timestamp(row.created_at).to_pydatetime(), str(row.item), str(row.url), str(row.reason))
        )
    return {behaviour: tuple(found) for behaviour, found in shown.items()}


def growth_plan(
    person: str,
    footprint: pd.DataFrame,
    roster: pd.DataFrame,
    months: list[str],
    evidence: pd.DataFrame,
    opportunities: pd.DataFrame,
) -> GrowthPlan:
    """The growth plan of ``person`` over ``months``.

    ``footprint`` (person, behaviour, period, evidence_count) and ``roster`` (person, team) cover the
    person's team, so the median is honest (other people may be under opaque ids); ``evidence`` and
    ``opportunities`` are frames of :class:`metrics.engine.Metrics`, of which only ``person``'s rows
    are read: pass the evidence of the window, and the opportunities as of its end.
    """
    team_rows = roster.loc[roster["person"] == person, "team"]
    team = None if team_rows.empty or pd.isna(team_rows.iloc[0]) else str(team_rows.iloc[0])
    counts = window_counts(footprint[footprint["person"] == person], months)
    own = counts.loc[person] if person in counts.index else pd.Series(0, index=counts.columns)
    medians = team_medians(footprint, roster, team, months)
    shown = _shown(evidence[(evidence["person"] == person).to_numpy(dtype=bool)])
    chances = opportunities[(opportunities["person"] == person).to_numpy(dtype=bool)]
    chances = chances.sort_values(["since", "item"], kind="stable")
    listed = list(chances[["kind", "reason", "item", "url", "behaviours"]].itertuples(index=False, name=None))
    areas = []
    for behaviour in BEHAVIOURS:
        count, median = int(own[behaviour.id]), float(medians[behaviour.id])
        known = None if math.isnan(median) else median
        if count > 0 and (known is None or count >= known):
            continue
        areas.append(
            GrowthArea(
                behaviour=behaviour.id,
                label=behaviour.label,
                evidence=count,
                team_median=known,
                why=_why(count, known),
                steps=_steps(behaviour.id, listed),
                shown=shown.get(behaviour.id, ()),
            )
        )
    return GrowthPlan(person, tuple(areas))
