"""Mentoring: supports and grows teammates (DESIGN §7).

Only feedback toward someone less senior counts: both people need a ``level`` in ``[[people]]`` and the
author's must be lower. Feedback is an inline review comment, a review body or a pull-request comment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..prepare import RuleContext
from .base import credit, on_pull_requests, rule, with_text

_FEEDBACK_CUES = ("suggestion", "explanation", "docs_link")
_CUE_WORDS = {"suggestion": "suggestion", "explanation": "explanation", "docs_link": "link to docs"}


def _toward_juniors(ctx: RuleContext) -> pd.DataFrame:
    columns = ["kind", "item", "actor_person", "own", "actor_level", "target_level"]
    ev = ctx.of("review", "review_comment", "comment", columns=columns)
    ev = ev[~ev["own"] & (ev["actor_level"] > ev["target_level"])]
    return with_text(ctx, ev[on_pull_requests(ctx, ev)])


def _cue_names(frame: pd.DataFrame) -> pd.Series:
    """ "suggestion and explanation" style names of the feedback cues present in each row."""
    code = np.zeros(len(frame), dtype=np.int64)
    for bit, cue in enumerate(_FEEDBACK_CUES):
        code |= frame[cue].to_numpy(dtype=bool).astype(np.int64) << bit
    names = []
    for value in range(1 << len(_FEEDBACK_CUES)):
        words = [_CUE_WORDS[cue] for bit, cue in enumerate(_FEEDBACK_CUES) if value >> bit & 1]
        names.append(" and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words))
    return pd.Series(np.array(names, dtype=object)[code], index=frame.index)


@rule(
    "mentoring.feedback",
    weight=1.0,
    description="Explanatory or suggesting feedback (a suggestion, an explanation, a link to docs) on a "
    "pull request of someone less senior (level).",
    reason="{cues} for a less senior author on {item} (level {target_level:.0f}, reviewer {actor_level:.0f})",
)
def feedback(ctx: RuleContext) -> pd.DataFrame:
    ev = _toward_juniors(ctx)
    ev = ev[ev[list(_FEEDBACK_CUES)].any(axis=1)]
    ev = ev.assign(cues=_cue_names(ev))
    return credit(ev, cues="cues", item="item", target_level="target_level", actor_level="actor_level")


@rule(
    "mentoring.praise",
    weight=0.5,
    description="Praise on a pull request of someone less senior (level).",
    reason="praise for a less senior author on {item} (level {target_level:.0f}, reviewer {actor_level:.0f})",
    joined="with praise",
)
def praise(ctx: RuleContext) -> pd.DataFrame:
    ev = _toward_juniors(ctx)
    ev = ev[ev["label"] == "praise"]
    return credit(ev, item="item", target_level="target_level", actor_level="actor_level")
