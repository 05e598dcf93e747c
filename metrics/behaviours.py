"""The eight tech-lead behaviours (DESIGN §7), declared once and listed in the design's order.

Everything that names a behaviour (rules, footprints, dashboard charts, exports) takes its id, label and
description from here, so a behaviour is renamed or re-described in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    """One behaviour: a stable ``id`` used in data, a short ``label`` and what the role asks for."""

    id: str
    label: str
    description: str


BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour("reviewing", "Reviewing", "Ensures good engineering practice"),
    Behaviour("unblocking", "Unblocking others", "Helps others unblock themselves"),
    Behaviour("mentoring", "Mentoring", "Supports and grows teammates"),
    Behaviour("cross_team", "Cross-team communication", "Communicates with other teams"),
    Behaviour("risk_raising", "Raising risks early", "Raises risks early; watches deadlines and quality"),
    Behaviour("improvement", "Improving how we work", "Improves workflows; initiates retrospectives"),
    Behaviour("direction", "Technical direction", "Makes technical decisions, sets direction"),
    Behaviour("ownership", "Ownership", "Owns and coordinates work"),
)

#: Behaviour ids in DESIGN §7 order.
BEHAVIOUR_IDS: tuple[str, ...] = tuple(behaviour.id for behaviour in BEHAVIOURS)
BY_ID: dict[str, Behaviour] = {behaviour.id: behaviour for behaviour in BEHAVIOURS}


def behaviour(behaviour_id: str) -> Behaviour:
    """The behaviour of ``behaviour_id``; ``KeyError`` naming the known ids for an unknown one."""
    try:
        return BY_ID[behaviour_id]
    except KeyError:
        raise KeyError(f"unknown behaviour {behaviour_id!r}; known: {', '.join(BEHAVIOUR_IDS)}") from None
