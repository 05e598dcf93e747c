"""Unblocking: helps others unblock themselves (DESIGN §7).

Waits are measured from the events themselves: an item is opened by its ``pull_request``, ``issue`` or
``jira_issue`` event, and a response is a review, review comment, comment or Jira comment. Bots and the
item's author never count as a response; nothing on one's own item counts as unblocking.
"""

from __future__ import annotations

import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..prepare import RuleContext
from .base import credit, hours, lower_set, rule

_CLOSED_KEY = {"pull_request": "closed_at", "issue": "closed_at", "jira_issue": "resolved_at"}


def _time(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def openings(ctx: RuleContext) -> pd.DataFrame:
    """One row per opened item (drafts left out): ``item, opened_at, opener, closed_at``."""
    frames = []
    for kind, closed_key in _CLOSED_KEY.items():
        ev = ctx.of(kind, columns=["item", "created_at", "actor_person"])
        ev = ev.assign(closed_at=_time(ctx.attrs(kind, [closed_key])[closed_key]))
        if kind == "pull_request":  # only pull requests have drafts
            ev = ev[~ctx.attrs(kind, ["draft"])["draft"].eq(True)]
        frames.append(ev)
    opened = pd.concat(frames, ignore_index=True)
    opened = opened.rename(columns={"created_at": "opened_at", "actor_person": "opener"})
    return opened.sort_values("opened_at", kind="stable").drop_duplicates("item")


@rule(
    "unblocking.first_response",
    weight=1.0,
    description="The first response from someone else (not a bot, not the author) to a pull request or "
    "issue that had waited at least behaviours.unblock_wait_hours since it was opened.",
    reason="first response on {item} after it waited {waited:.0f} h",
)
def first_response(ctx: RuleContext) -> pd.DataFrame:
    replies = ctx.of(*RESPONSE_KINDS, columns=["item", "created_at", "actor_person", "human"])
    replies = replies[replies["human"]].reset_index(names="pos")
    merged = replies.merge(openings(ctx), on="item")
    still_open = merged["closed_at"].isna() | (merged["created_at"] <= merged["closed_at"])
    merged = merged[
        (merged["actor_person"] != merged["opener"]) & (merged["created_at"] > merged["opened_at"])
    ]
    merged = merged[still_open.loc[merged.index]]
    first = merged.sort_values(["created_at", "pos"], kind="stable").drop_duplicates("item")
    first = first.assign(waited=hours(first["created_at"] - first["opened_at"]))
    first = first[first["waited"] >= ctx.config.behaviours.unblock_wait_hours].set_index("pos")
    return credit(first, item="item", waited="waited")


@rule(
    "unblocking.merge_approval",
    weight=1.0,
    description="The last approval before a merge, by someone other than the author, on a pull request "
    "that had waited at least unblock_wait_hours, merged within unblock_window_days after it.",
    reason="approved {item} after it waited {waited:.0f} h, which let it merge {merged:.0f} h later",
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


def status_changes(ctx: RuleContext) -> pd.DataFrame:
    """Jira status changes: ``item, changed_at, from, to, from_blocked, to_blocked``, by time."""
    changes = ctx.of("jira_status_change", columns=["item", "created_at"])
    attrs = ctx.attrs("jira_status_change", ["from", "to"])
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    changes = changes.assign(
        **{"from": attrs["from"].fillna("").astype(str), "to": attrs["to"].fillna("").astype(str)}
    )
    changes["from_blocked"] = changes["from"].str.lower().isin(blocked)
    changes["to_blocked"] = changes["to"].str.lower().isin(blocked)
    return changes.rename(columns={"created_at": "changed_at"}).sort_values("changed_at", kind="stable")


@rule(
    "unblocking.blocked_comment",
    weight=1.0,
    description="A comment on someone else's Jira issue while it was in a blocked status "
    "(behaviours.blocked_statuses), after which it left that status within unblock_window_days.",
    reason="commented on {item} while it was {status}; it left {status} {left:.0f} h later",
)
def blocked_comment(ctx: RuleContext) -> pd.DataFrame:
    comments = ctx.of("jira_comment", columns=["item", "created_at", "actor_person", "human", "own"])
    comments = comments[comments["human"] & ~comments["own"]].reset_index(names="pos")
    changes = status_changes(ctx)
    if comments.empty or changes.empty:
        return pd.DataFrame(columns=["person", "item", "status", "left"])
    comments = comments.sort_values("created_at", kind="stable", ignore_index=True)
    common = {"left_on": "created_at", "right_on": "changed_at", "by": "item"}
    before = pd.merge_asof(comments, changes[["item", "changed_at", "to"]], direction="backward", **common)
    after = pd.merge_asof(comments, changes[["item", "changed_at", "from"]], direction="forward", **common)
    exits = changes[changes["from_blocked"] & ~changes["to_blocked"]]
    leave = pd.merge_asof(
        comments, exits[["item", "changed_at"]], direction="forward", allow_exact_matches=False, **common
    )
    status = before["to"].where(before["changed_at"].notna(), after["from"]).fillna("")
    found = comments.assign(
        status=status.to_numpy(), left=hours(leave["changed_at"] - comments["created_at"])
    )
    blocked = lower_set(ctx.config.behaviours.blocked_statuses)
    keep = found["status"].str.lower().isin(blocked) & (
        found["left"] <= ctx.config.behaviours.unblock_window_days * 24
    )
    return credit(found[keep].set_index("pos"), item="item", status="status", left="left")


@rule(
    "unblocking.answer",
    weight=0.5,
    description="The first reply from someone else to a question (text class question) on someone "
    "else's item, within unblock_window_days; in the same review thread for inline comments.",
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
    replies = texts[~texts["own"]].reset_index(names="pos")
    pairs = questions.merge(replies, on="item")
    after = hours(pairs["created_at"] - pairs["q_created_at"])
    same_thread = pairs["q_thread"].isna() | (pairs["thread"] == pairs["q_thread"]).fillna(False)
    keep = (after > 0) & (after <= ctx.config.behaviours.unblock_window_days * 24)
    keep &= (pairs["actor_person"] != pairs["q_actor_person"]) & same_thread
    pairs = pairs[keep].assign(after=after[keep])
    first = pairs.sort_values(["q_q", "created_at", "pos"], kind="stable").drop_duplicates("q_q")
    first = first.sort_values(["pos", "after"], kind="stable").drop_duplicates("pos").set_index("pos")
    return credit(first, item="item", after="after")
