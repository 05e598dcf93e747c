"""Review load: reviews given and received per person."""

from __future__ import annotations

import pandas as pd

from collectors.events import GHOST

from .base import count_by, measure


def human_reviews(events: pd.DataFrame) -> pd.DataFrame:
    """Reviews by a person (not a bot, not a deleted account) on someone else's pull request."""
    reviews = events[(events["kind"] == "review").to_numpy(dtype=bool) & ~events["is_bot"].astype(bool)]
    reviews = reviews[reviews["actor"].notna() & (reviews["actor"] != GHOST)]
    return reviews[(reviews["actor_person"] != reviews["target_person"]).to_numpy(dtype=bool)]


@measure(
    "review_load",
    label="Review load",
    description="Reviews each person gave, and reviews their own pull requests received.",
    how="Submitted reviews (approvals, change requests, comments) in the period by a person (not a bot, "
    "not a deleted account) on someone else's pull request: counted for the reviewer as given and for "
    "the pull request's author as received.",
)
def review_load(events: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Columns ``person, name, measure (given|received), reviews`` for every person of ``people``
    (``person, name``; zeros kept), in the order given. ``events`` may carry
    :data:`~.base.ACT_COUNT` (rows standing for several identical reviews)."""
    reviews = human_reviews(events)
    given = count_by(reviews, "actor_person")
    received = count_by(reviews, "target_person")
    frame = people[["person", "name"]].drop_duplicates("person")
    frame = frame.assign(
        given=frame["person"].map(given).fillna(0).astype(int),
        received=frame["person"].map(received).fillna(0).astype(int),
    )
    return frame.melt(
        id_vars=["person", "name"], value_vars=["given", "received"], var_name="measure", value_name="reviews"
    )
