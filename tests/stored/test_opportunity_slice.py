"""One person's opportunities from the opportunity slice (metrics/stored/opportunity_slice.py) equal that
person's rows of build_opportunities over every event before the window's end, for every person of the
demo (one excluded, one without a team), several windows, and each kind yielding rows; dropping any part
of the slice breaks the equality."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from collectors.config import Config, load_config
from collectors.events import Event
from collectors.simulated import demo_config_text, demo_events
from collectors.store import Store, open_store
from metrics.engine import rule_context
from metrics.opportunities import KIND_ORDER, build_opportunities
from metrics.opportunities.spans import empty_spans
from metrics.stored import opportunity_slice
from metrics.stored.compute import compute_store
from metrics.stored.feedback_acts import every_act
from metrics.stored.issue_labels import every_label
from metrics.textcache import TextClassCache

EXCLUDED, TEAMLESS = "juno", "felix"
WINDOWS = [
    (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),
    (datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC)),
    (None, datetime(2026, 12, 1, tzinfo=UTC)),
    (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 20, 13, 30, tzinfo=UTC)),
]


def _reopened_while_blocked(events: list[Any]) -> tuple[list[Any], str]:
    """The demo's events with one Jira issue that is blocked at the end of the data marked resolved
    long before (a stale ``resolved_at``): only the stored blocked stays find it open then."""
    changes = [e for e in events if e.kind == "jira_status_change"]
    last: dict[str, Any] = {}
    for change in sorted(changes, key=lambda e: e.created_at):
        last[change.item] = change
    blocked = sorted(item for item, e in last.items() if str(e.attrs.get("to", "")).lower() == "blocked")
    assert blocked, "the demo has Jira issues left blocked"
    item = blocked[0]
    out = []
    for event in events:
        if event.kind == "jira_issue" and event.item == item:
            resolved = (event.created_at + timedelta(days=1)).isoformat()
            event = dataclasses.replace(event, attrs={**event.attrs, "resolved_at": resolved})
        out.append(event)
    return out, item


def _retros_mentioning(store: Store, config: Config, events: list[Any]) -> list[Any]:
    """A retro action that mentions one issue of a recurring problem (the demo's retros mention none):
    that issue leaves the problem's count; and one by the excluded person that mentions another of its
    issues: an excluded person's acts are ignored, so that one stays."""
    until = WINDOWS[2][1]
    ctx = rule_context(store.events(until=until), config, TextClassCache(store, write=False))
    recurring = build_opportunities(ctx, until)
    recurring = recurring[recurring["kind"] == "recurring_problem"]
    assert len(recurring), "the demo has recurring problems"
    first, second = str(recurring["reason"].iloc[0]).split(": ", 1)[1].split(", ")[:2]
    action = next(e for e in events if e.kind == "retro_action")
    excluded = next(p for p in config.people if p.id == EXCLUDED)
    return [
        dataclasses.replace(
            action,
            event_id=f"{action.event_id}:mention",
            created_at=datetime(2026, 6, 2, tzinfo=UTC),
            text=f"look into {first} again, it keeps coming back",
        ),
        dataclasses.replace(
            action,
            event_id=f"{action.event_id}:excluded-mention",
            actor=f"github:{excluded.github[0]}",
            created_at=datetime(2026, 6, 3, tzinfo=UTC),
            text=f"and {second} too",
        ),
    ]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Config, Store, str]]:
    """The demo store, one person excluded, one without a team, one stuck issue with a stale
    resolution; computed."""
    folder = tmp_path_factory.mktemp("opportunity-slice")
    text = demo_config_text().replace(
        'mode = "open"\nmanagers = ["marlowe", "priya", "hattie"]\nexclude = []',
        f'mode = "open"\nmanagers = ["marlowe", "priya", "hattie"]\nexclude = ["{EXCLUDED}"]',
    )
    felix = f'id = "{TEAMLESS}"\nname = "Felix Starling-Vane"\nteam = "platform"\n'
    assert felix in text and f'exclude = ["{EXCLUDED}"]' in text
    text = text.replace(felix, felix.replace('team = "platform"\n', ""))
    path = folder / "footprint.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    store = open_store(config.store_url())
    events, stale = _reopened_while_blocked(list(demo_events()))
    store.write(events)
    compute_store(store, config, full=True)
    store.write(_retros_mentioning(store, config, events))
    compute_store(store, config)
    yield config, store, stale
    store.dispose()


@pytest.fixture(scope="module")
def expected(org: tuple[Config, Store, str]) -> dict[int, pd.DataFrame]:
    """build_opportunities over every event before each window's end (the frame path)."""
    config, store, _ = org
    out = {}
    for at, (since, until) in enumerate(WINDOWS):
        ctx = rule_context(store.events(until=until), config, TextClassCache(store, write=False))
        out[at] = build_opportunities(ctx, until, since)
    return out


def _differences(
    org: tuple[Config, Store, str], expected: dict[int, pd.DataFrame], first_only: bool = False
) -> list[str]:
    """The (window, person) pairs whose slice differs from the frame path's rows (with ``first_only``,
    the first one found: all a test that a difference exists needs)."""
    config, store, _ = org
    differ = []
    for at, (since, until) in enumerate(WINDOWS):
        frame = expected[at]
        for person in (p.id for p in config.people):
            got = opportunity_slice.person_opportunities(store, config, person, since, until)
            want = frame[frame["person"] == person].reset_index(drop=True)
            try:
                pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
            except AssertionError:
                differ.append(f"{at}:{person}")
                if first_only:
                    return differ
    return differ


def test_the_slice_yields_each_persons_opportunities_as_every_event_does(
    org: tuple[Config, Store, str], expected: dict[int, pd.DataFrame]
) -> None:
    _, _, stale = org
    everything = pd.concat(expected.values(), ignore_index=True)
    counts = everything["kind"].value_counts()
    assert all(counts.get(kind, 0) > 0 for kind in KIND_ORDER), counts.to_dict()  # every kind is tested
    assert stale in set(everything.loc[everything["kind"] == "stuck_blocked", "item"])
    assert EXCLUDED not in set(everything["person"])
    teamless = everything[everything["person"] == TEAMLESS]
    assert set(teamless["kind"]) == {"repeated_feedback"}, "a person without a team: feedback only"
    assert _differences(org, expected) == []


def _empty_like(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[0:0]


_MENTIONED = opportunity_slice.mentioned
PARTS: dict[str, Callable[..., Any]] = {
    "team_holding": lambda conn, team, until: empty_spans(),
    "person_acts": lambda conn, person, since, until: _empty_like(every_act(conn)),
    "team_labels": lambda conn, team, since, until: _empty_like(every_label(conn)),
    "mentioned": lambda conn, items, until: _empty_like(_MENTIONED(conn, items, until)),
}


@pytest.mark.parametrize("part", list(PARTS))
def test_each_part_of_the_slice_is_needed(
    org: tuple[Config, Store, str],
    expected: dict[int, pd.DataFrame],
    part: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(opportunity_slice, part, PARTS[part])
    assert _differences(org, expected, first_only=True), f"without {part} the slice equals the frame path"


def test_the_opportunity_queries_read_by_index(org: tuple[Config, Store, str]) -> None:
    """SQLite plans the team's issue labels and its spans holding at a time through their indexes."""
    config, store, _ = org
    import sqlalchemy as sa

    team = next(p.team for p in config.people if p.team)
    until = datetime(2026, 12, 1, tzinfo=UTC)
    queries = {
        "ix_issue_labels_team_created_at": sa.text(
            "EXPLAIN QUERY PLAN SELECT label FROM issue_labels WHERE team = :t AND created_at < :u"
        ),
        "ix_waiting_spans_team_holds_from": sa.text(
            "EXPLAIN QUERY PLAN SELECT item FROM waiting_spans WHERE team = :t AND holds_from <= :u "
            "AND (holds_through IS NULL OR holds_through >= :u)"
        ),
    }
    with store.engine.connect() as conn:
        for index, query in queries.items():
            plan = " ".join(str(row[-1]) for row in conn.execute(query, {"t": team, "u": until}))
            assert index in plan, plan


def _stored_events(store: Store) -> list[Event]:
    """Every event of ``store``, as written."""
    frame = store.events()
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [
        Event(**{**row, "created_at": row["created_at"].to_pydatetime(), "attrs": json.loads(row["attrs"])})
        for row in rows
    ]


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)  # SQLite: the tests above
def test_the_slice_queries_give_the_same_opportunities_on_postgresql(
    store_url: str, org: tuple[Config, Store, str], expected: dict[int, pd.DataFrame]
) -> None:
    """The same queries on PostgreSQL (SQLite is the module's store): the demo's events copied over,
    computed, and every person's opportunities of two windows equal the frame path's."""
    config, sqlite, _ = org
    store = open_store(store_url)
    try:
        store.write(_stored_events(sqlite))
        compute_store(store, config, full=True)
        for at in (0, 2):
            since, until = WINDOWS[at]
            frame = expected[at]
            for person in (p.id for p in config.people):
                got = opportunity_slice.person_opportunities(store, config, person, since, until)
                want = frame[frame["person"] == person].reset_index(drop=True)
                pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    finally:
        store.dispose()
