"""GitHub GraphQL payloads -> events: one event per act, identities, retro parsing."""

from __future__ import annotations

import pytest

from collectors.normalise.github import MalformedPayload, issue_events, login_identity, pull_request_events

ADA = {"__typename": "User", "login": "ada"}
BOB = {"__typename": "User", "login": "bob"}
BOT = {"__typename": "Bot", "login": "dependabot"}


def _pr(**extra: object) -> dict:
    pr = {
        "fullDatabaseId": "501",
        "number": 7,
        "title": "Add retry",
        "body": "Adds retry",
        "url": "https://github.com/acme/web/pull/7",
        "createdAt": "2025-03-01T10:00:00Z",
        "updatedAt": "2025-03-03T10:00:00Z",
        "mergedAt": "2025-03-03T09:00:00Z",
        "closedAt": "2025-03-03T09:00:00Z",
        "state": "MERGED",
        "isDraft": False,
        "author": ADA,
        "mergedBy": BOB,
        "labels": {"nodes": [{"name": "infra"}]},
        "files": {"nodes": [{"path": "docs/adr/0001.md"}, {"path": "src/a.py"}]},
        "reviews": {
            "nodes": [
                {
                    "fullDatabaseId": "9001",
                    "author": BOB,
                    "state": "APPROVED",
                    "body": "",
                    "submittedAt": "2025-03-02T12:00:00Z",
                    "url": "u1",
                },
                {
                    "fullDatabaseId": "9002",
                    "author": BOB,
                    "state": "PENDING",
                    "body": "",
                    "submittedAt": None,
                },
            ]
        },
        "reviewThreads": {
            "nodes": [
                {
                    "id": "T1",
                    "path": "src/a.py",
                    "comments": {
                        "nodes": [
                            {
                                "fullDatabaseId": "71",
                                "author": BOB,
                                "body": "why?",
                                "createdAt": "2025-03-02T11:00:00Z",
                                "url": "c71",
                                "path": "src/a.py",
                                "replyTo": None,
                                "pullRequestReview": {"fullDatabaseId": "9001"},
                            },
                            {
                                "fullDatabaseId": "72",
                                "author": ADA,
                                "body": "because",
                                "createdAt": "2025-03-02T11:30:00Z",
                                "url": "c72",
                                "path": "src/a.py",
                                "replyTo": {"fullDatabaseId": "71"},
                            },
                        ]
                    },
                }
            ]
        },
        "comments": {
            "nodes": [
                {
                    "fullDatabaseId": "81",
                    "author": BOT,
                    "body": "CI passed",
                    "createdAt": "2025-03-01T10:01:00Z",
                    "url": "c81",
                }
            ]
        },
    }
    pr.update(extra)
    return pr


def test_pull_request_yields_one_event_per_act() -> None:
    events = pull_request_events("acme/web", _pr())
    kinds = [event.kind for event in events]
    assert kinds == ["pull_request", "review", "review_comment", "review_comment", "comment"]
    pr, review, first, reply, bot = events
    assert pr.event_id == "github:pull_request:501" and pr.item == "acme/web#7"
    assert pr.attrs["paths"] == ["docs/adr/0001.md", "src/a.py"]
    assert pr.attrs["merged_by"] == "github:bob" and pr.attrs["labels"] == ["infra"]
    assert review.attrs["state"] == "APPROVED" and review.target == "github:ada"
    assert review.created_at.isoformat() == "2025-03-02T12:00:00+00:00"
    assert first.attrs["review_id"] == "github:review:9001" and first.attrs["in_reply_to"] is None
    assert reply.attrs["in_reply_to"] == "github:review_comment:71"
    assert bot.actor == "github:dependabot[bot]" and bot.attrs["on"] == "pull_request"


def test_ghost_and_bots_keep_rest_form() -> None:
    assert login_identity(None) == "github:ghost"
    assert login_identity({"__typename": "Bot", "login": "renovate"}) == "github:renovate[bot]"
    assert login_identity({"__typename": "Bot", "login": "renovate[bot]"}) == "github:renovate[bot]"
    events = pull_request_events("acme/web", _pr(author=None))
    assert events[0].actor == "github:ghost" and events[1].target == "github:ghost"


def test_missing_optional_keys_are_tolerated_and_missing_ids_are_not() -> None:
    events = pull_request_events(
        "acme/web", {"fullDatabaseId": "1", "number": 2, "createdAt": "2025-01-01T00:00:00Z"}
    )
    assert [event.kind for event in events] == ["pull_request"]
    with pytest.raises(MalformedPayload, match="without fullDatabaseId"):
        pull_request_events("acme/web", {"number": 2, "createdAt": "2025-01-01T00:00:00Z"})


def test_plain_issue_and_its_comments() -> None:
    issue = {
        "fullDatabaseId": "33",
        "number": 12,
        "title": "Crash",
        "body": "it crashes",
        "url": "i12",
        "createdAt": "2025-02-01T00:00:00Z",
        "state": "OPEN",
        "author": ADA,
        "labels": {"nodes": [{"name": "bug"}]},
        "comments": {
            "nodes": [
                {
                    "fullDatabaseId": "44",
                    "author": BOB,
                    "body": "on it",
                    "createdAt": "2025-02-02T00:00:00Z",
                    "url": "c44",
                }
            ]
        },
    }
    issue_event, comment = issue_events("acme/web", issue)
    assert issue_event.kind == "issue" and issue_event.attrs["labels"] == ["bug"]
    assert comment.kind == "comment" and comment.target == "github:ada" and comment.attrs["on"] == "issue"


def test_retro_issue_yields_note_items_and_actions() -> None:
    body = "## What went well\n- fast reviews\n- [ ] @bob automate the release\n- [x] @ada fix flaky test\n"
    issue = {
        "fullDatabaseId": "60",
        "number": 30,
        "title": "Sprint 4 retro",
        "body": body,
        "url": "r30",
        "createdAt": "2025-04-01T00:00:00Z",
        "author": ADA,
        "labels": {"nodes": [{"name": "Retro"}]},
        "comments": {
            "nodes": [
                {
                    "fullDatabaseId": "61",
                    "author": BOB,
                    "body": "deploys were slow",
                    "createdAt": "2025-04-01T01:00:00Z",
                },
                {
                    "fullDatabaseId": "62",
                    "author": BOB,
                    "body": "- pairing helped\n- [ ] @carol write ADR",
                    "createdAt": "2025-04-01T02:00:00Z",
                },
            ]
        },
    }
    events = issue_events("acme/web", issue, retro_label="retro")
    by_kind: dict[str, list] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    assert set(by_kind) == {"retro_note", "retro_item", "retro_action"}
    assert by_kind["retro_note"][0].actor == "github:ada"
    assert sorted(e.text for e in by_kind["retro_item"]) == [
        "deploys were slow",
        "fast reviews",
        "pairing helped",
    ]
    actions = {e.text: e.attrs for e in by_kind["retro_action"]}
    assert actions["@bob automate the release"] == {
        "retro": "github:retro_note:60",
        "from": "body",
        "owner": "github:bob",
        "done": False,
    }
    assert actions["@ada fix flaky test"]["done"] is True
    assert actions["@carol write ADR"]["owner"] == "github:carol"
    assert len({e.event_id for e in events}) == len(events)


def test_ids_are_the_rest_numbers_from_full_database_id() -> None:
    """``fullDatabaseId`` is a BigInt GitHub sends as a JSON string; ids beyond 2^31 are common."""
    pr = _pr(fullDatabaseId="2500000578")
    pr["reviewThreads"]["nodes"][0]["comments"]["nodes"][1]["replyTo"] = {"fullDatabaseId": "2147483648"}
    events = pull_request_events("acme/web", pr)
    assert events[0].event_id == "github:pull_request:2500000578"
    assert events[3].attrs["in_reply_to"] == "github:review_comment:2147483648"
    assert pull_request_events("acme/web", _pr(fullDatabaseId=2500000578))[0].event_id.endswith(":2500000578")
    for bad in (None, "", "12a", True, 1.5):
        with pytest.raises(MalformedPayload, match="without fullDatabaseId"):
            pull_request_events("acme/web", _pr(fullDatabaseId=bad))
