"""What a rule is, the registry of rules, and the vectorised helpers rules share.

A rule is declared once, next to the other rules of its behaviour, with the :func:`rule` decorator::

    @rule("reviewing.review", weight=1.0, description="A review on someone else's pull request.",
          reason="{verb} {item}")
    def review(ctx: RuleContext) -> pd.DataFrame:
        ...  # rows of ctx.events (index = positions) with a ``person`` column and the reason's fields

``select`` returns one row per piece of evidence: the index is the position of the event in
``ctx.events``, ``person`` who gets the credit, every field the reason template names and, optionally,
``created_at`` when the act happened at another time than the event (a flag set on an issue later).
The engine adds everything else (event id, url, team, weight, rule, the rendered reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from string import Formatter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from collectors.globs import glob_regex

from ..behaviours import BEHAVIOUR_IDS
from ..kinds import ISSUE_KINDS
from ..prepare import STR, RuleContext, arrow_strings
from ..textclass.risks import RISKS

Select = Callable[[RuleContext], pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    """One signal: its id (``<behaviour>.<name>``), the behaviour it feeds, weight, a description for
    people, a reason template over the fields ``select`` returns, and ``select`` itself.

    ``joined`` is the shorter reason used when this rule's row is merged into a stronger rule's row of
    the same behaviour for the same act (one act counts once per behaviour, :mod:`metrics.evidence`):
    ``"first response on X after it waited 52 h; approved X, which let it merge 3 h later"``. Empty:
    the reason itself."""

    id: str
    behaviour: str
    weight: float
    description: str
    reason: str
    select: Select
    joined: str = ""

    def fields(self) -> list[str]:
        """Names the reason templates use; ``ValueError`` for a template that does not parse."""
        names: list[str] = []
        for template in filter(None, (self.reason, self.joined)):
            try:
                names += [name for _, name, _, _ in Formatter().parse(template) if name]
            except ValueError as exc:
                raise ValueError(f"rule {self.id!r}: reason {template!r} is not a template: {exc}") from None
        return list(dict.fromkeys(names))

    def check_result(self, selected: pd.DataFrame) -> None:
        """``ValueError`` when what ``select`` returned lacks ``person`` or a field the reason names:
        a template that does not match its rule fails on the rule's first run, whatever the data."""
        missing = [name for name in ["person", *self.fields()] if name not in selected.columns]
        if missing:
            returned = ", ".join(map(str, selected.columns)) or "nothing"
            raise ValueError(
                f"rule {self.id!r}: select returns no {', '.join(missing)} (it returns {returned})"
            )


REGISTRY: list[Rule] = []


def rule(
    rule_id: str, *, weight: float, description: str, reason: str, joined: str = ""
) -> Callable[[Select], Select]:
    """Register ``select`` as rule ``rule_id``; the behaviour is the id's prefix and must exist."""
    behaviour = rule_id.split(".", 1)[0]
    if behaviour not in BEHAVIOUR_IDS:
        raise ValueError(f"rule {rule_id!r}: unknown behaviour {behaviour!r}")
    if any(existing.id == rule_id for existing in REGISTRY):
        raise ValueError(f"rule {rule_id!r} is declared twice")

    def register(select: Select) -> Select:
        declared = Rule(rule_id, behaviour, weight, description, reason, select, joined)
        declared.fields()  # the template parses, or the rule is refused here
        REGISTRY.append(declared)
        return select

    return register


# -- cross-item facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossItemFact:
    """A value some rule derives from the events of many items (everything else a rule reads is in one
    item's events plus the config). ``reads``: the kinds it is computed from; ``affects``: the kinds of
    the items whose evidence changes when it does. Stored evidence records the value it used, and a
    change recomputes every item with an ``affects`` event (:mod:`metrics.stored`)."""

    name: str
    reads: tuple[str, ...]
    affects: tuple[str, ...]
    compute: Callable[[RuleContext], list[str]]

    def of(self, ctx: RuleContext) -> list[str]:
        """The value: the one handed in ``ctx.facts``, else computed from ``ctx.events``."""
        if self.name in ctx.facts:
            return list(ctx.facts[self.name])
        return sorted(self.compute(ctx))


FACTS: list[CrossItemFact] = []


def cross_item_fact(
    name: str, *, reads: tuple[str, ...], affects: tuple[str, ...]
) -> Callable[[Callable[[RuleContext], Iterable[str]]], CrossItemFact]:
    """Declare ``compute`` as the cross-item fact ``name`` (see :class:`CrossItemFact`)."""

    def register(compute: Callable[[RuleContext], Iterable[str]]) -> CrossItemFact:
        declared = CrossItemFact(name, reads, affects, lambda ctx: sorted(compute(ctx)))
        FACTS.append(declared)
        return declared

    return register


# -- rendering -----------------------------------------------------------------------------------------


def _format_column(values: pd.Series, spec: str) -> pa.Array:
    """``format(value, spec)`` of each distinct value once; missing values become ``""``."""
    if not spec and isinstance(values.dtype, pd.StringDtype):  # already text: used as it is
        return pc.fill_null(arrow_strings(values), "")
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = np.asarray(uniques, dtype=object)  # iterating an Arrow array yields one value at a time
    formatted = pa.array([format(value, spec) for value in distinct] + [""], type=pa.large_string())
    return formatted.take(pa.array(np.where(codes < 0, len(uniques), codes)))


def render(template: str, frame: pd.DataFrame) -> pd.Series:
    """The template filled in for every row of ``frame`` (``{field}`` or ``{field:spec}``).

    The pieces are joined row-wise in Arrow: a Python string concatenation per row and piece costs
    seconds over a million evidence rows."""
    pieces: list[pa.Array | pa.Scalar] = []
    for literal, name, spec, _ in Formatter().parse(template):
        if literal:
            pieces.append(pa.scalar(literal, type=pa.large_string()))
        if name:
            pieces.append(_format_column(frame[name], spec or ""))
    if not any(isinstance(piece, pa.Array) for piece in pieces):
        pieces.append(pa.array([""] * len(frame), type=pa.large_string()))
    joined = pc.binary_join_element_wise(*pieces, pa.scalar("", type=pa.large_string()))
    return pd.Series(pd.array(joined, dtype=STR), index=frame.index)


# -- helpers for selects -----------------------------------------------------------------------------


def matching_paths(paths: pd.Series, globs: Iterable[str], most: int = 3) -> pd.Series:
    """For each row's list of paths, the first ``most`` matching ``globs`` joined by ", "; rows with no
    match are left out."""
    regex = glob_regex(globs)
    exploded = paths.explode().dropna()
    if regex is None or exploded.empty:
        return pd.Series(dtype=object)
    exploded = exploded.astype(str)
    hits = exploded[exploded.str.match(regex)]
    if hits.empty:
        return pd.Series(dtype=object)
    grouped = hits.groupby(level=0, sort=True)
    shown = grouped.head(most).groupby(level=0).agg(", ".join)
    extra = grouped.size() - most
    suffix = pd.Series(np.where(extra > 0, " and " + extra.astype(str) + " more", ""), index=extra.index)
    return (shown + suffix).astype(object)


def hours(delta: pd.Series) -> pd.Series:
    """A timedelta column in hours (float)."""
    return delta.dt.total_seconds() / 3600.0


def lower_set(values: Iterable[str]) -> set[str]:
    return {value.lower() for value in values}


#: What a reason says instead of a text's words when the store keeps no text (``redact_text``).
WORDS_NOT_STORED = "words not stored"


def cue_quote(texts: pd.Series, pattern: str, unquoted: pd.Series | str = WORDS_NOT_STORED) -> pd.Series:
    """The first words of each (lower-cased) text that ``pattern`` matches, quoted: ``'regression'``;
    ``unquoted`` (per row, or one phrase) where there are none to quote: a text not stored
    (``redact_text``), or an issue whose stored title lacks the words its body had."""
    found = texts.str.extract(f"({pattern})", expand=True)[0].str.strip().str.slice(0, 40)
    quoted = ("'" + found + "'").astype(object)
    fallback = unquoted if isinstance(unquoted, pd.Series) else pd.Series(unquoted, index=texts.index)
    return quoted.where(found.notna() & (found != ""), fallback.reindex(texts.index).astype(object))


def named_risks(reasons: pd.Series) -> pd.Series:
    """The risks a text class reason names, by name (``"load risk, security risk"``), or ``"a risk"``:
    what a risk reason says where the text's words are not stored."""
    names = "|".join(re.escape(name) for name in RISKS)
    found = reasons.astype(str).str.findall(names).map(lambda hits: ", ".join(dict.fromkeys(hits)))
    return found.where(found != "", "a risk").astype(object)


def risk_quotes(reasons: pd.Series) -> pd.Series:
    """The risks a text class reason names with the words it quotes for them (``load risk 'leak sockets',
    security risk 'sql injection'``): the words of the risk the reason names, never another match of the
    risk vocabulary; :func:`named_risks` where the reason quotes none (``redact_text``)."""
    names = "|".join(re.escape(name) for name in RISKS)
    found = reasons.astype(str).str.findall(f"(?:{names}) '.*?'(?=, |$)").map(", ".join)
    return found.where(found != "", named_risks(reasons)).astype(object)


def strip_label(reasons: pd.Series) -> pd.Series:
    """A text class reason without its ``label:`` prefix (``defect: 'leak' (x)`` -> ``'leak' (x)``)."""
    return reasons.str.replace(r"^[a-z_]+: ", "", regex=True)


def on_pull_requests(ctx: RuleContext, frame: pd.DataFrame) -> pd.Series:
    """Bool per row of ``frame``: not a conversation ``comment``, or a comment on a pull request."""
    on = ctx.attrs("comment", ["on"])["on"].reindex(frame.index)
    is_comment = (frame["kind"] == "comment").to_numpy(dtype=bool)
    on_pr = (on == "pull_request").to_numpy(dtype=bool)
    return pd.Series(~is_comment | on_pr, index=frame.index)


def labelled_issues(ctx: RuleContext, labels: frozenset[str]) -> pd.DataFrame:
    """Issues and Jira issues opened by a person (not a bot) with one of ``labels`` (compared
    lower-cased): ``item, actor_person, label`` (their first such label), index = positions, ascending."""
    found = []
    for kind in ISSUE_KINDS:
        ev = ctx.of(kind, columns=["item", "actor_person", "human"])
        listed = ctx.attrs(kind, ["labels"])["labels"].explode().dropna().astype(str)
        hits = listed[listed.str.lower().isin(labels)]
        hits = hits[~hits.index.duplicated()]
        ev = ev.loc[hits.index].assign(label=hits)
        found.append(ev[ev["human"]][["item", "actor_person", "label"]])
    return pd.concat(found).sort_index()


def someone_in(ctx: RuleContext, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of ``frame`` whose raw identity in ``column`` (an attrs field: an owner, an assignee)
    is someone: set and not a bot; with ``<column>_person``, the person it maps to, else the identity."""
    frame = frame[frame[column].notna()]
    frame = frame[~ctx.identities.bots(frame[column])]
    return frame.assign(**{f"{column}_person": ctx.identities.resolve(frame[column])})


def with_text(ctx: RuleContext, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` joined with the text classes of its rows; rows without classified text are dropped."""
    return frame.join(ctx.text, how="inner")


def credit(frame: pd.DataFrame, person: str = "actor_person", **fields: str) -> pd.DataFrame:
    """The select result: ``person`` from column ``person``, plus ``fields`` (name -> source column)."""
    out = pd.DataFrame({"person": frame[person]}, index=frame.index)
    for name, column in fields.items():
        out[name] = frame[column]
    return out
