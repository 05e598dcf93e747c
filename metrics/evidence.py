"""Evidence rows: every rule applied to the prepared events, each row explained by its rule's reason.

One act counts once per behaviour: the rows several rules of one behaviour give for the same event and
person are merged into one (:func:`merge_acts`); an act may still show several behaviours (an approval
can be reviewing and unblocking). Each row carries its strength and why (:mod:`metrics.strength`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from collectors.events import GHOST

from .behaviours import BEHAVIOUR_IDS
from .prepare import STR, RuleContext, arrow_strings
from .rules import RULES, Rule
from .rules.base import render
from .strength import score, text_classes

#: The evidence columns a snapshot exports (DESIGN §6, a stable interface; ``strength``, ``why`` and
#: ``rules`` added at the end by issue 13).
SNAPSHOT_EVIDENCE_COLUMNS: tuple[str, ...] = (
    "event_id",
    "person",
    "behaviour",
    "weight",
    "rule",
    "reason",
    "created_at",
    "url",
    "strength",
    "why",
    "rules",
)
#: Evidence columns: the exported ones first, then what the dashboard links, filters and quotes by.
EVIDENCE_COLUMNS: tuple[str, ...] = (*SNAPSHOT_EVIDENCE_COLUMNS, "team", "item", "kind", "text_class")
#: Separator of the reasons (and of the rule ids) of one act's merged rows.
REASON_SEPARATOR = "; "
RULE_SEPARATOR = ", "


def empty_evidence() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in EVIDENCE_COLUMNS})
    frame["weight"] = frame["weight"].astype(float)
    frame["strength"] = frame["strength"].astype(float)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


#: Columns evidence copies from the event it was found in (taken once, after sorting: taking strings
#: from the concatenation of 27 rule frames, a chunked Arrow array, is several times slower).
FROM_EVENT_COLUMNS = ("event_id", "url", "item", "kind")


def _rows(ctx: RuleContext, rule: Rule, order: int) -> pd.DataFrame | None:
    selected = rule.select(ctx)
    rule.check_result(selected)
    selected = selected[selected["person"].notna()]
    if selected.empty:
        return None
    positions = selected.index.to_numpy()
    # naive UTC datetime64 (a time-zone-aware column's to_numpy() would box every value)
    times = selected["created_at"] if "created_at" in selected else ctx.events["created_at"].take(positions)
    created = pd.to_datetime(times, utc=True).dt.tz_convert(None).to_numpy()
    reason = render(rule.reason, selected).to_numpy()
    return pd.DataFrame(
        {
            "_position": positions,
            "_rule": order,
            "created_at": created,
            "person": selected["person"].to_numpy(),
            "weight": float(rule.weight),
            "reason": reason,
            "_joined": render(rule.joined, selected).to_numpy() if rule.joined else reason,
        }
    )


def _take(frame: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """``frame.take(order)`` with a fresh RangeIndex; Arrow string columns are made contiguous first,
    because a take from a column concatenated out of many frames (a chunked array) is slow."""
    columns = {}
    for name, column in frame.items():
        if isinstance(column.dtype, pd.StringDtype):
            taken = arrow_strings(column).take(pa.array(order))
            columns[name] = pd.Series(pd.array(taken, dtype=column.dtype))
        else:
            columns[name] = column.take(order).reset_index(drop=True)
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class MergePlan:
    """How rule rows become acts: ``kept`` (indices of the rows kept, one per act: its strongest rule's
    row), and for the acts several rules matched, ``multi`` (indices into ``kept``) with their joined
    ``reasons`` and ``rules``."""

    kept: np.ndarray
    multi: np.ndarray
    reasons: list[str]
    rules: list[str]


def plan_merge(rows: pd.DataFrame, rules: tuple[Rule, ...]) -> MergePlan:
    """Group ``rows`` (rule rows: ``_position, _rule, person, weight, reason, _joined``) by event,
    person and behaviour; the strongest rule is the highest weight, then the first declared. Most acts
    match one rule: a hash of the key finds the few that match several, and only those are sorted and
    have their reasons joined (in Python): the strongest's reason first, then the others' ``joined``
    form, in strength then declaration order."""
    behaviour_of = np.array([BEHAVIOUR_IDS.index(rule.behaviour) for rule in rules], dtype=np.int64)
    # rank of each rule in strength order: highest weight first, then declaration order
    rank_of = np.empty(len(rules), dtype=np.int64)
    rank_of[sorted(range(len(rules)), key=lambda i: (-rules[i].weight, i))] = np.arange(len(rules))
    rule_order = rows["_rule"].to_numpy(dtype=np.int64)
    people, uniques = pd.factorize(rows["person"])
    key = rows["_position"].to_numpy(dtype=np.int64) * (len(uniques) + 1) + people
    key = key * len(BEHAVIOUR_IDS) + behaviour_of[rule_order]
    several = pd.Series(key).duplicated(keep=False).to_numpy()
    single = np.flatnonzero(~several)
    shared = np.flatnonzero(several)
    order = shared[np.lexsort((rank_of[rule_order[shared]], key[shared]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order[1:]] != key[order[:-1]]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(order)))
    ids = [rule.id for rule in rules]
    reasons, joined = arrow_strings(rows["reason"]), arrow_strings(rows["_joined"])
    parts_of_reasons: list[list[str | None]] = []
    parts_of_rules: list[list[str | None]] = []
    for rank in range(int(sizes.max(initial=0))):
        member = order[np.minimum(starts + rank, len(order) - 1)]
        present = sizes > rank
        texts = (reasons if rank == 0 else joined).take(pa.array(member)).to_pylist()
        parts_of_reasons.append([text if keep else None for text, keep in zip(texts, present, strict=True)])
        parts_of_rules.append(
            [ids[i] if keep else None for i, keep in zip(rule_order[member], present, strict=True)]
        )
    kept = np.concatenate([single, order[starts]])
    return MergePlan(
        kept=kept,
        multi=np.arange(len(single), len(kept)),
        reasons=[REASON_SEPARATOR.join(filter(None, parts)) for parts in zip(*parts_of_reasons, strict=True)],
        rules=[RULE_SEPARATOR.join(filter(None, parts)) for parts in zip(*parts_of_rules, strict=True)],
    )


def _patched(values: pd.Series, at: np.ndarray, texts: list[str]) -> pd.Series:
    """``values`` (strings) with the values at positions ``at`` replaced by ``texts``."""
    if not len(at):
        return values
    mask = np.zeros(len(values), dtype=bool)
    mask[at] = True
    order = np.argsort(at, kind="stable")
    replaced = pc.replace_with_mask(
        arrow_strings(values), pa.array(mask), pa.array([texts[i] for i in order], type=pa.large_string())
    )
    return pd.Series(pd.array(replaced, dtype=STR), index=values.index)


def _apply(rows: pd.DataFrame, plan: MergePlan, order: np.ndarray, rules: tuple[Rule, ...]) -> pd.DataFrame:
    """The acts of ``plan`` in ``order`` (indices into ``plan.kept``): the strongest rule's row, its
    behaviour and rule id, the joined reasons and rule ids where several rules matched."""
    taken = plan.kept[order]
    out = _take(rows.drop(columns="_joined"), taken)
    rule_order = pa.array(out["_rule"].to_numpy(dtype=np.int64))
    for column, names in (("behaviour", [r.behaviour for r in rules]), ("rule", [r.id for r in rules])):
        out[column] = pd.array(pa.array(names, type=pa.large_string()).take(rule_order), dtype=STR)
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.arange(len(order))
    at = where[plan.multi]
    out["reason"] = _patched(out["reason"], at, plan.reasons)
    out["rules"] = _rule_sets(out["_rule"].to_numpy(dtype=np.int64), at, plan.rules, rules)
    return out


def _rule_sets(
    rule_order: np.ndarray, at: np.ndarray, joined: list[str], rules: tuple[Rule, ...]
) -> pd.Categorical:
    """The ``rules`` column: each act's rule id, or at ``at`` the ``joined`` ids of the rules merged into
    it. A categorical: an act's rule ids are one of few distinct sets, no string per row."""
    categories = [rule.id for rule in rules]
    combos = pd.unique(pd.Series(joined, dtype=object))
    categories += [combo for combo in combos if combo not in set(categories)]
    codes = rule_order.copy()
    if len(at):
        codes[at] = pd.Index(categories).get_indexer(pd.Series(joined, dtype=object))
    return pd.Categorical.from_codes(codes, categories=categories)


def merge_acts(rows: pd.DataFrame, rules: tuple[Rule, ...]) -> pd.DataFrame:
    """One row per ``(event, person, behaviour)``: several rules of one behaviour that matched the same
    act make one row, with the strongest rule (highest weight, then the first declared), its weight and
    time, every reason (the strongest's first, then the others' ``joined`` form, "; "-joined) and every
    rule id (``rules``). Rows of different behaviours stay apart (:func:`plan_merge`). In the order of
    the rows kept."""
    plan = plan_merge(rows, rules)
    return _apply(rows, plan, np.argsort(plan.kept, kind="stable"), rules)


def build_evidence(ctx: RuleContext, rules: Iterable[Rule] = RULES) -> pd.DataFrame:
    """All evidence, one row per act, person and behaviour (:func:`merge_acts`), each with its
    ``strength`` and ``why`` (:mod:`metrics.strength`); bots, deleted accounts and excluded people get
    none. Sorted by ``created_at``, then event (``ctx.events`` order: event id within one time), then
    rule (declaration order); columns :data:`EVIDENCE_COLUMNS`."""
    rules = tuple(rules)
    frames = [frame for frame in (_rows(ctx, rule, i) for i, rule in enumerate(rules)) if frame is not None]
    if not frames:
        return empty_evidence()
    out = pd.concat(frames, ignore_index=True)
    person = out["person"]
    drop = ctx.identities.bots(person) | (person == GHOST).to_numpy(dtype=bool)
    drop |= person.isin(ctx.identities.excluded).to_numpy(dtype=bool)
    if drop.any():
        out = out[~drop].reset_index(drop=True)
    if out.empty:
        return empty_evidence()
    plan = plan_merge(out, rules)
    # ctx.events is ordered by (created_at, event_id), so its positions order event ids within one
    # time; sorting integers avoids a string sort of a million ids. One take of the strings, in the
    # final order, for the merge and the sort together.
    kept = plan.kept
    moments = out["created_at"].to_numpy().astype("datetime64[us]").astype(np.int64)[kept]
    order = np.lexsort((out["_rule"].to_numpy()[kept], out["_position"].to_numpy()[kept], moments))
    out = _apply(out, plan, order, rules)
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    out["strength"], out["why"] = score(ctx, out)
    positions = out["_position"].to_numpy()
    found_in = ctx.events[list(FROM_EVENT_COLUMNS)].take(positions).reset_index(drop=True)
    out = pd.concat([out, found_in], axis=1)
    out["team"] = ctx.identities.teams(out["person"])
    out["text_class"] = text_classes(ctx, positions)
    return out[list(EVIDENCE_COLUMNS)]


def months(times: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each UTC timestamp (formatted once per distinct month)."""
    key = (times.dt.year * 100 + times.dt.month).to_numpy()
    codes, uniques = pd.factorize(key)
    labels = np.array([f"{value // 100:04d}-{value % 100:02d}" for value in uniques], dtype=object)
    return pd.Series(labels[codes], index=times.index, dtype=object)
