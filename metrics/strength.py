"""How strongly each piece of evidence stands out, and why: the order of "strongest evidence".

An evidence row's ``strength`` is its rule's ``weight`` plus the points of every *factor* below that
holds for the act; ``why`` names those factors in a few words ("it had waited 52 h, for team web").
Factors are declared once, like the rules, and read only what the act itself shows: they hold only
when the person credited is the one who acted (a retro action's owner or the person who flagged an
issue gets the rule's weight alone). The packet and *My footprint* order their top evidence by
strength, then by recency, one row per item.
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
from .prepare import STR, RuleContext

#: Text classes that make a comment substantive feedback (as ``reviewing.substantive_comment``).
SUBSTANTIVE = ("defect", "maintainability", "design")


@dataclass(frozen=True)
class Acts:
    """The evidence rows being scored, as arrays aligned with them: ``positions`` of their events in
    ``ctx.events`` and ``own_act`` (the person credited is the event's actor)."""

    ctx: RuleContext
    positions: np.ndarray
    own_act: np.ndarray


#: What a factor finds for each row: its points (0 where it does not hold) and its phrase (null there).
Found = tuple[np.ndarray, pa.Array]
Find = Callable[[Acts], Found]


@dataclass(frozen=True)
class Factor:
    """One reason an act stands out: ``id``, the most ``points`` it adds, what it means (for the README)
    and an example of the phrase ``why`` shows."""

    id: str
    points: float
    description: str
    example: str
    find: Find


FACTORS: list[Factor] = []


def factor(factor_id: str, *, points: float, description: str, example: str) -> Callable[[Find], Find]:
    """Register ``find`` as strength factor ``factor_id`` (declared once)."""
    if any(existing.id == factor_id for existing in FACTORS):
        raise ValueError(f"factor {factor_id!r} is declared twice")

    def register(find: Find) -> Find:
        FACTORS.append(Factor(factor_id, points, description, example, find))
        return find

    return register


def _phrases(holds: np.ndarray, texts: str | np.ndarray) -> pa.Array:
    """A phrase where ``holds``, null elsewhere; ``texts`` is one phrase for all, or one per holding
    row (in order). Built in Arrow: no Python string per evidence row."""
    nulls = pa.nulls(len(holds), type=pa.large_string())
    mask = pa.array(holds, type=pa.bool_())
    if isinstance(texts, str):
        return pc.if_else(mask, pa.scalar(texts, type=pa.large_string()), nulls)
    return pc.replace_with_mask(nulls, mask, pa.array(texts, type=pa.large_string()))


def _duration(hours: np.ndarray) -> np.ndarray:
    """``52 h`` under three days, ``4 days`` from then on (formatted once per distinct value)."""
    codes, uniques = pd.factorize(np.where(hours < 72, np.round(hours), 1000 * np.round(hours / 24)))
    words = [f"{value / 1000:.0f} days" if value >= 1000 else f"{value:.0f} h" for value in uniques]
    return np.asarray(words, dtype=object)[codes]


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


def _cue(ctx: RuleContext, cue: str) -> np.ndarray:
    found = np.zeros(len(ctx.events), dtype=bool)
    found[ctx.text.index.to_numpy()] = ctx.text[cue].to_numpy(dtype=bool)
    return found


def _in_labels(acts: Acts, wanted: tuple[str, ...]) -> np.ndarray:
    codes, labels = acts.ctx.once(_label_codes)
    chosen = [index for index, label in enumerate(labels) if label in wanted]
    return np.isin(codes[acts.positions], chosen)


@factor(
    "risk",
    points=2.0,
    description="The act names a risk (its text carries the risk cue: security, data loss, load, "
    "compatibility, deadlines …) or finds a defect (text class defect).",
    example="names a risk",
)
def _risk(acts: Acts) -> Found:
    risky = _cue(acts.ctx, "risk")[acts.positions] & acts.own_act
    defect = _in_labels(acts, ("defect",)) & acts.own_act & ~risky
    holds = risky | defect
    phrase = np.where(risky[holds], "names a risk", "finds a defect").astype(object)
    return np.where(holds, 2.0, 0.0), _phrases(holds, phrase)


def _first_response_waits(ctx: RuleContext) -> np.ndarray:
    waits = np.full(len(ctx.events), np.nan)
    found = ctx.once(first_responses)
    answered = found[found["response"] >= 0]
    waits[answered["response"].to_numpy(dtype=np.int64)] = answered["waited_hours"].to_numpy(dtype=float)
    return waits


@factor(
    "waited",
    points=2.0,
    description="The act answered work that had waited: the first response to a pull request or issue "
    "after at least behaviours.unblock_wait_hours (1 point; 2 from three times that), or a comment on a "
    "Jira issue that had been in one blocked stay that long.",
    example="it had waited 52 h",
)
def _waited(acts: Acts) -> Found:
    ctx = acts.ctx
    threshold = ctx.config.behaviours.unblock_wait_hours
    waited = ctx.once(_first_response_waits)[acts.positions]
    kinds = ctx.events["kind"].take(acts.positions).to_numpy()
    on_jira = np.flatnonzero((kinds == "jira_comment") & acts.own_act)
    blocked_for = np.full(len(acts.positions), np.nan)
    if len(on_jira):
        rows = ctx.events[["item", "created_at"]].take(acts.positions[on_jira])
        stay = stay_at(ctx.once(blocked_stays), rows["item"], rows["created_at"])
        blocked_for[on_jira] = ((rows["created_at"] - stay["began_at"]).dt.total_seconds() / 3600).to_numpy()
    hours = np.where(np.isnan(waited), blocked_for, waited)
    hours = np.where(acts.own_act, hours, np.nan)
    holds = hours >= threshold
    points = np.where(hours >= 3 * threshold, 2.0, np.where(holds, 1.0, 0.0))
    lead = np.where(np.isnan(waited[holds]), "it had been blocked for ", "it had waited ").astype(object)
    return points, _phrases(holds, lead + _duration(hours[holds]))


@factor(
    "other_team",
    points=1.0,
    description="Another team was helped: the act (a review or a comment) is on a repository or Jira "
    "project another team owns, or on the work of a person of another team (the cross-team flows' "
    "reading).",
    example="for team web",
)
def _other_team(acts: Acts) -> Found:
    columns = ["container", "actor_team", "target_team", "own", "target_is_bot", "human", "kind"]
    rows = acts.ctx.events[columns].take(acts.positions).reset_index(drop=True)
    reached = other_team(rows, acts.ctx.owners)["team"].to_numpy(dtype=object)
    responds = rows["kind"].isin(RESPONSE_KINDS).to_numpy(dtype=bool)
    holds = pd.notna(reached) & rows["human"].to_numpy(dtype=bool) & responds & acts.own_act
    return np.where(holds, 1.0, 0.0), _phrases(holds, "for team " + reached[holds].astype(str).astype(object))


def _substantive_inline(ctx: RuleContext) -> np.ndarray:
    """Per event: for a review, how many of its reviewer's inline comments in it are substantive."""
    counts = np.zeros(len(ctx.events), dtype=np.int64)
    reviews = ctx.rows("review")
    inline = ctx.rows("review_comment")
    if not len(reviews) or not len(inline):
        return counts
    codes, labels = ctx.once(_label_codes)
    chosen = [index for index, label in enumerate(labels) if label in SUBSTANTIVE]
    inline = inline[np.isin(codes[inline], chosen)]
    review_ids = pd.Index(ctx.events["event_id"].take(reviews).to_numpy())
    of = ctx.attrs("review_comment", ["review_id"])["review_id"].reindex(inline).to_numpy()
    found = review_ids.get_indexer(of)
    inline, found = inline[found >= 0], found[found >= 0]
    actors = ctx.events["actor_person"]
    same = actors.take(inline).to_numpy() == actors.take(reviews[found]).to_numpy()
    np.add.at(counts, reviews[found[same]], 1)
    return counts


@factor(
    "substantive",
    points=1.0,
    description="The act (a review or a comment) carries substantive feedback (text class defect, "
    "maintainability or design): a review with such a body or such inline comments counts over a bare "
    "approval.",
    example="a review with 3 substantive comments",
)
def _substantive(acts: Acts) -> Found:
    ctx = acts.ctx
    responds = ctx.events["kind"].take(acts.positions).isin(RESPONSE_KINDS).to_numpy(dtype=bool)
    body = _in_labels(acts, SUBSTANTIVE) & acts.own_act & responds
    inline = ctx.once(_substantive_inline)[acts.positions] * acts.own_act
    review = ctx.events["kind"].take(acts.positions).to_numpy() == "review"
    holds = body | (inline > 0)
    total, review = inline[holds] + body[holds], review[holds]
    counted = np.array([f"a review with {n} substantive comment{'s' if n > 1 else ''}" for n in range(51)])
    text = np.where(review, counted[np.minimum(total, 50)], "substantive feedback").astype(object)
    return np.where(holds, 1.0, 0.0), _phrases(holds, text)


@factor(
    "less_senior",
    points=1.0,
    description="The act (a review or a comment) is on the work of someone less senior (both have a "
    "level in [[people]] and the author's is lower).",
    example="for a less senior author",
)
def _less_senior(acts: Acts) -> Found:
    rows = acts.ctx.events[["actor_level", "target_level", "own", "kind"]].take(acts.positions)
    less = (rows["target_level"] < rows["actor_level"]).to_numpy(dtype=bool)
    responds = rows["kind"].isin(RESPONSE_KINDS).to_numpy(dtype=bool)
    holds = less & responds & ~rows["own"].to_numpy(dtype=bool) & acts.own_act
    return np.where(holds, 1.0, 0.0), _phrases(holds, "for a less senior author")


def score(ctx: RuleContext, evidence: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """``strength`` (weight + factor points) and ``why`` (the factors' phrases, ", "-joined; empty when
    none holds) of each row of ``evidence`` (columns ``_position, person, weight``)."""
    positions = evidence["_position"].to_numpy(dtype=np.int64)
    actors = ctx.events["actor_person"].take(positions).to_numpy()
    own_act = (actors == evidence["person"].to_numpy()) & pd.notna(actors)
    acts = Acts(ctx, positions, own_act)
    strength = evidence["weight"].to_numpy(dtype=float).copy()
    sep = pa.scalar(", ", type=pa.large_string())
    why = pa.nulls(len(positions), type=pa.large_string())
    for declared in FACTORS:
        points, phrase = declared.find(acts)
        strength += points
        # joined where both are present, else whichever is (binary_join's "skip" mode drops rows)
        why = pc.coalesce(pc.binary_join_element_wise(why, phrase, sep), why, phrase)
    why = pc.fill_null(why, "")
    return strength, pd.Series(pd.array(why, dtype=STR), index=evidence.index)


def strongest(evidence: pd.DataFrame, most: int) -> pd.DataFrame:
    """The ``most`` strongest rows of ``evidence``: by strength, then the most recent, then event id;
    at most one row per item (its strongest), so one busy pull request cannot fill the list."""
    if evidence.empty:
        return evidence
    ordered = evidence.sort_values(
        ["strength", "created_at", "event_id"], ascending=[False, False, True], kind="stable"
    )
    return ordered.drop_duplicates("item").head(most)
