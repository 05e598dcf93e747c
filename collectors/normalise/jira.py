"""Jira REST payloads -> events (DESIGN §5). The only way Jira events are made.

Inputs are REST v2 issue JSON (``issue.raw`` in the ``jira`` library) with the complete comment list and
changelog histories passed separately (the collector pages them when the embedded ones are truncated).
REST v3 returns bodies as Atlassian Document Format; :func:`text_of` flattens either form to text.

Users: Cloud identifies them by ``accountId`` only (GDPR removed usernames); Data Center by ``name`` (the
login) and ``key``. Only *status* changelog items become ``jira_status_change``; flag and assignee changes
are kept in the issue's attrs, as DESIGN §5 asks.
"""

from __future__ import annotations

from typing import Any

from ..events import Event, utc
from .payload import MalformedPayload, require
from .retro import line_events, parse_retro_lines, point_event

FLAGGED_FIELD_NAME = "Flagged"
__all__ = ["MalformedPayload", "issue_events", "text_of", "user_identity"]


def user_identity(user: dict[str, Any] | None) -> str | None:
    """``jira:<accountId>`` on Cloud, ``jira:<name>`` on Data Center; None for no user."""
    if not user:
        return None
    ident = user.get("accountId") or user.get("name") or user.get("key")
    return f"jira:{ident}" if ident else None


def text_of(body: Any) -> str | None:
    """Plain text of a v2 wiki string or a v3 ADF document."""
    if body is None or isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return str(body)
    node_type = body.get("type")
    if node_type == "text":
        return body.get("text", "")
    if node_type == "mention":
        attrs = body.get("attrs") or {}
        return f"[~accountid:{attrs.get('id')}]" if attrs.get("id") else attrs.get("text", "")
    if node_type == "hardBreak":
        return "\n"
    parts = [text_of(child) or "" for child in body.get("content") or []]
    if node_type == "taskItem":
        done = (body.get("attrs") or {}).get("state") == "DONE"
        return f"- [{'x' if done else ' '}] {''.join(parts)}\n"
    if node_type == "listItem":
        return "- " + "".join(parts).strip() + "\n"
    if node_type in ("paragraph", "heading", "codeBlock", "blockquote"):
        return "".join(parts) + "\n"
    return "".join(parts)


def _name(value: Any) -> str | None:
    return value.get("name") if isinstance(value, dict) else None


def _blocks(fields: dict[str, Any]) -> list[str]:
    keys = []
    for link in fields.get("issuelinks") or []:
        link_type = link.get("type") or {}
        outward = link.get("outwardIssue")
        if outward and "block" in (link_type.get("outward") or link_type.get("name") or "").lower():
            keys.append(outward.get("key"))
    return sorted(key for key in keys if key)


def _flagged_now(fields: dict[str, Any], flagged_field: str | None) -> bool:
    if not flagged_field:
        return False
    value = fields.get(flagged_field)
    return bool(value) if not isinstance(value, list) else len(value) > 0


def issue_events(
    base_url: str,
    issue: dict[str, Any],
    *,
    comments: list[dict[str, Any]],
    histories: list[dict[str, Any]],
    retro: bool = False,
    flagged_field: str | None = None,
) -> list[Event]:
    """The issue's ``jira_issue`` (or ``retro_*``), ``jira_comment`` and ``jira_status_change`` events."""
    require(issue, "id", "key", what="an issue")
    fields = issue.get("fields") or {}
    key = issue["key"]
    require(fields, "created", what=f"issue {key}")
    project = key.rsplit("-", 1)[0]
    url = f"{base_url.rstrip('/')}/browse/{key}"
    creator = user_identity(fields.get("creator")) or user_identity(fields.get("reporter"))
    assignee = user_identity(fields.get("assignee"))
    reporter = user_identity(fields.get("reporter"))
    common = {"source": "jira", "container": project, "item": key}

    status_changes, flag_changes, assignee_changes = [], [], []
    for history in sorted(histories, key=lambda h: (h.get("created") or "", str(h.get("id")))):
        if not history.get("created") or history.get("id") is None:
            continue
        by = user_identity(history.get("author"))
        at = utc(history["created"])
        for change in history.get("items") or []:
            field = change.get("field") or ""
            if field == "status":
                status_changes.append((history["id"], by, at, change))
            elif field == FLAGGED_FIELD_NAME:
                flag_changes.append({"at": at.isoformat(), "by": by, "set": bool(change.get("toString"))})
            elif field == "assignee":
                assignee_changes.append(
                    {
                        "at": at.isoformat(),
                        "by": by,
                        "from": f"jira:{change['from']}" if change.get("from") else None,
                        "to": f"jira:{change['to']}" if change.get("to") else None,
                    }
                )

    parent = fields.get("parent") or {}
    parent_type = _name((parent.get("fields") or {}).get("issuetype"))
    status = fields.get("status") or {}
    description = text_of(fields.get("description"))
    kind = "retro_note" if retro else "jira_issue"
    attrs: dict[str, Any] = {
        "key": key,
        "summary": fields.get("summary") or "",
        "type": _name(fields.get("issuetype")),
        "status": status.get("name"),
        "status_category": (status.get("statusCategory") or {}).get("key"),
        "priority": _name(fields.get("priority")),
        "labels": sorted(fields.get("labels") or []),
        "assignee": assignee,
        "reporter": reporter,
        "due": fields.get("duedate"),
        "parent": parent.get("key"),
        "epic": parent.get("key") if parent_type == "Epic" else None,
        "resolved_at": utc(fields["resolutiondate"]).isoformat() if fields.get("resolutiondate") else None,
        "updated_at": utc(fields["updated"]).isoformat() if fields.get("updated") else None,
        "flagged": _flagged_now(fields, flagged_field),
        "blocks": _blocks(fields),
        "flag_changes": flag_changes,
        "assignee_changes": assignee_changes,
    }
    issue_id = f"jira:{'retro_note' if retro else 'issue'}:{issue['id']}"
    events = [
        Event(
            event_id=issue_id,
            kind=kind,
            actor=creator,
            target=assignee,
            created_at=utc(fields["created"]),
            url=url,
            text=description,
            attrs=attrs,
            **common,
        )
    ]
    comment_target = assignee or reporter
    for comment in comments:
        require(comment, "id", "created", what=f"a comment on {key}")
        body = text_of(comment.get("body"))
        actor = user_identity(comment.get("author"))
        comment_url = f"{url}?focusedCommentId={comment['id']}"
        if retro:
            events += _retro_lines(key, comment, actor, creator, body, comment_url, issue_id, common)
            continue
        events.append(
            Event(
                event_id=f"jira:comment:{comment['id']}",
                kind="jira_comment",
                actor=actor,
                target=comment_target,
                created_at=utc(comment["created"]),
                url=comment_url,
                text=body,
                attrs={"key": key},
                **common,
            )
        )
    if retro:
        body_comment = {"id": f"i{issue['id']}", "created": fields["created"]}
        events += _retro_lines(key, body_comment, creator, creator, description, url, issue_id, common, True)
    for history_id, by, at, change in status_changes:
        events.append(
            Event(
                event_id=f"jira:status_change:{history_id}",
                kind="jira_status_change",
                actor=by,
                target=assignee,
                created_at=at,
                url=url,
                text=None,
                attrs={"key": key, "from": change.get("fromString"), "to": change.get("toString")},
                **common,
            )
        )
    return events


def _retro_lines(
    key: str,
    comment: dict[str, Any],
    actor: str | None,
    facilitator: str | None,
    body: str | None,
    url: str,
    retro_id: str,
    common: dict[str, str],
    from_body: bool = False,
) -> list[Event]:
    """Points and actions of one retro body or comment; a comment without a list is one point."""
    lines = parse_retro_lines(body, "jira")
    attrs = {"key": key, "retro": retro_id, "from": "body" if from_body else "comment"}
    where = {
        **common,
        "actor": actor,
        "target": facilitator,
        "created_at": utc(comment["created"]),
        "url": url,
    }
    if not lines and not from_body:
        return [point_event(str(comment["id"]), text=body, attrs=attrs, **where)]
    return line_events(str(comment["id"]), lines, attrs=attrs, **where)
