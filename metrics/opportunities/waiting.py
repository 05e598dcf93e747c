"""Work waiting for someone: a pull request nobody has reviewed, a question nobody has answered.

Both are as of the window end and need a wait of at least ``behaviours.unblock_wait_hours`` (a wait of
exactly that long counts). A pull request waiting for review is the stalled work of the Team page and
the report (the ``first_response`` and ``stalled_work`` measures): one definition of a wait.
Responses are acts of people other than the author or asker: bots, deleted accounts and excluded
people never end a wait.
"""

from __future__ import annotations

import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..measures import first_responses, waiting_at
from ..rules.base import hours
from .base import OpportunityContext, for_members, lookup, opportunity
from .state import items_at, teams_of


def _wait(octx: OpportunityContext) -> pd.Timedelta:
    return pd.Timedelta(hours=octx.config.behaviours.unblock_wait_hours)


def waiting_pull_requests(octx: OpportunityContext) -> pd.DataFrame:
    """Pull requests waiting for a first review at the window end, exactly the stalled work's
    (:func:`metrics.measures.waiting_at` over the ``first_response`` measure the evidence uses): open,
    not a draft, opened by a person at least ``unblock_wait_hours`` before it, with no review, inline
    comment or conversation comment by anyone but their author before it; then only those in a team's
    repository and not opened by someone excluded. ``item, url, opened_at, author, author_level,
    team, waited`` (hours)."""
    ctx = octx.rules
    responses = ctx.once(first_responses)
    waiting = waiting_at(responses, octx.until, octx.config.behaviours.unblock_wait_hours)
    waiting = waiting[(waiting["kind"] == "pull_request") & waiting["owner_team"].notna()]
    opening = waiting["opening"].to_numpy(dtype="int64")
    author = ctx.events["actor_person"].take(opening).to_numpy(dtype=object)
    prs = pd.DataFrame(
        {
            "item": waiting["item"].to_numpy(dtype=object),
            "url": waiting["url"].to_numpy(dtype=object),
            "opened_at": pd.to_datetime(waiting["opened_at"], utc=True).to_numpy(),
            "author": author,
            "author_level": ctx.events["actor_level"].take(opening).to_numpy(dtype=float),
            "team": waiting["owner_team"].to_numpy(dtype=object),
        }
    )
    prs["opened_at"] = pd.to_datetime(prs["opened_at"], utc=True)
    prs = prs[~prs["author"].isin(ctx.identities.excluded).to_numpy(dtype=bool)]
    return prs.assign(waited=hours(octx.until - prs["opened_at"]))


@opportunity(
    "waiting_review",
    behaviours=("unblocking", "mentoring"),
    description="A pull request open at the window end, not a draft, not by a bot, that has waited at least "
    "behaviours.unblock_wait_hours with no review or comment from anyone but its author; for each person "
    "of the team owning the repository except the author (mentoring too when the author is less senior).",
    reason="{item} by {author} has waited {waited:.0f} h for a first review",
)
def waiting_review(octx: OpportunityContext) -> pd.DataFrame:
    prs = waiting_pull_requests(octx)
    prs = prs.assign(author_name=octx.names(prs["author"]).to_numpy())
    rows = for_members(octx, prs, "author")
    junior = (rows["author_level"] < rows["person_level"]).to_numpy(dtype=bool)
    behaviours = [("unblocking", "mentoring") if less else ("unblocking",) for less in junior]
    return pd.DataFrame(
        {
            "person": rows["person"],
            "item": rows["item"],
            "url": rows["url"],
            "since": rows["opened_at"],
            "author": rows["author_name"],
            "named": rows["author"],
            "waited": rows["waited"],
            "behaviours": pd.Series(behaviours, index=rows.index, dtype=object),
        }
    )


def unanswered_questions(octx: OpportunityContext) -> pd.DataFrame:
    """Questions (text class ``question``: conversation, inline or Jira comments, review bodies) asked
    at least ``unblock_wait_hours`` before the window end on an item open at it in a team's repository
    or project, with no comment or review after them by anyone but the asker: ``item, url, asked_at,
    asker, author, team, waited``."""
    ctx = octx.rules
    texts = octx.acts(*RESPONSE_KINDS, columns=["item", "created_at", "actor_person", "human"])
    labels = ctx.text["label"].reindex(texts.index)
    asked = (labels == "question").to_numpy(dtype=bool) & texts["human"].to_numpy(dtype=bool)
    asked &= (texts["created_at"] <= octx.until - _wait(octx)).to_numpy(dtype=bool)
    questions = texts[asked].rename(columns={"created_at": "asked_at", "actor_person": "asker"})
    where = ctx.events[["container", "url"]].iloc[questions.index.to_numpy()]  # for the few asked only
    questions = questions.assign(url=where["url"], team=teams_of(octx, where["container"]))
    questions = questions[questions["team"].notna().to_numpy(dtype=bool)]
    items = items_at(octx)
    questions = questions.merge(items.loc[items["open"], ["item", "author"]], on="item")
    if questions.empty:
        return questions.assign(waited=pd.Series(dtype=float))
    responses = texts[texts["human"].to_numpy(dtype=bool) & texts["item"].isin(questions["item"]).to_numpy()]
    responses = responses[["item", "created_at", "actor_person"]].sort_values("created_at", kind="stable")
    last = responses.drop_duplicates("item", keep="last").set_index("item")
    others = responses.merge(last["actor_person"].rename("last_actor"), left_on="item", right_index=True)
    others = others[(others["actor_person"] != others["last_actor"]).to_numpy(dtype=bool)]
    latest_other = others.groupby("item")["created_at"].max()
    at = questions["asked_at"]
    last_at = pd.to_datetime(lookup(questions["item"], last["created_at"]), utc=True)
    last_by = lookup(questions["item"], last["actor_person"])
    other_at = pd.to_datetime(lookup(questions["item"], latest_other), utc=True)
    by_asker = (last_by == questions["asker"]).to_numpy(dtype=bool)
    answered = ((last_at > at).to_numpy(dtype=bool) & ~by_asker) | (
        (other_at > at).to_numpy(dtype=bool) & by_asker
    )
    questions = questions[~answered]
    return questions.assign(waited=hours(octx.until - questions["asked_at"]))


@opportunity(
    "unanswered_question",
    behaviours=("unblocking",),
    description="A question (text class question) on an item open at the window end in a team's "
    "repository or project, with no comment or review by anyone but the asker for at least "
    "behaviours.unblock_wait_hours; for each person of the owning team except the asker and the author.",
    reason="a question by {asker} on {item} has waited {waited:.0f} h for an answer",
)
def unanswered_question(octx: OpportunityContext) -> pd.DataFrame:
    questions = unanswered_questions(octx)
    questions = questions.assign(asker_name=octx.names(questions["asker"]).to_numpy())
    rows = for_members(octx, questions, "asker", "author")
    return pd.DataFrame(
        {
            "person": rows["person"],
            "item": rows["item"],
            "url": rows["url"],
            "since": rows["asked_at"],
            "asker": rows["asker_name"],
            "named": rows["asker"],
            "waited": rows["waited"],
        }
    )
