"""How strongly each piece of evidence stands out, and why: the order of "strongest evidence".

An evidence row's ``strength`` is its rule's ``weight`` plus the points of every *factor* below that
holds for the act; ``why`` names those factors in a few words ("it had waited 52 h, for team web").
Factors are declared once, like the rules, and read only what the act itself shows: they hold only
when the person credited is the one who acted (a retro action's owner or the person who flagged an
issue gets the rule's weight alone). The packet and *My footprint* order their top evidence by
strength, then by recency, one row per item.

Each factor finds, per row, its points and a small integer *value* (0 where it does not hold: the
hours waited, the team helped, the substantive comments counted); ``why`` is rendered once per
distinct combination of values and kept as a categorical, so scoring a million rows builds no string
per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .kinds import RESPONSE_KINDS
from .measures import blocked_stays, first_responses, other_team, stay_at
from .prepare import RuleContext, arrow_strings

#: Text classes that make a comment substantive feedback (as ``reviewing.substantive_comment``).
SUBSTANTIVE = ("defect", "maintainability", "design")


@dataclass(frozen=True)
class Acts:
    """The evidence rows being scored, as arrays aligned with them: ``positions`` of their events in
    ``ctx.events`` and ``own_act`` (the person credited is the event's actor)."""

    ctx: RuleContext
    positions: np.ndarray
    own_act: np.ndarray


#: What a factor finds for each row: its points (0 where it does not hold) and its value (0 there).
Found = tuple[np.ndarray, np.ndarray]
Find = Callable[[Acts], Found]
#: The phrase of a value (never 0) of a factor, e.g. ``"it had waited 52 h"``.
Say = Callable[[int, RuleContext], str]


@dataclass(frozen=True)
class Factor:
    """One reason an act stands out: ``id``, the most ``points`` it adds, what it means (for the README),
    an example of its phrase, how it is found and said, and how many ``bits`` its values need."""

    id: str
    points: float
    description: str
    example: str
    find: Find
    say: Say
    bits: int


FACTORS: list[Factor] = []


def factor(
    factor_id: str, *, points: float, description: str, example: str, say: Say, bits: int
) -> Callable[[Find], Find]:
    """Register ``find`` as strength factor ``factor_id`` (declared once)."""
    if any(existing.id == factor_id for existing in FACTORS):
        raise ValueError(f"factor {factor_id!r} is declared twice")

    def register(find: Find) -> Find:
        FACTORS.append(Factor(factor_id, points, description, example, find, say, bits))
        return find

    return register


# -- per-event facts, computed once per compute --------------------------------------------------------


def _kind_codes(ctx: RuleContext) -> tuple[np.ndarray, dict[str, int]]:
    codes = np.full(len(ctx.events), -1, dtype=np.int16)
    names: dict[str, int] = {}
    for kind in ctx.events["kind"].dropna().unique():
        names[str(kind)] = len(names)
        codes[ctx.rows(str(kind))] = names[str(kind)]
    return codes, names


def _of_kinds(acts: Acts, kinds: tuple[str, ...]) -> np.ndarray:
    codes, names = acts.ctx.once(_kind_codes)
    return np.isin(codes[acts.positions], [names[kind] for kind in kinds if kind in names])


def _label_codes(ctx: RuleContext) -> tuple[np.ndarray, list[str]]:
    """The text class of every event as a code (-1 without a classified text), and the labels."""
    codes = np.full(len(ctx.events), -1, dtype=np.int16)
    label_codes, labels = pd.factorize(ctx.text["label"])
    codes[ctx.text.index.to_numpy()] = label_codes
    return codes, [str(label) for label in labels]


def text_classes(ctx: RuleContext, positions: np.ndarray) -> pd.Categorical:
    """The text class of the events at ``positions`` (missing where none was classified)."""
    codes, labels = ctx.once(_label_codes)
    return pd.Categorical.from_codes(codes[positions].astype(np.int64), categories=labels)


def _in_labels(acts: Acts, wanted: tuple[str, ...]) -> np.ndarray:
    codes, labels = acts.ctx.once(_label_codes)
    return np.isin(codes[acts.positions], [index for index, label in enumerate(labels) if label in wanted])


def _cue(ctx: RuleContext, cue: str) -> np.ndarray:
    found = np.zeros(len(ctx.events), dtype=bool)
    found[ctx.text.index.to_numpy()] = ctx.text[cue].to_numpy(dtype=bool)
    return found


def _risk_cue(ctx: RuleContext) -> np.ndarray:
    return _cue(ctx, "risk")


def _acknowledges_report(ctx: RuleContext) -> np.ndarray:
    return _cue(ctx, "acknowledges_report")


def _first_response_waits(ctx: RuleContext) -> np.ndarray:
    waits = np.full(len(ctx.events), np.nan)
    found = ctx.once(first_responses)
    answered = found[found["response"] >= 0]
    waits[answered["response"].to_numpy(dtype=np.int64)] = answered["waited_hours"].to_numpy(dtype=float)
    return waits


def _teams(ctx: RuleContext) -> list[str]:
    return [team.name for team in ctx.config.teams]


def reached_teams(ctx: RuleContext) -> np.ndarray:
    """Per event: 1 + the index in ``[[teams]]`` of the other team a human's review or comment reached
    (:func:`metrics.measures.other_team`), 0 when none. The ``cross_team`` rules read it too."""
    reached = np.zeros(len(ctx.events), dtype=np.int16)
    rows = ctx.rows(*RESPONSE_KINDS)
    columns = ["container", "actor_team", "target_team", "own", "target_is_bot", "human"]
    frame = ctx.events[columns].take(rows)
    frame = frame[frame["human"].to_numpy(dtype=bool)]
    teams = other_team(frame, ctx.owners)["team"]
    codes = pd.Categorical(teams, categories=_teams(ctx)).codes.astype(np.int16) + 1
    reached[frame.index.to_numpy()] = codes
    return reached


def _substantive_inline(ctx: RuleContext) -> np.ndarray:
    """Per event: for a review, how many of its reviewer's inline comments in it are substantive."""
    counts = np.zeros(len(ctx.events), dtype=np.int64)
    reviews = ctx.rows("review")
    inline = ctx.rows("review_comment")
    if not len(reviews) or not len(inline):
        return counts
    codes, labels = ctx.once(_label_codes)
    inline = inline[
        np.isin(codes[inline], [index for index, label in enumerate(labels) if label in SUBSTANTIVE])
    ]
    review_ids = pd.Index(ctx.events["event_id"].take(reviews).to_numpy())
    found = review_ids.get_indexer(
        ctx.attrs("review_comment", ["review_id"])["review_id"].reindex(inline).to_numpy()
    )
    inline, found = inline[found >= 0], found[found >= 0]
    actors = ctx.events["actor_person"]
    same = actors.take(inline).to_numpy() == actors.take(reviews[found]).to_numpy()
    np.add.at(counts, reviews[found[same]], 1)
    return counts


# -- the factors -------------------------------------------------------------------------------------


def _say_risk(value: int, ctx: RuleContext) -> str:
    return "names a risk" if value == 2 else "finds a defect"


@factor(
    "risk",
    points=2.0,
    description="The act names a risk (its text carries the risk cue: security, data loss, load, "
    "compatibility, deadlines …) or finds a defect (text class defect), unless its text opens by "
    'acknowledging what someone else found ("good catch", "thanks for the report").',
    example="names a risk",
    say=_say_risk,
    bits=2,
)
def _risk(acts: Acts) -> Found:
    # A reply acknowledging what someone else found ("thanks for the report, ...") found nothing itself.
    own = acts.own_act & ~acts.ctx.once(_acknowledges_report)[acts.positions]
    risky = acts.ctx.once(_risk_cue)[acts.positions] & own
    defect = _in_labels(acts, ("defect",)) & own & ~risky
    value = np.where(risky, 2, np.where(defect, 1, 0))
    return np.where(value > 0, 2.0, 0.0), value


_BLOCKED = 1 << 20


def _say_waited(value: int, ctx: RuleContext) -> str:
    hours = (value & (_BLOCKED - 1)) - 1
    duration = f"{hours} h" if hours < 72 else f"{round(hours / 24)} days"
    return f"it had been blocked for {duration}" if value & _BLOCKED else f"it had waited {duration}"


@factor(
    "waited",
    points=2.0,
    description="The act answered work that had waited: the first response to a pull request or issue "
    "after at least behaviours.unblock_wait_hours (1 point; 2 from three times that), or a comment on a "
    "Jira issue that had been in one blocked stay that long.",
    example="it had waited 52 h",
    say=_say_waited,
    bits=21,
)
def _waited(acts: Acts) -> Found:
    ctx = acts.ctx
    threshold = ctx.config.behaviours.unblock_wait_hours
    waited = ctx.once(_first_response_waits)[acts.positions]
    on_jira = np.flatnonzero(_of_kinds(acts, ("jira_comment",)) & acts.own_act)
    blocked_for = np.full(len(acts.positions), np.nan)
    if len(on_jira):
        rows = ctx.events[["item", "created_at"]].take(acts.positions[on_jira])
        stay = stay_at(ctx.once(blocked_stays), rows["item"], rows["created_at"])
        blocked_for[on_jira] = ((rows["created_at"] - stay["began_at"]).dt.total_seconds() / 3600).to_numpy()
    blocked = np.isnan(waited)
    hours = np.where(acts.own_act, np.where(blocked, blocked_for, waited), np.nan)
    holds = hours >= threshold
    points = np.where(hours >= 3 * threshold, 2.0, np.where(holds, 1.0, 0.0))
    rounded = np.minimum(np.round(np.nan_to_num(hours)), _BLOCKED - 2).astype(np.int64) + 1
    return points, np.where(holds, rounded | np.where(blocked, _BLOCKED, 0), 0)


@factor(
    "other_team",
    points=1.0,
    description="Another team was helped: the act (a review or a comment) is on a repository or Jira "
    "project another team owns, or on the work of a person of another team (the cross-team flows' "
    "reading).",
    example="for team web",
    say=lambda value, ctx: f"for team {_teams(ctx)[value - 1]}",
    bits=12,
)
def _other_team(acts: Acts) -> Found:
    value = acts.ctx.once(reached_teams)[acts.positions].astype(np.int64) * acts.own_act
    return np.where(value > 0, 1.0, 0.0), value


def _say_substantive(value: int, ctx: RuleContext) -> str:
    if value == 1:
        return "substantive feedback"
    return f"a review with {value - 1} substantive comment{'s' if value > 2 else ''}"


@factor(
    "substantive",
    points=1.0,
    description="The act (a review or a comment) carries substantive feedback (text class defect, "
    "maintainability or design): a review with such a body or such inline comments counts over a bare "
    "approval.",
    example="a review with 3 substantive comments",
    say=_say_substantive,
    bits=7,
)
def _substantive(acts: Acts) -> Found:
    body = _in_labels(acts, SUBSTANTIVE) & acts.own_act & _of_kinds(acts, RESPONSE_KINDS)
    inline = acts.ctx.once(_substantive_inline)[acts.positions] * acts.own_act
    review = _of_kinds(acts, ("review",))
    total = np.minimum(inline + body, 100)
    value = np.where(review & (total > 0), total + 1, np.where(body, 1, 0))
    return np.where(value > 0, 1.0, 0.0), value


@factor(
    "less_senior",
    points=1.0,
    description="The act (a review or a comment) is on the work of someone less senior (both have a "
    "level in [[people]] and the author's is lower).",
    example="for a less senior author",
    say=lambda value, ctx: "for a less senior author",
    bits=1,
)
def _less_senior(acts: Acts) -> Found:
    rows = acts.ctx.events[["actor_level", "target_level", "own"]].take(acts.positions)
    less = (rows["target_level"] < rows["actor_level"]).to_numpy(dtype=bool)
    holds = less & _of_kinds(acts, RESPONSE_KINDS) & ~rows["own"].to_numpy(dtype=bool) & acts.own_act
    return np.where(holds, 1.0, 0.0), holds.astype(np.int64)


def _why(ctx: RuleContext, keys: np.ndarray) -> pd.Categorical:
    """The phrases of each row's factor values (packed into ``keys``), rendered once per distinct key."""
    codes, uniques = pd.factorize(keys)
    texts = []
    for key in uniques:
        parts, rest = [], int(key)
        for declared in reversed(FACTORS):
            value, rest = rest & ((1 << declared.bits) - 1), rest >> declared.bits
            if value:
                parts.append(declared.say(value, ctx))
        texts.append(", ".join(reversed(parts)))
    categories, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(inverse[codes] if len(codes) else codes, categories=categories)


def score(ctx: RuleContext, evidence: pd.DataFrame) -> tuple[np.ndarray, pd.Categorical]:
    """``strength`` (weight + factor points) and ``why`` (the factors' phrases, ", "-joined; empty when
    none holds) of each row of ``evidence`` (columns ``_position, person, weight``)."""
    positions = evidence["_position"].to_numpy(dtype=np.int64)
    actors = ctx.events["actor_person"].take(positions).to_numpy()
    own_act = (actors == evidence["person"].to_numpy()) & pd.notna(actors)
    acts = Acts(ctx, positions, own_act)
    strength = evidence["weight"].to_numpy(dtype=float).copy()
    keys = np.zeros(len(positions), dtype=np.int64)
    for declared in FACTORS:
        points, value = declared.find(acts)
        strength += points
        keys = (keys << declared.bits) | np.minimum(value, (1 << declared.bits) - 1).astype(np.int64)
    return strength, _why(ctx, keys)


def strongest_order(evidence: pd.DataFrame) -> np.ndarray:
    """The positions in ``evidence`` of each item's strongest row, the strongest first: by strength,
    then the most recent, then event id (ties in row order). Sorted in Arrow on those three columns
    only: sorting the wide evidence frame itself copies every column, and pandas factorises each
    Arrow-backed key first (most of a person page's ranking time)."""
    if evidence.empty:
        return np.zeros(0, dtype=np.int64)
    created = pd.DatetimeIndex(evidence["created_at"])
    strength = evidence["strength"].to_numpy(dtype=float)
    if created.hasnans or np.isnan(strength).any():  # pandas puts missing keys last: keep its order
        ordered = evidence.reset_index(drop=True).sort_values(
            ["strength", "created_at", "event_id"], ascending=[False, False, True], kind="stable"
        )
        order = ordered.index.to_numpy(dtype=np.int64)
    else:
        keys = pa.table(
            {
                "strength": strength,
                "created_at": created.asi8,
                "event_id": arrow_strings(evidence["event_id"]),
            }
        )
        order = pc.sort_indices(
            keys, [("strength", "descending"), ("created_at", "descending"), ("event_id", "ascending")]
        ).to_numpy()
    # codes number the items in order of first appearance, so each item's first index comes out sorted
    items, _ = pd.factorize(evidence["item"].to_numpy(dtype=object)[order], use_na_sentinel=False)
    _, first = np.unique(items, return_index=True)
    return order[first]


def strongest(evidence: pd.DataFrame, most: int) -> pd.DataFrame:
    """The ``most`` strongest rows of ``evidence``: by strength, then the most recent, then event id;
    at most one row per item (its strongest), so one busy pull request cannot fill the list."""
    if evidence.empty:
        return evidence
    return evidence.take(strongest_order(evidence)[:most])
