"""Waiting work replayed over time: when each waiting opportunity holds, so a page asks "what holds at
``until``?" of a few stored rows instead of rebuilding it from the team's open items.

The three kinds of waiting work (:mod:`.waiting`, :mod:`.blocked`) are defined as of a window's end,
from the acts before it. :func:`waiting_spans` turns each candidate (a pull request waiting for a first
review, a question waiting for an answer, a Jira issue stuck in a blocked status) into the times it
holds: ``holds_from <= until <= holds_through`` (``holds_through`` missing: it still holds). A span
never crosses a change of what its reason shows (a stuck issue's status), so the reason's fields are
the span's own, and the wait (``waited``, ``days``) is ``until - since``.

The bounds follow the definitions exactly, with their thresholds inclusive: an act at ``t`` is seen by
a window ending after ``t``, so a bound an act sets is ``t`` (held while ``until <= t``) or, for the
start, ``t`` plus one microsecond (the stores' time resolution). :func:`held_opportunities` of the
spans at ``until`` equals :func:`~.build.build_opportunities` of those kinds over the acts before it
(``tests/metrics/test_waiting_spans.py`` checks it at many ends of windows). The spans of an item are
read from its own events only, so they are stored item by item with the evidence
(:mod:`metrics.stored.waiting_spans`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
import pandas as pd

from collectors.config import Config
from collectors.events import utc

from ..identities import Identities
from ..kinds import RESPONSE_KINDS
from ..measures import blocked_stays, first_responses, status_changes
from ..measures.blocked import lower_set
from ..prepare import RuleContext
from ..rules.base import hours
from .base import REGISTRY, OpportunityContext, display_names, lookup, members_of, with_members
from .build import finished, selected_rows
from .state import teams_of

#: Columns of :func:`waiting_spans`: the kind and its item; ``event_id`` of the act it is about (the
#: opening, the question, the change that began the stay) orders a kind's rows as its ``select`` does;
#: the owning ``team``; ``since`` (when the chance began); ``named`` (the author or asker the reason
#: names) and ``other`` (who else gets no row: the question's item author, the stay's mover);
#: ``author_level`` (a review's author); ``status`` (a stay's, as the reason shows it).
SPAN_COLUMNS: tuple[str, ...] = (
    "kind", "item", "event_id", "team", "url", "since", "holds_from", "holds_through", "named", "other",
    "author_level", "status",
)  # fmt: skip
#: The kinds replayed here.
SPAN_KINDS: tuple[str, ...] = ("waiting_review", "unanswered_question", "stuck_blocked")
#: The stores' time resolution: an act at ``t`` is seen by a window ending at ``t`` plus this, or later.
SEEN_AFTER = pd.Timedelta(microseconds=1)
#: Later than any window's end.
_NEVER = pd.Timestamp("2200-01-01", tz="UTC")


def empty_spans() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in SPAN_COLUMNS})
    for column in ("since", "holds_from", "holds_through"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.astype({"author_level": float})


def _earliest(*times: pd.Series) -> pd.Series:
    """Element-wise the earliest of ``times`` (missing ones skipped; missing where all are)."""
    return pd.to_datetime(pd.concat(times, axis=1).min(axis=1), utc=True)


def _latest(*times: pd.Series) -> pd.Series:
    return pd.to_datetime(pd.concat(times, axis=1).max(axis=1), utc=True)


def _first_after(asks: pd.DataFrame, replies: pd.DataFrame, *, strictly: bool, other_than: str) -> pd.Series:
    """For each row of ``asks`` (``item``, ``at``, ``other_than``), the time of the first of ``replies``
    (``item, created_at, actor_person``) on its item after ``at`` (at or after, unless ``strictly``)
    by an actor other than ``asks[other_than]``; missing where none. Same index as ``asks``."""
    pairs = asks[["item", "at", other_than]].reset_index(names="_row").merge(replies, on="item")
    later = pairs["created_at"] > pairs["at"] if strictly else pairs["created_at"] >= pairs["at"]
    pairs = pairs[(later & (pairs["actor_person"] != pairs[other_than])).to_numpy(dtype=bool)]
    first = pairs.groupby("_row")["created_at"].min()
    return pd.to_datetime(first.reindex(np.arange(len(asks))).set_axis(asks.index), utc=True)


def _review_spans(ctx: RuleContext) -> pd.DataFrame:
    """:func:`.waiting.waiting_pull_requests` over time: from the opening plus the wait to the first
    response or the closing, whichever comes first."""
    responses = ctx.once(first_responses)
    live = (responses["kind"] == "pull_request") & responses["owner_team"].notna() & ~responses["draft"]
    live &= ~(responses["closed_at"].isna() & responses["closed"].astype(bool))  # closed, time unknown
    prs = responses[live.to_numpy(dtype=bool)]
    opening = prs["opening"].to_numpy(dtype="int64")
    author = ctx.events["actor_person"].take(opening).to_numpy(dtype=object)
    opened = pd.to_datetime(prs["opened_at"], utc=True).reset_index(drop=True)
    wait = pd.Timedelta(hours=ctx.config.behaviours.unblock_wait_hours)
    spans = pd.DataFrame(
        {
            "kind": "waiting_review",
            "item": prs["item"].to_numpy(dtype=object),
            "event_id": ctx.events["event_id"].take(opening).to_numpy(dtype=object),
            "team": prs["owner_team"].to_numpy(dtype=object),
            "url": prs["url"].to_numpy(dtype=object),
            "since": opened,
            "holds_from": _latest(opened + wait, opened + SEEN_AFTER),
            "holds_through": _earliest(
                pd.to_datetime(prs["responded_at"], utc=True).reset_index(drop=True),
                pd.to_datetime(prs["closed_at"], utc=True).reset_index(drop=True),
            ),
            "named": author,
            "other": None,
            "author_level": ctx.events["actor_level"].take(opening).to_numpy(dtype=float),
            "status": None,
        }
    )
    return spans[~spans["named"].isin(ctx.identities.excluded).to_numpy(dtype=bool)]


def _open_through(ctx: RuleContext, octx: OpportunityContext) -> pd.DataFrame:
    """:func:`.state.items_at` over time: ``item, author, opened_at, through`` per item opened by
    someone not excluded, open while ``until <= through`` (missing: still open). A Jira issue done
    without a resolution is closed, as of a window's end, at its last status change before it: so it
    is open until its first status change is seen."""
    prs = octx.acts("pull_request", columns=["item", "created_at", "actor_person"])
    attrs = ctx.attrs("pull_request", ["merged_at", "closed_at"]).reindex(prs.index)
    prs = prs.assign(through=_earliest(_time(attrs["merged_at"]), _time(attrs["closed_at"])).to_numpy())
    issues = octx.acts("issue", columns=["item", "created_at", "actor_person"])
    issues = issues.assign(
        through=_time(ctx.attrs("issue", ["closed_at"])["closed_at"].reindex(issues.index))
    )
    jira = octx.acts("jira_issue", columns=["item", "created_at", "actor_person"])
    attrs = ctx.attrs("jira_issue", ["resolved_at", "status_category"]).reindex(jira.index)
    changes = ctx.of("jira_status_change", columns=["item", "created_at"])
    first_change = pd.to_datetime(lookup(jira["item"], changes.groupby("item")["created_at"].min()), utc=True)
    done = attrs["status_category"].astype(str).str.lower().eq("done").to_numpy(dtype=bool)
    fallback = first_change.where(done, pd.NaT)
    jira = jira.assign(through=_time(attrs["resolved_at"]).fillna(fallback))
    both = pd.concat([prs, issues, jira], ignore_index=True)
    both = both.rename(columns={"created_at": "opened_at", "actor_person": "author"})
    both["through"] = pd.to_datetime(both["through"], utc=True)
    return both.drop_duplicates("item")


def _time(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def _question_spans(ctx: RuleContext) -> pd.DataFrame:
    """:func:`.waiting.unanswered_questions` over time: from the question plus the wait (its item
    opened) to the first comment or review after it by anyone but the asker, or the item's closing."""
    octx = OpportunityContext.of(ctx, _NEVER.to_pydatetime())
    columns = ["item", "created_at", "actor_person", "human", "container", "url", "event_id"]
    texts = octx.acts(*RESPONSE_KINDS, columns=columns)
    labels = ctx.text["label"].reindex(texts.index)
    asked = (labels == "question").to_numpy(dtype=bool) & texts["human"].to_numpy(dtype=bool)
    questions = texts[asked]
    questions = questions.assign(team=teams_of(octx, questions["container"]).to_numpy(dtype=object))
    questions = questions[questions["team"].notna().to_numpy(dtype=bool)]
    items = _open_through(ctx, octx)
    questions = questions.merge(items[["item", "author", "opened_at", "through"]], on="item")
    if questions.empty:
        return empty_spans()
    replies = texts[texts["human"].to_numpy(dtype=bool)][["item", "created_at", "actor_person"]]
    at = pd.to_datetime(questions["created_at"], utc=True)
    answered = _first_after(
        questions.assign(at=at, asker=questions["actor_person"]), replies, strictly=True, other_than="asker"
    )
    wait = pd.Timedelta(hours=ctx.config.behaviours.unblock_wait_hours)
    opened = pd.to_datetime(questions["opened_at"], utc=True)
    return pd.DataFrame(
        {
            "kind": "unanswered_question",
            "item": questions["item"].to_numpy(dtype=object),
            "event_id": questions["event_id"].to_numpy(dtype=object),
            "team": questions["team"].to_numpy(dtype=object),
            "url": questions["url"].to_numpy(dtype=object),
            "since": at,
            "holds_from": _latest(at + wait, at + SEEN_AFTER, opened + SEEN_AFTER),
            "holds_through": _earliest(answered, questions["through"]),
            "named": questions["actor_person"].to_numpy(dtype=object),
            "other": questions["author"].to_numpy(dtype=object),
            "author_level": np.nan,
            "status": None,
        }
    )


_STAY_COLUMNS = [
    "item", "event_id", "container", "url", "owner_team", "status", "began_at", "start", "through", "mover",
]  # fmt: skip


def _recorded_stays(ctx: RuleContext, first_change: pd.Series, issues: pd.DataFrame) -> pd.DataFrame:
    """The measure's stays (:func:`~metrics.measures.blocked_stays`), each seen just after the act that
    began it (``start``): a stay since creation of an issue whose status changed, after its first
    change."""
    stays = ctx.once(blocked_stays)
    if stays.empty:
        return pd.DataFrame(columns=_STAY_COLUMNS)
    position = stays["began"].to_numpy(dtype="int64")
    by_change = position >= 0
    at = position.clip(min=0)
    began_at = pd.to_datetime(stays["began_at"], utc=True)
    seen_from = pd.to_datetime(lookup(stays["item"], first_change), utc=True)  # seen just after it
    return pd.DataFrame(
        {
            "item": stays["item"].to_numpy(dtype=object),
            "event_id": np.where(
                by_change, ctx.events["event_id"].take(at), lookup(stays["item"], issues["event_id"])
            ),
            "container": stays["container"].to_numpy(dtype=object),
            "url": stays["url"].to_numpy(dtype=object),
            "owner_team": stays["owner_team"].to_numpy(dtype=object),
            "status": stays["status"].astype(str).to_numpy(dtype=object),
            "began_at": began_at,
            "start": _latest(began_at, seen_from.where(~by_change, pd.NaT)),
            "through": pd.to_datetime(stays["ended_at"], utc=True),
            "mover": np.where(
                by_change, ctx.events["actor_person"].take(at), lookup(stays["item"], issues["actor_person"])
            ),
        }
    )


def _stays_before_first_change(ctx: RuleContext, first_change: pd.Series) -> pd.DataFrame:
    """The stay since creation that a window ending before an issue's first status change shows when
    its status as synced is blocked (it sees no change, so it takes the synced status)."""
    columns = ["item", "created_at", "actor_person", "event_id", "container", "url"]
    opened = ctx.of("jira_issue", columns=columns)
    status = ctx.attrs("jira_issue", ["status"])["status"].fillna("").astype(str)
    blocked = status.str.lower().isin(lower_set(ctx.config.behaviours.blocked_statuses))
    keep = blocked.to_numpy(dtype=bool) & opened["item"].isin(first_change.index).to_numpy()
    found = opened[keep].assign(status=status[keep].to_numpy()).drop_duplicates("item")
    container = found["container"].where(found["container"].notna(), found["item"].str.split("-").str[0])
    created = pd.to_datetime(found["created_at"], utc=True)
    return pd.DataFrame(
        {
            "item": found["item"],
            "event_id": found["event_id"],
            "container": container,
            "url": found["url"],
            "owner_team": ctx.owners.teams_of(container).to_numpy(dtype=object),
            "status": found["status"],
            "began_at": created,
            "start": created,
            "through": pd.to_datetime(lookup(found["item"], first_change), utc=True),
            "mover": found["actor_person"],
        }
    )


def _stays_with_moves(ctx: RuleContext) -> pd.DataFrame:
    """The blocked stays as windows' ends show them (:func:`.blocked.stuck_issues`' stays), each with
    when it is first seen (``start``), its end (``through``) and who moved the issue there."""
    changes = ctx.of("jira_status_change", columns=["item", "created_at"])
    first_change = changes.groupby("item")["created_at"].min()
    columns = ["item", "actor_person", "event_id"]
    issues = ctx.of("jira_issue", columns=columns).drop_duplicates("item").set_index("item")
    frames = [_recorded_stays(ctx, first_change, issues), _stays_before_first_change(ctx, first_change)]
    both = pd.concat([frame for frame in frames if len(frame)] or frames[:1], ignore_index=True)
    for column in ("began_at", "start", "through"):
        both[column] = pd.to_datetime(both[column], utc=True)
    return both[both["owner_team"].notna().to_numpy(dtype=bool)].reset_index(drop=True)


def _status_pieces(ctx: RuleContext, stays: pd.DataFrame) -> pd.DataFrame:
    """``stays`` (``start``, ``through``, ``status``) cut at each status change of their item, each
    piece with the status a window ending in it shows: the ``to`` of the last change before its end,
    else the stay's own."""
    changes = status_changes(ctx)[["item", "changed_at", "to"]]
    changes = changes.drop_duplicates(["item", "changed_at"], keep="last").sort_values(
        ["item", "changed_at"], kind="stable"
    )
    changes["next_at"] = changes.groupby("item")["changed_at"].shift(-1)
    first = changes.drop_duplicates("item").set_index("item")["changed_at"]
    before = stays.assign(
        through=_earliest(stays["through"], pd.to_datetime(lookup(stays["item"], first), utc=True))
    )
    after = stays.drop(columns="status").merge(changes, on="item")
    after = after.assign(
        start=_latest(after["start"], after["changed_at"] + SEEN_AFTER),
        through=_earliest(after["through"], pd.to_datetime(after["next_at"], utc=True)),
        status=after["to"],
    )[list(stays.columns)]
    pieces = pd.concat([before, after], ignore_index=True)
    live = pieces["through"].isna() | (pieces["start"] <= pieces["through"])
    return pieces[live.to_numpy(dtype=bool)].reset_index(drop=True)


def _stuck_spans(ctx: RuleContext) -> pd.DataFrame:
    """:func:`.blocked.stuck_issues` over time: from a stay's start plus ``unblock_window_days`` to its
    end or the first Jira comment since it began by anyone but its mover, cut where the status shown
    changes."""
    stays = _stays_with_moves(ctx)
    if stays.empty:
        return empty_spans()
    octx = OpportunityContext.of(ctx, _NEVER.to_pydatetime())
    comments = octx.acts("jira_comment", columns=["item", "created_at", "actor_person", "human"])
    comments = comments[comments["human"].to_numpy(dtype=bool)].drop(columns="human")
    talked = _first_after(stays.assign(at=stays["began_at"]), comments, strictly=False, other_than="mover")
    days = pd.Timedelta(days=ctx.config.behaviours.unblock_window_days)
    stays = stays.assign(
        start=_latest(stays["began_at"] + days, stays["start"] + SEEN_AFTER),
        through=_earliest(stays["through"], talked),
    )
    stays = _status_pieces(ctx, stays)
    return pd.DataFrame(
        {
            "kind": "stuck_blocked",
            "item": stays["item"].to_numpy(dtype=object),
            "event_id": stays["event_id"].to_numpy(dtype=object),
            "team": stays["owner_team"].to_numpy(dtype=object),
            "url": stays["url"].to_numpy(dtype=object),
            "since": stays["began_at"],
            "holds_from": stays["start"],
            "holds_through": stays["through"],
            "named": None,
            "other": stays["mover"].to_numpy(dtype=object),
            "author_level": np.nan,
            "status": stays["status"].astype(str).to_numpy(dtype=object),
        }
    )


def waiting_spans(ctx: RuleContext) -> pd.DataFrame:
    """Every span of waiting work in ``ctx`` (whole items; see the module): columns
    :data:`SPAN_COLUMNS`, a kind's rows in the order of its acts."""
    frames = [_review_spans(ctx), _question_spans(ctx), _stuck_spans(ctx)]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_spans()
    out = pd.concat(frames, ignore_index=True)
    for column in ("since", "holds_from", "holds_through"):
        out[column] = pd.to_datetime(out[column], utc=True)
    return out[list(SPAN_COLUMNS)].astype({"author_level": float})


# -- what holds at a window's end --------------------------------------------------------------------

Names = Callable[[pd.Series], pd.Series]


def _reviews(rows: pd.DataFrame, until: pd.Timestamp, members: pd.DataFrame, names: Names) -> pd.DataFrame:
    prs = rows.assign(
        author=rows["named"], author_name=names(rows["named"]), waited=hours(until - rows["since"])
    )
    out = with_members(members, prs, "author")
    junior = (out["author_level"] < out["person_level"]).to_numpy(dtype=bool)
    behaviours = [("unblocking", "mentoring") if less else ("unblocking",) for less in junior]
    return out.assign(
        author=out["author_name"],
        named=out["named"],
        behaviours=pd.Series(behaviours, index=out.index, dtype=object),
    )


def _questions(rows: pd.DataFrame, until: pd.Timestamp, members: pd.DataFrame, names: Names) -> pd.DataFrame:
    asked = rows.assign(asker=rows["named"], author=rows["other"], waited=hours(until - rows["since"]))
    out = with_members(members, asked, "asker", "author")
    return out.assign(asker=names(out["named"]))


def _stuck(rows: pd.DataFrame, until: pd.Timestamp, members: pd.DataFrame, names: Names) -> pd.DataFrame:
    stays = rows.assign(mover=rows["other"], days=hours(until - rows["since"]) / 24)
    return with_members(members, stays, "mover").drop(columns="named")


_SELECTED = {"waiting_review": _reviews, "unanswered_question": _questions, "stuck_blocked": _stuck}


def holding(spans: pd.DataFrame, until: datetime) -> pd.DataFrame:
    """The rows of ``spans`` that hold at ``until`` (a window's end), in the order of their acts."""
    end = pd.Timestamp(utc(until))
    through = spans["holds_through"]
    held = spans[((spans["holds_from"] <= end) & (through.isna() | (through >= end))).to_numpy(dtype=bool)]
    return held.sort_values(["since", "event_id"], kind="stable")


def held_opportunities(
    spans: pd.DataFrame, until: datetime, config: Config, identities: Identities | None = None
) -> pd.DataFrame:
    """The waiting-work opportunities (:data:`SPAN_KINDS`) that ``spans`` hold at ``until``: what
    :func:`~.build.build_opportunities` of those kinds gives over the acts before it."""
    identities = identities or Identities(config)
    end = pd.Timestamp(utc(until))
    held = holding(spans, until)
    members = members_of(config, identities)

    def names(persons: pd.Series) -> pd.Series:
        return display_names(identities, persons)

    kinds = {kind.id: kind for kind in REGISTRY}
    frames = []
    for kind in SPAN_KINDS:
        rows = held[(held["kind"] == kind).to_numpy(dtype=bool)]
        frames.append(selected_rows(kinds[kind], _SELECTED[kind](rows, end, members, names), names))
    return finished(frames, identities)


__all__ = ["SPAN_COLUMNS", "SPAN_KINDS", "empty_spans", "held_opportunities", "holding", "waiting_spans"]
