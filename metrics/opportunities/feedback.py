"""Feedback a reviewer keeps giving by hand, which a lint rule, a doc or a convention could give.

Each feedback act (:func:`feedback_acts`) is read from the act alone (its text class, target and
``on``), so the compute stores them act by act (``feedback_acts``, :mod:`metrics.stored.feedback_acts`)
and a page counts a person's window of them (:func:`feedback_opportunities`) with the same
:func:`repeated_rows` the rule applies here.
"""

from __future__ import annotations

import pandas as pd

from collectors.config import Config

from ..identities import Identities
from ..rules.base import on_pull_requests
from ..textclass.feedback import KIND_LABELS
from .base import REGISTRY, OpportunityContext, display_names, listed, opportunity
from .build import finished, selected_rows

#: Where review feedback is written: review bodies, inline comments, conversation comments on a PR.
FEEDBACK_KINDS = ("review", "review_comment", "comment")


def feedback_acts(octx: OpportunityContext) -> pd.DataFrame:
    """Review feedback in the window by a configured person on a pull request of another person (not a
    bot), with its kind (:func:`metrics.textclass.feedback.feedback_kinds`, the ``feedback`` column of
    the text classes, which a store with ``redact_text`` keeps too): ``event_id, person, item,
    created_at, kind, url`` (index = positions), in time order. Narrowed on cheap columns first: over a
    million events, most comments are no maintainability feedback."""
    ctx = octx.rules
    acts = octx.acts(*FEEDBACK_KINDS, columns=["created_at", "human", "own", "target_is_bot"])
    labels = ctx.text["label"].reindex(acts.index)
    keep = labels.isin(list(KIND_LABELS)) & acts["human"] & ~acts["own"] & ~acts["target_is_bot"]
    keep &= octx.in_window(acts["created_at"])
    acts = acts[keep.to_numpy(dtype=bool)]
    people = ctx.events[["kind", "actor_person", "target_person"]].iloc[acts.index.to_numpy()]
    keep = people["actor_person"].isin(list(ctx.identities.people)) & people["target_person"].notna()
    keep &= ~people["target_person"].isin(ctx.identities.excluded)
    people = people[keep.to_numpy(dtype=bool)]
    people = people[on_pull_requests(ctx, people).to_numpy(dtype=bool)]
    rows = people.index
    kinds = ctx.text["feedback"].reindex(rows)  # kept with the class: no text needed (redact_text)
    found = kinds.notna().to_numpy(dtype=bool)
    rows = rows[found]
    return pd.DataFrame(
        {
            "event_id": ctx.events["event_id"].take(rows).to_numpy(dtype=object),
            "person": people["actor_person"].to_numpy()[found],
            "item": ctx.events["item"].take(rows).to_numpy(dtype=object),
            "created_at": acts["created_at"].reindex(rows).to_numpy(),
            "kind": kinds.to_numpy()[found],
            "url": ctx.events["url"].take(rows).to_numpy(dtype=object),
        },
        index=rows,
    )


def repeated_rows(acts: pd.DataFrame, enough: int) -> pd.DataFrame:
    """What :func:`repeated_feedback` selects from ``acts`` (:func:`feedback_acts` of the window, in
    time order): per person and kind of feedback on at least ``enough`` pull requests, the count, the
    pull requests and the act that made the count (its time and link)."""
    acts = acts.sort_values("created_at", kind="stable")
    firsts = acts.drop_duplicates(["person", "kind", "item"])  # the first feedback on each pull request
    counts = firsts.groupby(["person", "kind"], sort=False)["item"].transform("size")
    firsts = firsts[(counts >= enough).to_numpy(dtype=bool)]
    turn = firsts.groupby(["person", "kind"], sort=False).cumcount()
    making = firsts[(turn == enough - 1).to_numpy(dtype=bool)]  # the pull request that made the count
    summary = firsts.groupby(["person", "kind"], sort=True)["item"].agg(count="size", prs=listed)
    summary = summary.join(making.set_index(["person", "kind"])[["created_at", "url"]]).reset_index()
    return pd.DataFrame(
        {
            "person": summary["person"],
            "item": "feedback:" + summary["kind"].astype(str),
            "url": summary["url"],
            "since": pd.to_datetime(summary["created_at"], utc=True),
            "kind": summary["kind"],
            "count": summary["count"],
            "prs": summary["prs"],
        }
    )


def feedback_opportunities(
    acts: pd.DataFrame, config: Config, identities: Identities | None = None
) -> pd.DataFrame:
    """The ``repeated_feedback`` opportunities of ``acts`` (stored feedback acts of a window, columns as
    :func:`feedback_acts` makes them, in time order): what :func:`~.build.build_opportunities` of that
    kind gives over the events of the window."""
    identities = identities or Identities(config)
    kind = next(declared for declared in REGISTRY if declared.id == "repeated_feedback")
    selected = repeated_rows(acts, config.behaviours.repeated_feedback_prs)
    kind.check_result(selected)
    return finished(
        [selected_rows(kind, selected, lambda named: display_names(identities, named))], identities
    )


@opportunity(
    "repeated_feedback",
    behaviours=("improvement",),
    description="A person gave the same kind of maintainability feedback (naming, documentation, tests, "
    "formatting, structure, ...) on at least behaviours.repeated_feedback_prs different pull requests of "
    "other people in the window: suggest a lint rule, a doc or a convention.",
    reason="{kind} feedback on {count} pull requests of other people: {prs}",
)
def repeated_feedback(octx: OpportunityContext) -> pd.DataFrame:
    return repeated_rows(feedback_acts(octx), octx.config.behaviours.repeated_feedback_prs)
