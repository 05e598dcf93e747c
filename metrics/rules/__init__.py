"""The behaviour rules: one module per behaviour, one declared rule per signal (DESIGN §7).

Importing this package registers every rule in :data:`RULES`, in behaviour order. To add a rule, write
a ``select`` function in its behaviour's module under the :func:`~.base.rule` decorator.
"""

from __future__ import annotations

from ..behaviours import BEHAVIOUR_IDS
from . import (  # noqa: F401  (imported to register their rules)
    cross_team,
    direction,
    improvement,
    mentoring,
    ownership,
    reviewing,
    risk_raising,
    unblocking,
)
from .base import REGISTRY, Rule, rule

#: Every rule, grouped by behaviour in DESIGN §7 order, in declaration order within a behaviour.
RULES: tuple[Rule, ...] = tuple(
    sorted(REGISTRY, key=lambda r: (BEHAVIOUR_IDS.index(r.behaviour), REGISTRY.index(r)))
)

__all__ = ["RULES", "Rule", "rule"]
