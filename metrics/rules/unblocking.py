"""Unblocking: helps others unblock themselves (DESIGN §7).

Waits and blocked stays are the measures of :mod:`metrics.measures` (the same the Team page, the report
and the packet show): a pull request or issue waits from its opening to its first response by a person
other than its author; a Jira issue is blocked during a blocked stay. Bots and the item's author never
count as a response; nothing on one's own item counts as unblocking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..measures import blocked_stays, first_responses, stay_at
from ..prepare import RuleContext
from .base import credit, hours, lower_set, rule


def _time(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


@rule(
    "unblocking.first_response",
    weight=1.0,
    description="The first response from someone else (a person, not the author) to a pull request or "
    "GitHub issue that had waited at least behaviours.unblock_wait_hours since it was opened (the "
    "first_response measure). A first comment on a Jira issue is not unblocking by its wait alone: "
    "backlog tickets wait by design (see blocked_comment and answer).",
    reason="first response on {item} after it waited {waited:.0f} h",
)
def first_response(ctx: RuleContext) -> pd.DataFrame:
    found = ctx.once(first_responses)
    found = found[
        (found["response"] >= 0) & (found["waited_hours"] >= ctx.config.behaviours.unblock_wait_hours)
    ]
    positions = found["response"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "person": ctx.events["actor_person"].take(positions).to_numpy(),
            "item": found["item"].to_numpy(),
            "waited": found["waited_hours"].to_numpy(),
        },
        index=positions,
    )
    return out.sort_index()


@rule(
    "unblocking.merge_approval",
    weight=1.0,
    description="The last approval before a merge, by someone other than the author, on a pull request "
    "that had waited at least unblock_wait_hours, merged within unblock_window_days after it.",
    reason="approved {item} after it waited {waited:.0f} h, which let it merge {merged:.0f} h later",
    joined="approved {item}, which let it merge {merged:.0f} h later",
)
def merge_approval(ctx: RuleContext) -> pd.DataFrame:
    reviews = ctx.of("review", columns=["item", "created_at", "actor_person", "human", "own"])
    reviews = reviews.assign(state=ctx.attrs("review", ["state"])["state"])
    reviews = reviews[reviews["human"] & ~reviews["own"] & (reviews["state"] == "APPROVED")]
    prs = ctx.of("pull_request", columns=["item", "created_at"]).rename(columns={"created_at": "opened_at"})
    prs = prs.assign(merged_at=_time(ctx.attrs("pull_request", ["merged_at"])["merged_at"]))
    prs = prs[prs["merged_at"].notna()]
    merged = reviews.reset_index(names="pos").merge(prs, on="item")
    merged = merged[merged["created_at"] <= merged["merged_at"]]
    last = merged.sort_values(["created_at", "pos"], kind="stable").drop_duplicates("item", keep="last")
    last = last.assign(
        waited=hours(last["created_at"] - last["opened_at"]),
        merged=hours(last["merged_at"] - last["created_at"]),
    )
    behaviours = ctx.config.behaviours
    keep = (last["waited"] >= behaviours.unblock_wait_hours) & (
        last["merged"] <= behaviours.unblock_window_days * 24
    )
    return credit(last[keep].set_index("pos"), item="item", waited="waited", merged="merged")


@rule(
    "unblocking.blocked_comment",
    weight=1.0,
    description="A comment on someone else's Jira issue while it was in a blocked status "
    "(behaviours.blocked_statuses), after which it left that status within unblock_window_days.",
    reason="commented on {item} while it was {status}; it left {status} {left:.0f} h later",
)
def blocked_comment(ctx: RuleContext) -> pd.DataFrame:
    comments = ctx.of("jira_comment", columns=["item", "created_at", "actor_person", "human", "own"])
    comments = comments[comments["human"] & ~comments["own"]]
    stay = stay_at(ctx.once(blocked_stays), comments["item"], comments["created_at"])
    found = comments.assign(status=stay["status"], left=hours(stay["ended_at"] - comments["created_at"]))
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    keep = found["status"].fillna("").astype(str).str.lower().isin(blocked)
    keep &= found["left"] <= ctx.config.behaviours.unblock_window_days * 24
    return credit(found[keep], item="item", status="status", left="left")


@rule(
    "unblocking.answer",
    weight=0.5,
    description="The first reply with content (its text class is not other: not a thanks, a done or "
    "a ping) from someone else to a question (text class question) on someone else's item, within "
    "unblock_window_days; in the same review thread for inline comments.",
    reason="answered a question on {item} asked {after:.1f} h earlier",
)
def answer(ctx: RuleContext) -> pd.DataFrame:
    texts = ctx.of(*RESPONSE_KINDS, columns=["item", "created_at", "actor_person", "human", "own"])
    texts = texts[texts["human"]]
    thread = ctx.attrs("review_comment", ["thread_id"])["thread_id"]
    texts = texts.assign(thread=thread.reindex(texts.index))
    labels = ctx.text["label"].reindex(texts.index)
    questions = texts[labels == "question"][["item", "created_at", "actor_person", "thread"]]
    questions = questions.reset_index(names="q").add_prefix("q_").rename(columns={"q_item": "item"})
    substantive = labels.notna() & (labels != "other")
    replies = texts[~texts["own"] & substantive.to_numpy(dtype=bool)].reset_index(names="pos")
    pairs = questions.merge(replies, on="item")
    after = hours(pairs["created_at"] - pairs["q_created_at"])
    same_thread = pairs["q_thread"].isna() | (pairs["thread"] == pairs["q_thread"]).fillna(False)
    keep = (after > 0) & (after <= ctx.config.behaviours.unblock_window_days * 24)
    keep &= (pairs["actor_person"] != pairs["q_actor_person"]) & same_thread
    pairs = pairs[keep].assign(after=after[keep])
    first = pairs.sort_values(["q_q", "created_at", "pos"], kind="stable").drop_duplicates("q_q")
    first = first.sort_values(["pos", "after"], kind="stable").drop_duplicates("pos").set_index("pos")
    return credit(first, item="item", after="after")
