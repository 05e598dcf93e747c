"""Unblocking: helps others unblock themselves (DESIGN §7).

Waits and blocked stays are the measures of :mod:`metrics.measures` (the same the Team page, the report
and the packet show): a pull request or issue waits from its opening to its first response by a person
other than its author; a Jira issue is blocked during a blocked stay. Bots and the item's author never
count as a response; nothing on one's own item counts as unblocking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..kinds import ISSUE_KINDS
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


#: Kinds that may ask a question: every text an item's conversation holds.
QUESTION_KINDS = ("review", "review_comment", "comment", "jira_comment", "issue", "jira_issue")
#: Kinds that may answer one: replies in a conversation or a review thread (a review's own body sums up
#: the review; it answers nobody).
REPLY_KINDS = ("review_comment", "comment", "jira_comment")
#: Classes of a reply that answers nothing: no content (``other``: a thanks, a done, a ping, a status
#: note), praise, or a question of its own.
NOT_ANSWERS = ("other", "praise", "question")


def conversations(ctx: RuleContext, rows: pd.DataFrame) -> pd.Series:
    """The conversation of each event of ``rows`` within its item: an inline comment's review thread (its
    ``thread_id``, else the comment it replies to, else itself: a thread's first comment); ``""`` for the
    item's flat conversation (conversation comments, Jira comments, review bodies, the issue itself)."""
    out = pd.Series("", index=rows.index, dtype=object)
    inline = rows.index[(rows["kind"] == "review_comment").to_numpy(dtype=bool)]
    if len(inline):
        attrs = ctx.attrs("review_comment", ["thread_id", "in_reply_to"]).reindex(inline)
        own_id = ctx.events["event_id"].take(inline.to_numpy())
        root = attrs["in_reply_to"].where(attrs["in_reply_to"].notna(), own_id.to_numpy())
        out[inline] = "thread:" + attrs["thread_id"].where(attrs["thread_id"].notna(), root).astype(str)
    return out


@rule(
    "unblocking.answer",
    weight=0.5,
    description="The answer to a question (text class question) someone asked: in a review thread, "
    "the asker's thread; elsewhere, a question about the asker's own work (asked by the author of the "
    "pull request or issue, or by the assignee of the Jira issue, where they wait for an answer), in the "
    "item's conversation. The answer is the first reply after the question, within unblock_window_days, "
    "by anyone but the asker, in that thread or conversation, that can answer it (not other: no thanks, "
    "done or status note; not praise; not a question of its own) or is the author's. It counts when it "
    "is not the author's: activity on one's own item is never unblocking.",
    reason="answered a question on {item} asked {after:.1f} h earlier",
)
def answer(ctx: RuleContext) -> pd.DataFrame:
    texts = ctx.of(*QUESTION_KINDS, columns=["kind", "item", "created_at", "actor_person", "human", "own"])
    texts = texts[texts["human"].to_numpy(dtype=bool)]
    labels = ctx.text["label"].reindex(texts.index)
    texts = texts.assign(label=labels.fillna("other"), conversation=conversations(ctx, texts))
    columns = ["item", "conversation", "created_at", "actor_person"]
    # in a flat conversation, a question about the asker's own work: a reviewer's question there is for
    # the author, and whoever speaks next need not be answering it
    about_own_work = texts["own"].astype(bool) | texts["kind"].isin(ISSUE_KINDS)
    asked = (texts["label"] == "question") & ((texts["conversation"] != "") | about_own_work)
    questions = texts[asked.to_numpy(dtype=bool)][columns]
    questions = questions.reset_index(names="q").rename(
        columns={"created_at": "q_created_at", "actor_person": "q_person"}
    )
    replies = texts[texts["kind"].isin(REPLY_KINDS).to_numpy(dtype=bool)]
    # a reply takes the question's turn when it can answer it or is the author's: a thanks, a "+1", praise
    # or a question of their own from a third person does not
    replies = replies[(~replies["label"].isin(NOT_ANSWERS) | replies["own"]).to_numpy(dtype=bool)]
    pairs = questions.merge(replies.reset_index(names="pos"), on=["item", "conversation"])
    after = hours(pairs["created_at"] - pairs["q_created_at"])
    keep = ((after > 0) | ((after == 0) & (pairs["pos"] > pairs["q"]))) & (
        pairs["actor_person"] != pairs["q_person"]
    )
    pairs = pairs[keep.to_numpy(dtype=bool)].assign(after=after[keep])
    first = pairs.sort_values(["q", "created_at", "pos"], kind="stable").drop_duplicates("q")
    window = ctx.config.behaviours.unblock_window_days * 24
    credited = ~first["own"].astype(bool) & (first["after"] <= window)
    first = first[credited.to_numpy(dtype=bool)]
    first = first.sort_values(["pos", "after"], kind="stable").drop_duplicates("pos").set_index("pos")
    return credit(first, item="item", after="after")
