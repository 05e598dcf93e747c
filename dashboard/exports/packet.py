"""The promotion evidence packet: per behaviour, what a person did in a period, backed by evidence.

:func:`build_packet` is the one generator behind ``footprint packet`` and the dashboard's Promotion
packet page; :mod:`.packet_render` renders its :class:`Packet` through the templates. A packet counts
acts (one act counts once per behaviour), shows the strongest evidence by strength with the person's
own words, and closes by saying it is no verdict (:data:`CLOSING_NOTE`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

import pandas as pd

from collectors.config import Config
from collectors.events import GHOST
from dashboard.access import scrub_quoted
from dashboard.errors import UsageError
from metrics.behaviours import BEHAVIOURS
from metrics.growth import GrowthPlan, growth_plan
from metrics.quotes import QUOTED_COLUMNS, quoting_events, strongest_quoted

from .packet_context import behaviour_context
from .report import window_months
from .window import Window, resolve_window

if TYPE_CHECKING:
    from metrics.engine import Metrics

STRONGEST: Final = 5
COLLABORATORS: Final = 5
TREND_MIN_ACTS: Final = 3
TREND_MIN_SHARE: Final = 0.25
TREND_RULE: Final = (
    "Trend words compare the two halves of the window: rising or falling only when the halves differ "
    f"by at least {TREND_MIN_ACTS} acts and by at least {TREND_MIN_SHARE:.0%} of the larger half; "
    "anything less is steady."
)
COUNTING_NOTE: Final = (
    "An act counts once per behaviour: when several rules of one behaviour match the same act, it is "
    "one piece of evidence with every reason. One act can show several behaviours (an approval can be "
    "reviewing and unblocking), so the behaviours' counts can add up to more than the acts in all."
)
STRENGTH_NOTE: Final = (
    "Strongest evidence is ordered by strength: the rule's weight, plus points when the act answered "
    "work that had waited, named a risk or found a defect, helped another team, carried substantive "
    "feedback, or was for a less senior author; then by date, one act per item, and words repeated on "
    "several items are shown once."
)
CLOSING_NOTE: Final = (
    "These are signals for a conversation, not a verdict. They show work that left a trace in reviews, "
    "comments, issues and retrospectives; much good leadership leaves none. Read the evidence, ask the "
    "person about it, and weigh it with what the people they work with say."
)


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One act as the packet shows it: where, when, which rules counted it and why, why it stands
    out, and the person's own words (``quote``; None without text or with ``redact_text``)."""

    event_id: str
    created_at: datetime
    item: str
    title: str | None
    url: str
    rule: str
    rules: tuple[str, ...]
    reason: str
    why: str
    strength: float
    quote: str | None
    quote_from: str | None  # "inline": the review's first substantive inline comment
    text_class: str | None


@dataclass(frozen=True, slots=True)
class Collaborator:
    person: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class BehaviourSection:
    """A behaviour in the packet: acts and items, a summary, the strongest evidence, the measures that
    give context, collaborators helped and the trend."""

    behaviour: str
    label: str
    description: str
    acts: int
    items: int
    weight_sum: float
    summary: str
    strongest: tuple[EvidenceLine, ...]
    context: tuple[str, ...]
    collaborators: tuple[Collaborator, ...]
    trend: tuple[tuple[str, int], ...]  # (YYYY-MM, acts) for every month of the window
    halves: tuple[int, int]  # acts in the window's first and second half
    trend_word: str  # rising | falling | steady | none


@dataclass(frozen=True, slots=True)
class Packet:
    person: str
    name: str
    team: str | None
    window: Window
    acts: int
    items: int
    sections: tuple[BehaviourSection, ...]
    redacted: bool
    #: Set when the store holds no events in the window: what it does cover ("2025-11-03 to 2026-10-30").
    store_covers: str | None = None
    empty_window: bool = False
    closing_note: str = CLOSING_NOTE
    counting_note: str = COUNTING_NOTE
    strength_note: str = STRENGTH_NOTE
    trend_rule: str = TREND_RULE

    @property
    def quiet(self) -> tuple[BehaviourSection, ...]:
        """The behaviours without evidence in the window (listed together, once)."""
        return tuple(section for section in self.sections if not section.acts)

    growth: GrowthPlan | None = None  # the growth plan, a final section, only when asked for


def trend_word(early: int, late: int) -> str:
    """:data:`TREND_RULE` applied to the acts of the window's two halves."""
    if early == late == 0:
        return "none"
    change = late - early
    if abs(change) >= TREND_MIN_ACTS and abs(change) >= TREND_MIN_SHARE * max(early, late):
        return "rising" if change > 0 else "falling"
    return "steady"


def _halves(rows: pd.DataFrame, window: Window) -> tuple[int, int]:
    middle = pd.Timestamp(window.start) + (pd.Timestamp(window.end) - pd.Timestamp(window.start)) / 2
    early = int((rows["created_at"] < middle).sum())
    return early, len(rows) - early


def _rule_name(rule: str) -> str:
    return rule.split(".", 1)[-1].replace("_", " ")


def _summary(rows: pd.DataFrame, word: str) -> str:
    rules = rows["rule"].value_counts()
    top = ", ".join(
        f"{_rule_name(rule)} ({count})"
        for rule, count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    )
    latest = rows["created_at"].max().strftime("%Y-%m-%d")
    acts = "1 act" if len(rows) == 1 else f"{len(rows)} acts"
    items = rows["item"].nunique()
    return (
        f"{acts} on {items} item{'s' if items != 1 else ''}, mostly {top}; latest on {latest}; trend {word}."
    )


def _collaborators(rows: pd.DataFrame, person: str, names: dict[str, str]) -> tuple[Collaborator, ...]:
    """People whose work the acts were on: never the person, a bot or a deleted account."""
    helped = rows[
        rows["target_person"].notna()
        & (rows["target_person"] != person)
        & (rows["actor_person"] == person)
        & ~rows["target_is_bot"].fillna(False).astype(bool)
        & (rows["target"] != GHOST)
    ]
    counts = helped["target_person"].astype(str).value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0]).casefold()))
    return tuple(Collaborator(p, names.get(p, p), int(n)) for p, n in ranked[:COLLABORATORS])


def _lines(rows: pd.DataFrame) -> tuple[EvidenceLine, ...]:
    return tuple(
        EvidenceLine(
            event_id=str(row.event_id),
            created_at=row.created_at.to_pydatetime(),
            item=str(row.item),
            title=row.title if isinstance(row.title, str) else None,
            url=str(row.url) if isinstance(row.url, str) else "",
            rule=str(row.rule),
            rules=tuple(str(row.rules).split(", ")),
            reason=str(row.reason),
            why=str(row.why) if isinstance(row.why, str) else "",
            strength=float(row.strength),
            quote=row.quote if isinstance(row.quote, str) else None,
            quote_from=row.quote_from if isinstance(row.quote_from, str) else None,
            text_class=row.text_class if isinstance(row.text_class, str) else None,
        )
        for row in rows.itertuples()
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


def _in_window(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    created = pd.to_datetime(frame["created_at"], utc=True)
    return frame[(created >= window.start) & (created < window.end)]


def build_packet(
    metrics: Metrics,
    config: Config,
    person: str,
    since: date | None = None,
    until: date | None = None,
    *,
    store_covers: str | None = None,
    growth: bool = False,
    window_has_events: bool | None = None,
    quoted: Mapping[str, pd.DataFrame] | None = None,
) -> Packet:
    """The packet of ``person`` over ``[since, until)`` (default: the last full quarter); with
    ``growth``, the growth plan as a final section (:mod:`metrics.growth`).

    ``metrics`` must cover the window (it may cover more; evidence is filtered to the window).
    ``store_covers`` says what the store holds, for the first line of a packet whose window has no
    events; ``metrics``' opportunities are taken as they are (compute them as of the window's end).
    ``window_has_events``: whether the store holds events in the window, when ``metrics`` is one person's
    slice of it (:mod:`metrics.stored.person_slice`); by default, whether ``metrics.events`` does.
    ``quoted``: the behaviours' lists of :data:`STRONGEST` quoted acts a packet slice made (its
    ``quoted``; ``metrics.events`` then need not hold any text); the others are quoted here.
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
    events = _in_window(metrics.events, window)
    mine = _in_window(metrics.evidence[metrics.evidence["person"] == person], window).copy()
    mine["created_at"] = pd.to_datetime(mine["created_at"], utc=True)
    acts = events[["event_id", "actor_person", "target", "target_person", "target_is_bot"]]
    mine = mine.merge(acts.drop_duplicates("event_id"), on="event_id", how="left")
    mine["period"] = mine["created_at"].dt.strftime("%Y-%m")
    months = window_months(window)
    redacted = config.store.redact_text
    quoted = quoted or {}
    classes = mine.drop_duplicates("event_id").set_index("event_id")["text_class"]
    quoting = None
    sections = []
    for behaviour in BEHAVIOURS:
        rows = mine[mine["behaviour"] == behaviour.id]
        monthly = rows["period"].value_counts()
        early, late = _halves(rows, window)
        word = trend_word(early, late)
        top = quoted.get(behaviour.id)
        if top is None:
            # no text is read without rows or when redacted: a packet slice's events hold none
            if quoting is None and not (redacted or rows.empty):
                quoting = quoting_events(events[list(QUOTED_COLUMNS)], mine)
            source = events.iloc[0:0] if quoting is None else quoting
            top = strongest_quoted(
                rows, STRONGEST, source, metrics.items, redact_text=redacted, classes=classes
            )
        top = scrub_quoted(top, config)
        sections.append(
            BehaviourSection(
                behaviour=behaviour.id,
                label=behaviour.label,
                description=behaviour.description,
                acts=len(rows),
                items=int(rows["item"].nunique()),
                weight_sum=float(rows["weight"].sum()),
                summary=_summary(rows, word) if len(rows) else f"No evidence of {behaviour.label.lower()}.",
                strongest=_lines(top),
                context=behaviour_context(behaviour.id, metrics, events, person, window, config)
                if len(rows)
                else (),
                collaborators=_collaborators(rows, person, names),
                trend=tuple((month, int(monthly.get(month, 0))) for month in months),
                halves=(early, late),
                trend_word=word,
            )
        )
    team = row.get("team")
    plan = None
    if growth:
        people = (
            metrics.people[metrics.people["mapped"].astype(bool)]
            if "mapped" in metrics.people
            else metrics.people
        )
        plan = growth_plan(
            person, metrics.footprint, people[["person", "team"]], months, mine, metrics.opportunities
        )
    return Packet(
        person=person,
        name=names.get(person, person),
        team=str(team) if isinstance(team, str) and team else None,
        window=window,
        acts=int(mine["event_id"].nunique()),
        items=int(mine["item"].nunique()),
        sections=tuple(sections),
        redacted=redacted,
        store_covers=store_covers,
        empty_window=events.empty if window_has_events is None else not window_has_events,
        growth=plan,
    )
