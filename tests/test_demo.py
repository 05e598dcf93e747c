"""The embedded demo: deterministic, big enough, every kind and every deliberate story present."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter, defaultdict
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from collectors.config import load_config
from collectors.events import GHOST, Event
from collectors.simulated import DEMO_ANCHOR, build_demo, demo_config_text, demo_events
from collectors.simulated import build as build_module
from collectors.simulated.org import BOT_LOGINS, PEOPLE, TEAMS, UNMAPPED_GITHUB, UNMAPPED_JIRA
from collectors.sources import registered_sources
from collectors.store import open_store


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return demo_events()


def _is_bot(identity: str | None) -> bool:
    return bool(identity) and identity.removeprefix("github:") in BOT_LOGINS


def test_same_seed_same_events_and_other_seed_differs(events: list[Event]) -> None:
    again = demo_events()
    assert [e.as_row() for e in again] == [e.as_row() for e in events]
    assert [e.as_row() for e in demo_events(seed=8)] != [e.as_row() for e in events]


def test_volume_window_kinds_and_unique_ids(events: list[Event]) -> None:
    assert len(events) >= 5000
    assert len({e.event_id for e in events}) == len(events)
    every_kind = {kind.name for source in registered_sources() for kind in source.kinds}
    assert set(Counter(e.kind for e in events)) == every_kind
    start = datetime(2026, 5, 1, tzinfo=UTC)
    end = datetime(DEMO_ANCHOR.year, DEMO_ANCHOR.month, DEMO_ANCHOR.day, tzinfo=UTC)
    assert all(start <= e.created_at < end for e in events)
    assert {e.created_at.month for e in events} == {5, 6, 7, 8, 9, 10}
    assert events == sorted(events, key=lambda e: (e.created_at, e.event_id))


def test_config_loads_and_matches_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text(demo_config_text())
    config = load_config(path)
    assert config.store.url == "sqlite:///footprint.db"
    github, jira = config.section("github"), config.section("jira")
    assert github is not None and github.retro_label == "retro"
    assert github.repos == [team.repo for team in TEAMS]
    assert jira is not None and jira.url == "https://acme.atlassian.net"
    assert jira.projects == ["PAY", "WEB", "PLAT"] and jira.retro_jql == "labels = retro"
    assert {(t.name, tuple(t.repos), tuple(t.jira_projects)) for t in config.teams} == {
        (t.name, (t.repo,), (t.project,)) for t in TEAMS
    }
    configured = {
        (p.id, p.team, p.level, tuple(p.github), tuple(p.jira), tuple(p.emails)) for p in config.people
    }
    assert configured == {(p.id, p.team, p.level, (p.login,), (p.account,), (p.email,)) for p in PEOPLE}
    assert {p.level for p in config.people} == {1, 2, 3, 4, 5}
    assert config.access.managers and set(config.access.managers) <= {p.id for p in PEOPLE}
    assert all(p.jira[0].startswith("557058:") for p in config.people)


def test_every_actor_is_known_or_deliberately_unmapped(events: list[Event]) -> None:
    configured = {f"github:{p.login}" for p in PEOPLE} | {f"jira:{p.account}" for p in PEOPLE}
    allowed = configured | {GHOST, *UNMAPPED_GITHUB, *UNMAPPED_JIRA}
    actors = Counter(e.actor for e in events)
    strays = {actor for actor in actors if actor not in allowed and not _is_bot(actor)}
    assert strays == set()
    # and each kind of stray actually appears
    assert GHOST in actors and all(actors[u] for u in (*UNMAPPED_GITHUB, *UNMAPPED_JIRA))
    assert {a for a in actors if _is_bot(a)} >= {"github:dependabot[bot]", "github:acme-ci[bot]"}
    assert len({a for a in actors if a in configured}) == 2 * len(PEOPLE)


def _first_responses(events: list[Event]) -> dict[str, tuple[datetime, Event]]:
    """Per PR: when it was opened and the first act by a human other than its author."""
    opened = {e.item: e for e in events if e.kind == "pull_request"}
    first: dict[str, tuple[datetime, Event]] = {}
    for e in events:  # time-ordered
        pr = opened.get(e.item)
        if pr is None or e.kind not in ("review", "review_comment", "comment") or e.item in first:
            continue
        if e.actor != pr.actor and not _is_bot(e.actor):
            first[e.item] = (pr.created_at, e)
    return first


def test_long_waits_were_unblocked_and_bots_do_not_count(events: list[Event]) -> None:
    first = _first_responses(events)
    long_waits = [(opened, e) for opened, e in first.values() if e.created_at - opened > timedelta(hours=24)]
    assert len(long_waits) >= 20
    team_of_login = {f"github:{p.login}": p.team for p in PEOPLE}
    repo_team = {t.repo: t.name for t in TEAMS}
    assert any(team_of_login.get(e.actor) not in (None, repo_team[e.container]) for _, e in long_waits)
    bot_first = [e for e in events if e.kind == "comment" and e.actor == "github:acme-ci[bot]"]
    assert any(e.created_at - first[e.item][0] < timedelta(minutes=10) for e in bot_first if e.item in first)


def test_cross_team_reviews_design_and_tooling_prs(events: list[Event]) -> None:
    team_of_login = {f"github:{p.login}": p.team for p in PEOPLE}
    repo_team = {t.repo: t.name for t in TEAMS}
    reviews = [e for e in events if e.kind == "review" and e.actor in team_of_login]
    cross = [e for e in reviews if team_of_login[e.actor] != repo_team[e.container]]
    assert len(cross) >= 30 and {e.container for e in cross} == set(repo_team)
    states = Counter(e.attrs["state"] for e in reviews)
    assert {"APPROVED", "CHANGES_REQUESTED", "COMMENTED"} <= set(states)
    paths = [path for e in events if e.kind == "pull_request" for path in e.attrs["paths"]]
    assert any(p.startswith("docs/adr/") for p in paths) and any(p.startswith("rfcs/") for p in paths)
    assert any(p.startswith(".github/workflows/") for p in paths) and "Makefile" in paths
    replies = [e for e in events if e.kind == "review_comment" and e.attrs["in_reply_to"]]
    assert len(replies) >= 100
    bodies = [e.text or "" for e in events if e.kind == "review_comment"]
    assert any("```suggestion" in b for b in bodies) and any("https://" in b for b in bodies)


def test_retros_have_owned_actions_both_done_and_open(events: list[Event]) -> None:
    actions = [e for e in events if e.kind == "retro_action"]
    for source in ("github", "jira"):
        mine = [e for e in actions if e.source == source]
        assert mine and all(e.attrs["owner"] for e in mine)
        assert {e.attrs["done"] for e in mine} == {True, False}
    configured = {f"github:{p.login}" for p in PEOPLE} | {f"jira:{p.account}" for p in PEOPLE}
    assert {e.attrs["owner"] for e in actions} <= configured
    notes = Counter(e.source for e in events if e.kind == "retro_note")
    assert notes["github"] >= 20 and notes["jira"] >= 10


def test_jira_issues_pass_through_blocked_and_come_back(events: list[Event]) -> None:
    changes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in events:
        if e.kind == "jira_status_change":
            changes[e.item].append((e.attrs["from"], e.attrs["to"]))
    full_path = [("To Do", "In Progress"), ("In Progress", "Blocked"), ("Blocked", "In Progress")]
    through_blocked = [item for item, moves in changes.items() if all(m in moves for m in full_path)]
    assert len(through_blocked) >= 20
    assert any(("In Review", "Done") in changes[item] for item in through_blocked)
    issues = {e.item: e for e in events if e.kind == "jira_issue"}
    flagged_and_cleared = [
        i for i in through_blocked if [c["set"] for c in issues[i].attrs["flag_changes"]][:2] == [True, False]
    ]
    assert flagged_and_cleared
    blocked_comments = [e for e in events if e.kind == "jira_comment" and e.item in through_blocked]
    assert len(blocked_comments) >= len(through_blocked)
    assert any(i.attrs["epic"] for i in issues.values())
    assert any(i.attrs["type"] == "Epic" for i in issues.values())
    assert any(i.attrs["blocks"] for i in issues.values())
    assert {i.attrs["status"] for i in issues.values()} >= {"Done", "In Progress"}
    assert sum(len(i.attrs["assignee_changes"]) >= 2 for i in issues.values()) >= 5


def _store_rows(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT * FROM events ORDER BY event_id").fetchall()


def test_build_is_idempotent_and_force_rebuilds(tmp_path: Path, events: list[Event]) -> None:
    config_path = build_demo(tmp_path)
    store_path = tmp_path / "footprint.db"
    assert config_path == tmp_path / "footprint.toml" and config_path.read_text() == demo_config_text()
    config = load_config(config_path)
    store = open_store(config.store_url())
    try:
        assert store.count_events() == len(events)
        assert set(store.runs()["source"]) == {"github", "jira"}
        assert set(store.runs()["status"]) == {"ok"}
    finally:
        store.dispose()
    rows, mtime = _store_rows(store_path), store_path.stat().st_mtime_ns
    assert build_demo(tmp_path) == config_path
    assert store_path.stat().st_mtime_ns == mtime  # untouched
    os.utime(store_path, ns=(mtime - 10**9, mtime - 10**9))
    build_demo(tmp_path, force=True)
    assert store_path.stat().st_mtime_ns != mtime - 10**9
    assert _store_rows(store_path) == rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["footprint.db", "footprint.toml"]


def test_missing_half_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "footprint.toml").write_text("broken")
    build_demo(tmp_path)
    assert (tmp_path / "footprint.db").exists()
    assert (tmp_path / "footprint.toml").read_text() == demo_config_text()


def test_interrupted_build_leaves_no_half_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo(tmp_path)
    before = _store_rows(tmp_path / "footprint.db")

    def crash(path: Path, events: list[Event], **_: object) -> None:
        store = open_store(f"sqlite:///{path}")
        try:
            store.write(events[:100])
        finally:
            store.dispose()
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_write_store", crash)
    with pytest.raises(KeyboardInterrupt):
        build_demo(tmp_path, force=True)
    assert _store_rows(tmp_path / "footprint.db") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["footprint.db", "footprint.toml"]
    fresh = tmp_path / "fresh"
    with pytest.raises(KeyboardInterrupt):
        build_demo(fresh)
    assert list(fresh.iterdir()) == []
