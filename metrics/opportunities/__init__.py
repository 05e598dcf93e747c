"""Opportunities: chances to practise a behaviour that the events show waiting (DESIGN §7).

Declared like the behaviour rules, one module per theme, one declared kind per chance
(:func:`~.base.opportunity`); importing this package registers them all in :data:`OPPORTUNITIES`.
:func:`~.build.build_opportunities` applies them as of a window's end.
"""

from __future__ import annotations

from . import blocked, feedback, recurring, waiting  # noqa: F401  (imported to register their kinds)
from .base import REGISTRY, Opportunity, OpportunityContext, opportunity
from .build import OPPORTUNITY_COLUMNS, SNAPSHOT_OPPORTUNITY_COLUMNS, build_opportunities, empty_opportunities

#: The order kinds are listed in: waiting work first, then patterns. A kind not named here (a new one)
#: comes last, in declaration order.
KIND_ORDER: tuple[str, ...] = (
    "waiting_review",
    "unanswered_question",
    "stuck_blocked",
    "recurring_problem",
    "repeated_feedback",
)
#: Every opportunity kind, in :data:`KIND_ORDER`.
OPPORTUNITIES: tuple[Opportunity, ...] = tuple(
    sorted(REGISTRY, key=lambda o: KIND_ORDER.index(o.id) if o.id in KIND_ORDER else len(KIND_ORDER))
)

__all__ = [
    "KIND_ORDER",
    "OPPORTUNITIES",
    "OPPORTUNITY_COLUMNS",
    "SNAPSHOT_OPPORTUNITY_COLUMNS",
    "Opportunity",
    "OpportunityContext",
    "build_opportunities",
    "empty_opportunities",
    "opportunity",
]
