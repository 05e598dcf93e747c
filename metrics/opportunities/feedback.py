"""Feedback a reviewer keeps giving by hand, which a lint rule, a doc or a convention could give."""

from __future__ import annotations

import pandas as pd

from ..rules.base import on_pull_requests
from ..textclass.feedback import feedback_kinds
from .base import OpportunityContext, listed, opportunity

#: Where review feedback is written: review bodies, inline comments, conversation comments on a PR.
FEEDBACK_KINDS = ("review", "review_comment", "comment")


def feedback_acts(octx: OpportunityContext) -> pd.DataFrame:
    """Review feedback in the window by a configured person on a pull request of another person (not a
    bot), with its kind (:func:`metrics.textclass.feedback.feedback_kinds`): ``person, item, url,
    created_at, kind``, in time order."""
    ctx = octx.rules
    columns = ["kind", "item", "url", "created_at", "actor_person", "human", "own", "target_person",
               "target_is_bot"]  # fmt: skip
    acts = octx.acts(*FEEDBACK_KINDS, columns=columns)
    keep = acts["human"] & ~acts["own"] & acts["target_person"].notna() & ~acts["target_is_bot"]
    keep &= acts["actor_person"].isin(list(ctx.identities.people)) & octx.in_window(acts["created_at"])
    keep &= ~acts["target_person"].isin(ctx.identities.excluded)
    acts = acts[keep.to_numpy(dtype=bool)]
    acts = acts[on_pull_requests(ctx, acts).to_numpy(dtype=bool)]
    text = ctx.text.reindex(acts.index)
    acts = acts.assign(feedback=feedback_kinds(ctx.texts.reindex(acts.index), text["label"]))
    acts = acts[acts["feedback"].notna().to_numpy(dtype=bool)]
    acts = acts.drop(columns="kind").rename(columns={"actor_person": "person", "feedback": "kind"})
    return acts[["person", "item", "url", "created_at", "kind"]]


@opportunity(
    "repeated_feedback",
    behaviours=("improvement",),
    description="A person gave the same kind of maintainability feedback (naming, documentation, tests, "
    "formatting, structure, ...) on at least behaviours.repeated_feedback_prs different pull requests of "
    "other people in the window: suggest a lint rule, a doc or a convention.",
    reason="{kind} feedback on {count} pull requests of other people: {prs}",
)
def repeated_feedback(octx: OpportunityContext) -> pd.DataFrame:
    acts = feedback_acts(octx).sort_values("created_at", kind="stable")
    firsts = acts.drop_duplicates(["person", "kind", "item"])  # the first feedback on each pull request
    enough = octx.config.behaviours.repeated_feedback_prs
    rows = []
    for (person, kind), group in firsts.groupby(["person", "kind"], sort=True):
        if len(group) < enough:
            continue
        making = group.iloc[enough - 1]
        rows.append(
            {
                "person": person,
                "item": f"feedback:{kind}",
                "url": making["url"],
                "since": making["created_at"],
                "kind": kind,
                "count": len(group),
                "prs": listed(group["item"]),
            }
        )
    frame = pd.DataFrame(rows, columns=["person", "item", "url", "since", "kind", "count", "prs"])
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    return frame
