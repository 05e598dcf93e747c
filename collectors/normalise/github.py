"""GitHub GraphQL payloads -> events (DESIGN §5). The only way GitHub events are made.

Inputs are GraphQL nodes with GitHub's field names, with every nested connection already complete (the
collector merges follow-up pages into ``nodes`` first). Optional keys may be missing; a node without its
identifying keys raises :class:`MalformedPayload`.

Identity quirks handled here, once: GraphQL reports a bot as ``{"__typename": "Bot", "login":
"dependabot"}`` while REST says ``dependabot[bot]``; we keep the REST form whichever API it came from. A
deleted account comes back as ``author: null`` and becomes ``github:ghost``.

Ids: every event id ends in the object's REST number (``github:comment:2500000578``), read from
``fullDatabaseId``, the ``BigInt`` GitHub serialises as a JSON string (``databaseId`` is a 32-bit ``Int``
that GitHub answers with ``null`` and an error beyond 2^31 - 1). Stores written when ids were read from
``databaseId`` hold the same numbers, so their events keep their ids.
"""

from __future__ import annotations

from typing import Any

from ..events import GHOST, Event, utc
from .payload import MalformedPayload, require
from .retro import line_events, parse_retro_lines, point_event

__all__ = ["MalformedPayload", "issue_events", "login_identity", "pull_request_events", "rest_id"]


def login_identity(author: dict[str, Any] | None) -> str:
    """``github:<login>``; bots in their REST form ``name[bot]``; a deleted account is ``github:ghost``."""
    if not author or not author.get("login"):
        return GHOST
    login = str(author["login"])
    if author.get("__typename") == "Bot" and not login.endswith("[bot]"):
        login += "[bot]"
    return f"github:{login}"


def rest_id(node: dict[str, Any] | None) -> str | None:
    """The REST number of ``node`` from its ``fullDatabaseId`` (a decimal string, or an int), as
    canonical digits; None when the node or the field is missing or not a number."""
    value = (node or {}).get("fullDatabaseId")
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return str(int(text)) if text.isdigit() else None


def _require_id(node: dict[str, Any], what: str) -> str:
    found = rest_id(node)
    if found is None:
        raise MalformedPayload(f"{what} without fullDatabaseId")
    return found


def _nodes(node: dict[str, Any], key: str) -> list[dict[str, Any]]:
    connection = node.get(key) or {}
    return [item for item in connection.get("nodes") or [] if item]


def _labels(node: dict[str, Any]) -> list[str]:
    return sorted(label["name"] for label in _nodes(node, "labels") if label.get("name"))


def _time(value: str | None) -> str | None:
    return utc(value).isoformat() if value else None


def _comment_event(
    repo: str, item: str, kind: str, comment: dict[str, Any], target: str, attrs: dict[str, Any]
) -> Event:
    require(comment, "createdAt", what=f"a {kind} on {item}")
    return Event(
        event_id=f"github:{kind}:{_require_id(comment, f'a {kind} on {item}')}",
        source="github",
        kind=kind,
        actor=login_identity(comment.get("author")),
        target=target,
        container=repo,
        item=item,
        created_at=utc(comment["createdAt"]),
        url=comment.get("url") or "",
        text=comment.get("body"),
        attrs=attrs,
    )


def _opened_event(kind: str, repo: str, node: dict[str, Any], labels: list[str], **attrs: Any) -> Event:
    """The event of a PR, issue or retro being opened: its author acted, its body is the text."""
    return Event(
        event_id=f"github:{kind}:{rest_id(node)}",
        source="github",
        kind=kind,
        actor=login_identity(node.get("author")),
        target=None,
        container=repo,
        item=f"{repo}#{node['number']}",
        created_at=utc(node["createdAt"]),
        url=node.get("url") or "",
        text=node.get("body"),
        attrs={
            "number": node["number"],
            "title": node.get("title") or "",
            "state": node.get("state"),
            "closed_at": _time(node.get("closedAt")),
            "updated_at": _time(node.get("updatedAt")),
            "labels": labels,
            **attrs,
        },
    )


def pull_request_events(repo: str, pr: dict[str, Any]) -> list[Event]:
    """One ``pull_request`` event, plus every review, inline review comment and conversation comment."""
    require(pr, "number", "createdAt", what=f"a pull request in {repo}")
    _require_id(pr, f"a pull request in {repo}")
    item = f"{repo}#{pr['number']}"
    author = login_identity(pr.get("author"))
    merged_by = pr.get("mergedBy")
    events = [
        _opened_event(
            "pull_request",
            repo,
            pr,
            _labels(pr),
            draft=bool(pr.get("isDraft")),
            merged_at=_time(pr.get("mergedAt")),
            merged_by=login_identity(merged_by) if merged_by is not None else None,
            paths=sorted({f["path"] for f in _nodes(pr, "files") if f.get("path")}),
            additions=pr.get("additions"),
            deletions=pr.get("deletions"),
        )
    ]
    for review in _nodes(pr, "reviews"):
        _require_id(review, f"a review on {item}")
        # A PENDING review has no submittedAt and is invisible to everyone but its author.
        submitted = review.get("submittedAt")
        if not submitted or review.get("state") == "PENDING":
            continue
        events.append(
            _comment_event(
                repo,
                item,
                "review",
                {**review, "createdAt": submitted},
                author,
                {"state": review.get("state"), "pr_number": pr["number"]},
            )
        )
    for thread in _nodes(pr, "reviewThreads"):
        for comment in _nodes(thread, "comments"):
            reply_to = rest_id(comment.get("replyTo"))
            review = rest_id(comment.get("pullRequestReview"))
            attrs = {
                "path": comment.get("path") or thread.get("path"),
                "thread_id": thread.get("id"),
                "in_reply_to": f"github:review_comment:{reply_to}" if reply_to else None,
                "review_id": f"github:review:{review}" if review else None,
                "pr_number": pr["number"],
            }
            events.append(_comment_event(repo, item, "review_comment", comment, author, attrs))
    for comment in _nodes(pr, "comments"):
        attrs = {"on": "pull_request", "number": pr["number"]}
        events.append(_comment_event(repo, item, "comment", comment, author, attrs))
    return events


def issue_events(repo: str, issue: dict[str, Any], *, retro_label: str = "retro") -> list[Event]:
    """An ``issue`` and its ``comment`` events; a retro (labelled ``retro_label``) yields retro kinds."""
    require(issue, "number", "createdAt", what=f"an issue in {repo}")
    _require_id(issue, f"an issue in {repo}")
    labels = _labels(issue)
    if retro_label and retro_label.lower() in (label.lower() for label in labels):
        return _retro_events(repo, issue, labels)
    item = f"{repo}#{issue['number']}"
    author = login_identity(issue.get("author"))
    events = [_opened_event("issue", repo, issue, labels)]
    for comment in _nodes(issue, "comments"):
        attrs = {"on": "issue", "number": issue["number"]}
        events.append(_comment_event(repo, item, "comment", comment, author, attrs))
    return events


def _retro_events(repo: str, issue: dict[str, Any], labels: list[str]) -> list[Event]:
    """The retro itself (its author facilitated), its points and its action items."""
    item = f"{repo}#{issue['number']}"
    facilitator = login_identity(issue.get("author"))
    issue_id = rest_id(issue)
    retro_id = f"github:retro_note:{issue_id}"
    common = {"source": "github", "container": repo, "item": item}
    events = [_opened_event("retro_note", repo, issue, labels)]
    bodies = [(f"{issue_id}", facilitator, issue["createdAt"], issue.get("url") or "", issue.get("body"))]
    for comment in _nodes(issue, "comments"):
        require(comment, "createdAt", what=f"a comment on {item}")
        comment_id = _require_id(comment, f"a comment on {item}")
        actor = login_identity(comment.get("author"))
        bodies.append(
            (
                f"c{comment_id}",
                actor,
                comment["createdAt"],
                comment.get("url") or "",
                comment.get("body"),
            )
        )
        # A comment that is not a list of points is itself one point raised.
        if not parse_retro_lines(comment.get("body"), "github"):
            where = {**common, "actor": actor, "target": facilitator, "url": comment.get("url") or ""}
            attrs = {"retro": retro_id, "from": "comment"}
            events.append(
                point_event(
                    f"c{comment_id}",
                    text=comment.get("body"),
                    attrs=attrs,
                    created_at=utc(comment["createdAt"]),
                    **where,
                )
            )
    for key, actor, created, url, body in bodies:
        origin = {"retro": retro_id, "from": "comment" if key.startswith("c") else "body"}
        where = {**common, "actor": actor, "target": facilitator, "created_at": utc(created), "url": url}
        events += line_events(key, parse_retro_lines(body, "github"), attrs=origin, **where)
    return events
