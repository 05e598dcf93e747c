"""What a measure is, and the registry of measures.

A measure is a number the Team page, the report or the packet shows about how work flows (how long
work waits for a first response, what is stalled, who reviews how much, which teams work together).
Each is declared once, next to the function that computes it, with :func:`measure`::

    @measure("first_response", label="First response", description="...", how="...")
    def first_responses(ctx: RuleContext) -> pd.DataFrame:
        ...

Every view calls the declared function; none computes a measure of its own, so a chart and the
evidence built on the same measure cannot disagree. Measures are pure functions of the events and the
configuration: no clock (an "as of" time is a parameter), no store, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Measure:
    """One measure: a stable ``id``, a short ``label``, what it tells (``description``) and exactly how
    it is counted (``how``), for the README and the pages that show it."""

    id: str
    label: str
    description: str
    how: str
    compute: Callable[..., Any]


MEASURES: list[Measure] = []


def measure(measure_id: str, *, label: str, description: str, how: str) -> Callable[[F], F]:
    """Register the decorated function as measure ``measure_id`` (declared once)."""
    if any(existing.id == measure_id for existing in MEASURES):
        raise ValueError(f"measure {measure_id!r} is declared twice")

    def register(compute: F) -> F:
        MEASURES.append(Measure(measure_id, label, description, how, compute))
        return compute

    return register


#: An optional column of the act frames the measures count: how many identical acts the row stands
#: for (a store query's ``GROUP BY`` count); a frame without it has one act per row.
ACT_COUNT = "acts"


def count_by(frame: pd.DataFrame, by: str | list[str]) -> pd.Series:
    """Acts per group of ``frame``: the rows, or the sum of :data:`ACT_COUNT` where the frame has it."""
    grouped = frame.groupby(by, sort=True)
    counts = grouped[ACT_COUNT].sum() if ACT_COUNT in frame else grouped.size()
    return counts.astype("int64")


def measure_named(measure_id: str) -> Measure:
    """The declared measure ``measure_id``; ``KeyError`` naming the known ones otherwise."""
    for declared in MEASURES:
        if declared.id == measure_id:
            return declared
    known = ", ".join(declared.id for declared in MEASURES)
    raise KeyError(f"unknown measure {measure_id!r}; known: {known}")
