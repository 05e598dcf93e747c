"""The demo's conversations read as conversations: status updates come from whoever does the work, an
answer answers the question before it, and the same words seldom recur on many items."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from collectors.events import Event
from collectors.simulated import demo_events
from collectors.simulated.exchanges import FOLLOW_UPS, ISSUE_QUESTIONS, QUESTIONS, TICKET_QUESTIONS
from collectors.simulated.phrasings import PHRASINGS

CONVERSATION = ("comment", "review_comment", "jira_comment")
OPENINGS = ("pull_request", "issue", "jira_issue")


def _pattern(template: str, *, whole: bool = True) -> re.Pattern[str]:
    """A template as a regex (``whole``: to the end of the text): each ``{field}`` matches anything."""
    parts = re.split(r"\{[a-z_]+\}", template.replace("{{", "{").replace("}}", "}"))
    end = "$" if whole else ""
    return re.compile(".+?".join(re.escape(part) for part in parts) + end, re.DOTALL | re.IGNORECASE)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return demo_events()


@pytest.fixture(scope="module")
def by_item(events: list[Event]) -> dict[str, list[Event]]:
    items: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        items[event.item].append(event)
    return items


def _workers(item_events: list[Event]) -> set[str | None]:
    """Who does an item's work: its author, and a Jira issue's assignees."""
    opened = [e for e in item_events if e.kind in OPENINGS]
    found: set[str | None] = {e.actor for e in opened}
    for event in opened:
        found |= {value for key, value in event.attrs.items() if key == "assignee" and value}
    found |= {e.attrs.get("to") for e in item_events if e.kind == "jira_assignment"}
    return found


def test_status_updates_come_from_whoever_does_the_work(by_item: dict[str, list[Event]]) -> None:
    status = [_pattern(core, whole=False) for core in PHRASINGS["status"].cores]
    seen = 0
    for item_events in by_item.values():
        workers = _workers(item_events)
        for event in item_events:
            if event.kind in CONVERSATION and any(p.match(event.text or "") for p in status):
                seen += 1
                assert event.actor in workers, (event.item, event.actor, event.text)
    assert seen > 100


def test_an_answer_answers_the_question_before_it(by_item: dict[str, list[Event]]) -> None:
    """Every reply that is one of the demo's answers follows the question it answers."""
    pairs = [(question, answers) for question, answers in (*QUESTIONS, *TICKET_QUESTIONS, *FOLLOW_UPS)] + [
        (body, answers) for _, body, answers in ISSUE_QUESTIONS
    ]
    asks = [(_pattern(question), [_pattern(a) for a in answers]) for question, answers in pairs]
    answered = 0
    for item_events in by_item.values():
        talk = [e for e in item_events if e.kind in (*CONVERSATION, "issue") and e.text]
        for index, event in enumerate(talk):
            fits = [
                i for i, (_, answers) in enumerate(asks) if any(a.match(event.text or "") for a in answers)
            ]
            if not fits:
                continue
            earlier = [e.text or "" for e in talk[:index]]
            assert any(asks[i][0].search(text) for i in fits for text in earlier), (event.item, event.text)
            answered += 1
    assert answered > 150


def test_the_same_words_seldom_recur(events: list[Event]) -> None:
    """Substantive comments (over 60 characters) are mostly distinct, and none is on many items."""
    items: dict[str, set[str]] = defaultdict(set)
    total = 0
    for event in events:
        substantive = event.kind in (*CONVERSATION, "review") and len(event.text or "") > 60
        if substantive and not str(event.actor).endswith("[bot]"):
            items[str(event.text)].add(event.item)
            total += 1
    assert total > 1500
    assert len(items) / total >= 0.7  # it was 0.35 when comments were picked from a few templates
    worst = max(items.items(), key=lambda entry: len(entry[1]))
    assert len(worst[1]) <= 20, worst[0]  # it was 71
