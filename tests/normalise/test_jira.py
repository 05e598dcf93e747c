"""Jira REST payloads -> events: status changes only from the status field, Cloud and DC users, retros."""

from __future__ import annotations

import pytest

from collectors.normalise.jira import MalformedPayload, issue_events, text_of, user_identity

CLOUD_ADA = {"accountId": "557058:ada", "displayName": "Ada"}
DC_BOB = {"name": "bob", "key": "JIRAUSER10100", "displayName": "Bob"}


def _issue(**fields: object) -> dict:
    base = {
        "summary": "Payment retries",
        "issuetype": {"name": "Story"},
        "status": {"name": "Done", "statusCategory": {"key": "done"}},
        "creator": CLOUD_ADA,
        "reporter": CLOUD_ADA,
        "assignee": DC_BOB,
        "labels": ["b", "a"],
        "created": "2025-05-01T09:00:00.000+0000",
        "updated": "2025-05-03T09:00:00.000+0200",
        "parent": {"key": "PAY-1", "fields": {"issuetype": {"name": "Epic"}}},
        "issuelinks": [{"type": {"name": "Blocks", "outward": "blocks"}, "outwardIssue": {"key": "PAY-9"}}],
        "customfield_10021": [{"value": "Impediment"}],
    }
    base.update(fields)
    return {"id": "10001", "key": "PAY-17", "fields": base}


HISTORIES = [
    {
        "id": "300",
        "author": DC_BOB,
        "created": "2025-05-02T10:00:00.000+0000",
        "items": [
            {"field": "status", "fromString": "To Do", "toString": "Blocked"},
            {"field": "Flagged", "fromString": None, "toString": "Impediment"},
        ],
    },
    {
        "id": "301",
        "author": CLOUD_ADA,
        "created": "2025-05-02T11:00:00.000+0000",
        "items": [{"field": "assignee", "from": None, "to": "bob"}],
    },
]


def test_issue_comments_and_status_changes() -> None:
    comments = [
        {"id": "900", "author": CLOUD_ADA, "body": "any news?", "created": "2025-05-02T12:00:00.000+0000"}
    ]
    events = issue_events(
        "https://acme.atlassian.net/",
        _issue(),
        comments=comments,
        histories=HISTORIES,
        flagged_field="customfield_10021",
    )
    issue, comment, change = events
    assert issue.kind == "jira_issue" and issue.event_id == "jira:issue:10001"
    assert issue.actor == "jira:557058:ada" and issue.target == "jira:bob"
    assert issue.url == "https://acme.atlassian.net/browse/PAY-17" and issue.container == "PAY"
    assert issue.attrs["epic"] == "PAY-1" and issue.attrs["blocks"] == ["PAY-9"] and issue.attrs["flagged"]
    assert issue.attrs["flag_changes"] == [{"at": "2025-05-02T10:00:00+00:00", "by": "jira:bob", "set": True}]
    assert issue.attrs["assignee_changes"][0]["to"] == "jira:bob"
    assert issue.attrs["updated_at"] == "2025-05-03T07:00:00+00:00"
    assert comment.kind == "jira_comment" and comment.target == "jira:bob"
    assert change.kind == "jira_status_change" and change.attrs["from"] == "To Do"
    assert change.attrs["to"] == "Blocked" and change.actor == "jira:bob"


def test_users_and_adf() -> None:
    assert user_identity(None) is None
    assert user_identity({"key": "JIRAUSER1"}) == "jira:JIRAUSER1"
    adf = {
        "type": "doc",
        "content": [
            {
                "type": "paragraph",
                "content": [
                    {"type": "text", "text": "ping "},
                    {"type": "mention", "attrs": {"id": "557058:ada"}},
                ],
            }
        ],
    }
    assert text_of(adf).strip() == "ping [~accountid:557058:ada]"


def test_malformed_issue_raises_one_line() -> None:
    with pytest.raises(MalformedPayload, match="without id"):
        issue_events("https://x", {"key": "PAY-1", "fields": {}}, comments=[], histories=[])
    events = issue_events(
        "https://x",
        {"id": "1", "key": "PAY-1", "fields": {"created": "2025-01-01T00:00:00Z"}},
        comments=[],
        histories=[],
    )
    assert events[0].actor is None and events[0].attrs["status"] is None


def test_retro_issue() -> None:
    description = "* deploys were slow\n# [ ] [~accountid:557058:ada] automate deploys\n(/) fix alerting\n"
    comments = [
        {"id": "950", "author": DC_BOB, "body": "standups ran long", "created": "2025-05-02T12:00:00Z"}
    ]
    events = issue_events(
        "https://x", _issue(description=description), comments=comments, histories=[], retro=True
    )
    kinds = sorted(event.kind for event in events)
    assert kinds == ["retro_action", "retro_action", "retro_item", "retro_item", "retro_note"]
    note = next(e for e in events if e.kind == "retro_note")
    actions = {e.text: e.attrs for e in events if e.kind == "retro_action"}
    assert note.actor == "jira:557058:ada"
    assert actions["[~accountid:557058:ada] automate deploys"]["owner"] == "jira:557058:ada"
    assert actions["fix alerting"]["done"] is True
    items = sorted(e.text for e in events if e.kind == "retro_item")
    assert items == ["deploys were slow", "standups ran long"]
