"""The Jira collector against the fake, in both modes: completeness, retros, identities, incremental cost."""

from __future__ import annotations

import json
from datetime import timedelta

from collectors.store import open_store
from tests.fakes.jira import FakeJira
from tests.fakes.jira.data import FakeIssue

from .helpers import event_rows, jira_config, sync_once


def _expected_counts(fake: FakeJira) -> dict[str, int]:
    plain = [i for i in fake.data.issues if "retro" not in i.labels]
    return {
        "jira_issue": len(plain),
        "jira_comment": sum(len(i.comments) for i in plain),
        "jira_status_change": sum(
            1 for i in fake.data.issues for h in i.histories for item in h.items if item["field"] == "status"
        ),
        "retro_note": len(fake.data.issues) - len(plain),
    }


def test_full_sync_is_complete_including_truncated_issues(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url), store)
    assert result.status == "ok", result.run.problems
    events = store.events()
    counts = events["kind"].value_counts().to_dict()
    for kind, expected in _expected_counts(fake).items():
        assert counts.get(kind, 0) == expected, kind
    heavy = max(fake.data.issues, key=lambda i: len(i.histories))
    mine = events[events["item"] == heavy.key]
    assert (mine["kind"] == "jira_status_change").sum() == len(heavy.histories) > 100
    assert (mine["kind"] == "jira_comment").sum() == len(heavy.comments) > 100
    # the only follow-ups are the ones truncation forces
    follow_ups = sum(n for path, n in fake.paths.items() if "/issue/" in path)
    assert follow_ups == 2  # heavy issue: one changelog (or full issue on DC) + one comment page
    assert result.run.requests == fake.requests


def test_identities_follow_the_deployment(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    sync_once(jira_config(fake, url), store)
    actors = set(store.events()["actor"].dropna())
    if fake.cloud:
        assert all(actor.startswith("jira:557058:") for actor in actors)
    else:
        assert actors <= {f"jira:{handle}" for handle in fake.data.users}


def test_retro_notes_yield_items_and_actions_with_owners(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    sync_once(jira_config(fake, url), store)
    events = store.events()
    actions = events[events["kind"] == "retro_action"]
    retros = [i for i in fake.data.issues if "retro" in i.labels]
    assert len(actions) == 3 * len(retros)
    owners = {json.loads(a)["owner"] for a in actions["attrs"]}
    owner_ids = {f"jira:{fake.renderer().user_id(h)}" for h in fake.data.users}
    assert owners - {None} <= owner_ids and len(owners - {None}) >= 1
    done = sorted(json.loads(a)["done"] for a in actions["attrs"])
    assert done.count(True) == 2 * len(retros)
    assert not events[(events["kind"] == "jira_issue") & events["item"].isin([r.key for r in retros])].shape[
        0
    ]


def test_flags_blocked_and_parents_reach_attrs(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    sync_once(jira_config(fake, url), store)
    events = store.events()
    issues = {row.item: json.loads(row.attrs) for row in events[events["kind"] == "jira_issue"].itertuples()}
    for issue in fake.data.issues:
        if issue.key not in issues:
            continue
        attrs = issues[issue.key]
        assert attrs["flagged"] == issue.flagged
        assert attrs["status"] == issue.status
        assert attrs["parent"] == issue.parent
        flag_changes = sum(1 for h in issue.histories for item in h.items if item["field"] == "Flagged")
        assert len(attrs["flag_changes"]) == flag_changes
    assert any(attrs["epic"] for attrs in issues.values())
    assert any(attrs["blocks"] for attrs in issues.values())
    changes = events[events["kind"] == "jira_status_change"]["attrs"].map(json.loads)
    assert sum(1 for change in changes if change["to"] == "Blocked") > 0


def test_unchanged_resync_costs_one_search_per_project(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    config = jira_config(fake, url)
    sync_once(config, store)
    before = event_rows(store)
    fake.reset_counters()
    again = sync_once(config, store)
    searches = sum(n for path, n in fake.paths.items() if "/search" in path)
    assert searches == len(fake.data.projects)
    assert again.run.requests == 3 + searches  # serverInfo, myself, field
    assert again.run.events_written == 0 and event_rows(store) == before


def test_incremental_sync_picks_up_new_activity_only(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    config = jira_config(fake, url)
    sync_once(config, store)
    target: FakeIssue = fake.data.issues[3]
    latest = max(i.updated for i in fake.data.issues)
    fake.data.add_comment(target, "user02", "New point after the first sync", latest + timedelta(hours=1))
    fake.data.change_status(target, "user03", "Blocked", latest + timedelta(hours=2))
    fake.reset_counters()
    result = sync_once(config, store)
    assert result.status == "ok"
    events = store.events()
    assert "New point after the first sync" in set(events["text"].dropna())
    assert result.run.events_written <= 10  # the changed issue and what the overlap re-read, not everything
    assert result.run.events_written >= 3  # its jira_issue, the comment, the status change
    full = open_store(f"sqlite:///{tmp_path / 'full.db'}")
    sync_once(jira_config(fake, f"sqlite:///{tmp_path / 'full.db'}"), full)
    assert event_rows(full) == event_rows(store)


def test_an_issue_that_changes_shape_converges_to_a_full_sync(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    config = jira_config(fake, url)
    sync_once(config, store)
    latest = max(i.updated for i in fake.data.issues)
    plain = [i for i in fake.data.issues if "retro" not in i.labels and len(i.comments) >= 2]
    became_retro, lost_a_comment = plain[0], plain[1]
    became_retro.labels.append("retro")
    became_retro.updated = latest + timedelta(hours=1)
    gone = lost_a_comment.comments.pop(0)
    lost_a_comment.updated = latest + timedelta(hours=2)
    result = sync_once(config, store)
    assert result.status == "ok", result.run.problems
    events = store.events()
    assert f"jira:comment:{gone.id}" not in set(events["event_id"])
    mine = events[events["item"] == became_retro.key]
    assert set(mine["kind"]) >= {"retro_note", "retro_item"} and "jira_issue" not in set(mine["kind"])
    full = open_store(f"sqlite:///{tmp_path / 'full.db'}")
    sync_once(jira_config(fake, f"sqlite:///{tmp_path / 'full.db'}"), full)
    assert event_rows(full) == event_rows(store)


def test_an_issue_skipped_as_malformed_is_stored_by_a_later_sync(fake: FakeJira, tmp_path) -> None:
    broken = next(i for i in fake.data.issues if "retro" not in i.labels and i.comments)
    broken.raw_overrides = {"created": None}
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    config = jira_config(fake, url)
    first = sync_once(config, store)
    assert first.status == "partial" and broken.key in first.run.problems[0]
    assert f"jira:issue:{broken.id}" not in set(store.events()["event_id"])
    broken.raw_overrides = {}  # readable again, though its `updated` has not moved
    second = sync_once(config, store)
    assert second.status == "ok", second.run.problems
    full = open_store(f"sqlite:///{tmp_path / 'full.db'}")
    sync_once(jira_config(fake, f"sqlite:///{tmp_path / 'full.db'}"), full)
    assert event_rows(full) == event_rows(store)
    fake.reset_counters()
    sync_once(config, store)  # nothing left to ask for again: one search per project
    assert sum(n for path, n in fake.paths.items() if "/search" in path) == len(fake.data.projects)


def test_unknown_project_is_reported_and_others_synced(fake: FakeJira, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url, projects=["NOPE", "PAY"]), store)
    assert result.status == "partial"
    assert result.run.problems == [
        "jira NOPE: HTTP 400: The value 'NOPE' does not exist for the field 'project'."
    ]
    assert set(store.events()["container"]) == {"PAY"}


def test_bad_credentials_end_the_source_with_auth(fake: FakeJira, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FOOTPRINT_TEST_JIRA_TOKEN", "wrong")
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url), store)
    assert result.status == "auth"
    assert len(result.run.problems) == 1 and "HTTP 401" in result.run.problems[0]
    assert "wrong" not in result.run.problems[0]
    assert store.count_events() == 0


def test_malformed_and_partial_payloads_are_reported_not_fatal(fake: FakeJira, tmp_path) -> None:
    broken, nulls = fake.data.issues[4], fake.data.issues[5]
    broken.raw_overrides = {"key": None}
    nulls.raw_overrides = {
        "creator": None,
        "reporter": None,
        "assignee": None,
        "status": None,
        "labels": None,
    }
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url), store)
    assert result.status == "partial"
    assert len(result.run.problems) == 1 and "skipped" in result.run.problems[0]
    events = store.events()
    assert f"jira:issue:{broken.id}" not in set(events["event_id"])
    row = events[events["event_id"] == f"jira:issue:{nulls.id}"].iloc[0]
    assert row["actor"] is None or str(row["actor"]) in ("None", "nan")
