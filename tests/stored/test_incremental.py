"""Incremental compute equals a full one, over seeded random sequences of changes (SQLite and PostgreSQL).

Each step writes what a sync could: new events, edited texts, items fetched whole with events gone,
an event that moved to another item, and a Jira issue whose status category changes the cross-item
``done_statuses`` fact. After each step the incremental compute must store exactly what a computation
over all stored events gives, and touch only the items written (or those a changed fact affects).
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import replace

import pytest

from collectors.base import Page
from collectors.config import Config, parse_config
from collectors.events import Event
from collectors.store import Store
from metrics.opportunities.recurring import RETRO_KINDS
from metrics.stored.compute import compute_store
from metrics.textcache import keep_classes_current

from ..metrics.builders import World, config
from .helpers import (
    assert_retro_mentions_equal,
    assert_stored_equals_compute,
    assert_team_tables_equal_compute,
)

demo = pytest.importorskip("collectors.simulated.build")


def _by_item(events: list[Event]) -> dict[str, list[Event]]:
    items: dict[str, list[Event]] = {}
    for event in events:
        items.setdefault(event.item, []).append(event)
    return items


def _write(store: Store, events: list[Event], complete_items: tuple[str, ...] = ()) -> None:
    """Write as ``footprint sync`` does: the text-class cache kept true first."""
    page = Page(events[0].source, events, complete_items)
    keep_classes_current(store, page)
    store.write(events, source=page.source, complete_items=complete_items)


def _relabelled(event: Event) -> Event:
    """An issue opening with its first label dropped and ``flaky-ci`` added (what recurring problems
    count changes); any other event as it is."""
    if event.kind not in ("issue", "jira_issue"):
        return event
    labels = list(event.attrs.get("labels") or [])
    return replace(event, attrs={**event.attrs, "labels": [*labels[1:], "flaky-ci"]})


def _step(
    rng: random.Random, store: Store, pool: dict[str, list[Event]], stored: dict[str, list[Event]]
) -> set[str]:
    """One random sync-like write; returns the items it touched."""
    touched: set[str] = set()
    action = rng.choice(["add", "edit", "drop", "move"])
    names = sorted(stored)
    if action == "add" or not names:
        for item in rng.sample(sorted(set(pool) - set(stored)), k=min(5, len(set(pool) - set(stored)))):
            stored[item] = pool[item]
            _write(store, pool[item])
            touched.add(item)
    elif action == "edit":
        for item in rng.sample(names, k=min(4, len(names))):
            edit = " this could regress, see the docs?"
            events = [
                replace(e, text=f"{e.text or ''}{edit}") if rng.random() < 0.5 else e for e in stored[item]
            ]
            events = [_relabelled(e) if rng.random() < 0.5 else e for e in events]
            stored[item] = events
            _write(store, events, (item,))
            touched.add(item)
    elif action == "drop":
        for item in rng.sample(names, k=min(3, len(names))):
            kept = [
                e
                for e in stored[item]
                if e.kind in ("pull_request", "issue", "jira_issue") or rng.random() < 0.5
            ]
            stored[item] = kept
            _write(store, kept, (item,))
            touched.add(item)
    else:  # an event moves to another item of the same source (a Jira issue moved to another project)
        source_item = rng.choice(names)
        same = [n for n in names if n != source_item and stored[n][0].source == stored[source_item][0].source]
        if same and len(stored[source_item]) > 1:
            moved, target = stored[source_item][-1], rng.choice(same)
            stored[source_item] = stored[source_item][:-1]
            event = replace(moved, item=target, container=stored[target][0].container)
            stored[target] = [*stored[target], event]
            _write(store, [event])
            touched |= {source_item, target}
    return touched


@pytest.mark.parametrize("seed", [3, 11])
def test_incremental_equals_full_on_random_changes(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    cfg: Config = parse_config(tomllib.loads(demo.demo_config_text()))
    pool = _by_item(list(demo.demo_events(seed)))
    first = rng.sample(sorted(pool), k=len(pool) // 2)
    stored = {item: pool[item] for item in first}
    store.write([event for item in first for event in pool[item]])
    assert compute_store(store, cfg).mode == "full"
    for _ in range(5):
        touched = _step(rng, store, pool, stored)
        result = compute_store(store, cfg)
        if not touched:  # a move with nowhere to go changed nothing: there is nothing to recompute
            assert result.mode == "current", result
            continue
        assert result.mode == "incremental" and result.items == len(touched), result
        # the Team page's tables too (issue 18); the rows counted from what was written and deleted
        assert assert_stored_equals_compute(store, cfg) == result.evidence_rows
        rows = assert_team_tables_equal_compute(store, cfg)
        assert min(rows.values()) > 0, f"every per-item table must hold rows to compare: {rows}"
    # a retro comes to mention an issue (the demo's retros mention none), then no longer does
    before = assert_retro_mentions_equal(store)
    item = next(name for name in sorted(stored) if any(e.kind in RETRO_KINDS for e in stored[name]))
    issue = next(name for name in sorted(stored) if stored[name][0].kind == "jira_issue")
    original = stored[item]
    mentioned = [
        replace(e, text=f"{e.text or ''} see {issue}") if e.kind in RETRO_KINDS else e for e in original
    ]
    for events, more in ((mentioned, True), (original, False)):
        stored[item] = events
        _write(store, events, (item,))
        result = compute_store(store, cfg)
        assert result.mode == "incremental" and result.items == 1, result
        assert assert_stored_equals_compute(store, cfg) == result.evidence_rows
        assert (assert_retro_mentions_equal(store) > before) is more


def test_a_changed_cross_item_fact_recomputes_the_items_it_affects(store: Store) -> None:
    world = World()
    world.jira_issue("PAY-1", "ada", assignee="ada", hours=0)
    world.status("PAY-1", "ada", 5, "In Progress", "Shipped")  # not a known done status yet
    world.jira_issue("PAY-2", "bob", assignee="bob", hours=1)
    cfg = config()
    store.write(world.events)
    compute_store(store, cfg)
    assert_stored_equals_compute(store, cfg)
    later = World()
    later._next = 5000
    later.jira_issue("WEB-9", "cy", assignee="cy", hours=2, status="Shipped", category="done")
    store.write(later.events)  # only WEB-9 was written, but "Shipped" now counts as done on PAY-1
    result = compute_store(store, cfg)
    assert result.mode == "incremental" and "done_statuses changed" in result.reason
    assert assert_stored_equals_compute(store, cfg) >= 1
    from metrics.stored.read import stored_evidence

    assert "ownership.done_by_assignee" in set(stored_evidence(store)["rule"])
