"""The promotion evidence packet: per behaviour, what a person did in a period, backed by evidence.

:func:`build_packet` is the one generator behind ``footprint packet`` and the dashboard's Promotion
packet page; :mod:`.packet_render` turns its :class:`Packet` into Markdown or HTML. A packet summarises
and links evidence; it never scores or ranks, and it closes by saying so (:data:`CLOSING_NOTE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

import pandas as pd

from collectors.config import Config
from dashboard.errors import UsageError
from metrics.behaviours import BEHAVIOURS

from .report import window_months
from .window import Window, resolve_window

if TYPE_CHECKING:
    from metrics.engine import Metrics

STRONGEST: Final = 5
COLLABORATORS: Final = 5
CLOSING_NOTE: Final = (
    "These are signals for a conversation, not a verdict. They show work that left a trace in reviews, "
    "comments, issues and retrospectives; much good leadership leaves none. Read the evidence, ask the "
    "person about it, and weigh it with what the people they work with say."
)


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One piece of evidence as shown in the packet."""

    created_at: datetime
    item: str
    url: str
    rule: str
    reason: str
    weight: float


@dataclass(frozen=True, slots=True)
class Collaborator:
    person: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class BehaviourSection:
    """A behaviour in the packet: totals, a one-sentence summary, strongest evidence, collaborators, trend."""

    behaviour: str
    label: str
    description: str
    evidence_count: int
    weight_sum: float
    items: int
    summary: str
    strongest: tuple[EvidenceLine, ...]
    collaborators: tuple[Collaborator, ...]
    trend: tuple[tuple[str, int], ...]  # (YYYY-MM, evidence count) for every month of the window
    trend_word: str  # rising | falling | steady | too short to tell | none


@dataclass(frozen=True, slots=True)
class Packet:
    person: str
    name: str
    team: str | None
    window: Window
    evidence_count: int
    sections: tuple[BehaviourSection, ...]
    closing_note: str = CLOSING_NOTE


def _trend_word(counts: list[int]) -> str:
    if not any(counts):
        return "none"
    if len(counts) < 2:
        return "too short to tell"
    half = len(counts) // 2
    early = sum(counts[:half]) / half
    late = sum(counts[len(counts) - half :]) / half
    if late > early * 1.25 and late - early >= 1:
        return "rising"
    if early > late * 1.25 and early - late >= 1:
        return "falling"
    return "steady"


def _summary(label: str, rows: pd.DataFrame, trend_word: str) -> str:
    if rows.empty:
        return f"No evidence of {label.lower()} in this period."
    rules = rows["rule"].value_counts()
    top = ", ".join(
        f"{rule} ({count})" for rule, count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    )
    latest = rows["created_at"].max().strftime("%Y-%m-%d")
    return (
        f"{len(rows)} pieces of evidence on {rows['item'].nunique()} items, mostly from {top}; "
        f"latest on {latest}; trend {trend_word}."
    )


def _collaborators(rows: pd.DataFrame, person: str, names: dict[str, str]) -> tuple[Collaborator, ...]:
    others = rows.loc[rows["target_person"].notna() & (rows["target_person"] != person), "target_person"]
    counts = others.astype(str).value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0]).casefold()))
    return tuple(Collaborator(p, names.get(p, p), int(n)) for p, n in ranked[:COLLABORATORS])


def _strongest(rows: pd.DataFrame) -> tuple[EvidenceLine, ...]:
    """The heaviest, most recent evidence, taking one per rule in turn so every kind of signal shows."""
    ordered = rows.sort_values(
        ["weight", "created_at", "event_id"], ascending=[False, False, True], kind="stable"
    ).copy()
    ordered["_turn"] = ordered.groupby("rule", sort=False).cumcount()
    ordered = ordered.sort_values(
        ["_turn", "weight", "created_at", "event_id"], ascending=[True, False, False, True], kind="stable"
    )
    return tuple(
        EvidenceLine(
            row.created_at.to_pydatetime(),
            str(row.item),
            str(row.url),
            str(row.rule),
            str(row.reason),
            float(row.weight),
        )
        for row in ordered.head(STRONGEST).itertuples()
    )


def _person_row(metrics: Metrics, person: str) -> pd.Series:
    """The ``metrics.people`` row of a mapped, not excluded ``person``; UsageError (one line) otherwise."""
    people = metrics.people
    if "mapped" in people:
        people = people[people["mapped"].astype(bool)]
    match = people[people["person"] == person]
    if match.empty:
        known = sorted(people["person"].astype(str))
        more = ", ..." if len(known) > 12 else ""
        hint = f" (known: {', '.join(known[:12])}{more})" if known else ""
        raise UsageError(f"--person {person}: no such person in [[people]]{hint}")
    return match.iloc[0]


def build_packet(
    metrics: Metrics, config: Config, person: str, since: date | None = None, until: date | None = None
) -> Packet:
    """The packet of ``person`` over ``[since, until)`` (default: the last full quarter).

    ``metrics`` must cover the window (it may cover more; evidence is filtered to the window).
    Raises :class:`~dashboard.errors.UsageError` (one line) for a person id that is unknown or excluded.
    """
    row = _person_row(metrics, person)
    window = resolve_window(since, until)
    names = {
        str(p): str(n) if isinstance(n, str) and n else str(p)
        for p, n in zip(
            metrics.people["person"], metrics.people.get("name", metrics.people["person"]), strict=True
        )
    }
    evidence = metrics.evidence
    created = pd.to_datetime(evidence["created_at"], utc=True)
    mine = evidence[
        (evidence["person"] == person) & (created >= window.start) & (created < window.end)
    ].copy()
    mine["created_at"] = pd.to_datetime(mine["created_at"], utc=True)
    targets = metrics.events[["event_id", "target_person"]].drop_duplicates("event_id")
    mine = mine.merge(targets, on="event_id", how="left")
    mine["period"] = mine["created_at"].dt.strftime("%Y-%m")
    months = window_months(window)
    sections = []
    for behaviour in BEHAVIOURS:
        rows = mine[mine["behaviour"] == behaviour.id]
        monthly = rows["period"].value_counts()
        trend = tuple((month, int(monthly.get(month, 0))) for month in months)
        word = _trend_word([count for _, count in trend])
        sections.append(
            BehaviourSection(
                behaviour=behaviour.id,
                label=behaviour.label,
                description=behaviour.description,
                evidence_count=len(rows),
                weight_sum=float(rows["weight"].sum()),
                items=int(rows["item"].nunique()),
                summary=_summary(behaviour.label, rows, word),
                strongest=_strongest(rows),
                collaborators=_collaborators(rows, person, names),
                trend=trend,
                trend_word=word,
            )
        )
    team = row.get("team")
    return Packet(
        person=person,
        name=names.get(person, person),
        team=str(team) if isinstance(team, str) and team else None,
        window=window,
        evidence_count=len(mine),
        sections=tuple(sections),
    )
