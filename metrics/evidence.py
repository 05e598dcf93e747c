"""Evidence rows: every rule applied to the prepared events, each row explained by its rule's reason.

One act counts once per behaviour: the rows several rules of one behaviour give for the same event and
person are merged into one (:func:`merge_acts`); an act may still show several behaviours (an approval
can be reviewing and unblocking). Each row carries its strength and why (:mod:`metrics.strength`).
"""

from __future__ import annotations

from collections.abc import Iterable

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


def _joined(values: pa.Array, starts: np.ndarray, sizes: np.ndarray, firsts: pa.Array, sep: str) -> pa.Array:
    """Per group (``starts``/``sizes`` into ``values``): its first value from ``firsts``, then every
    other member's value in order, ``sep``-joined. Vectorised over the members' ranks: an act rarely
    matches more than a few rules of one behaviour."""
    many = np.flatnonzero(sizes > 1)
    if not len(many):
        return firsts
    joined = firsts.take(pa.array(many))
    separator = pa.scalar(sep, type=pa.large_string())
    for rank in range(1, int(sizes.max())):
        more = np.flatnonzero(sizes[many] > rank)
        piece = values.take(pa.array(starts[many[more]] + rank))
        longer = pc.binary_join_element_wise(joined.take(pa.array(more)), piece, separator)
        mask = np.zeros(len(many), dtype=bool)
        mask[more] = True
        joined = pc.replace_with_mask(joined, pa.array(mask), longer)
    mask = np.zeros(len(firsts), dtype=bool)
    mask[many] = True
    return pc.replace_with_mask(firsts, pa.array(mask), joined)


def merge_acts(rows: pd.DataFrame, rules: tuple[Rule, ...]) -> pd.DataFrame:
    """One row per ``(event, person, behaviour)``: several rules of one behaviour that matched the same
    act make one row, with the strongest rule (highest weight, then the first declared), its weight and
    time, every reason (the strongest's first, then the others' ``joined`` form, "; "-joined) and every
    rule id (``rules``). Rows of different behaviours stay apart. Vectorised (one sort)."""
    behaviour_of = np.array([BEHAVIOUR_IDS.index(rule.behaviour) for rule in rules], dtype=np.int64)
    rule_order = rows["_rule"].to_numpy(dtype=np.int64)
    behaviour = behaviour_of[rule_order]
    positions = rows["_position"].to_numpy(dtype=np.int64)
    people, _ = pd.factorize(rows["person"])
    order = np.lexsort((rule_order, -rows["weight"].to_numpy(), behaviour, people, positions))
    sorted_pos, sorted_people, sorted_behaviour = positions[order], people[order], behaviour[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (
        (sorted_pos[1:] != sorted_pos[:-1])
        | (sorted_people[1:] != sorted_people[:-1])
        | (sorted_behaviour[1:] != sorted_behaviour[:-1])
    )
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(order)))
    kept = order[starts]
    merged = rows.drop(columns=["reason", "_joined"]).take(kept).reset_index(drop=True)
    merged["behaviour"] = np.asarray(BEHAVIOUR_IDS, dtype=object)[behaviour[kept]]
    ids = np.asarray([rule.id for rule in rules], dtype=object)
    merged["rule"] = ids[rule_order[kept]]
    take = pa.array(order)
    reasons = arrow_strings(rows["reason"]).take(take)
    joined = arrow_strings(rows["_joined"]).take(take)
    merged["reason"] = pd.array(
        _joined(joined, starts, sizes, reasons.take(pa.array(starts)), REASON_SEPARATOR), dtype=STR
    )
    rule_ids = pa.array(ids[rule_order[order]], type=pa.large_string())
    merged["rules"] = pd.array(
        _joined(rule_ids, starts, sizes, rule_ids.take(pa.array(starts)), RULE_SEPARATOR), dtype=STR
    )
    return merged


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
    out = merge_acts(out[~drop], rules)
    if out.empty:
        return empty_evidence()
    out["strength"], out["why"] = score(ctx, out)
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    # ctx.events is ordered by (created_at, event_id), so its positions order event ids within one
    # time; sorting integers avoids a string sort of a million ids.
    moments = out["created_at"].dt.tz_localize(None).to_numpy().astype("datetime64[us]").astype(np.int64)
    order = np.lexsort((out["_rule"].to_numpy(), out["_position"].to_numpy(), moments))
    out = _take(out, order)
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
