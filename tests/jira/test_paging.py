"""Paging edge cases: issues that move while Data Center pages are read, JQL dates in the user's zone."""

from __future__ import annotations

from datetime import timedelta

from collectors.store import open_store
from tests.fakes.jira import FakeJira, build_dataset

from .helpers import event_rows, jira_config, sync_once


def test_issue_updated_between_dc_pages_does_not_hide_another(tmp_path, jira_env: None) -> None:
    data = build_dataset(seed=4, projects=("PAY",), issues=250, comments=100, status_changes=80)
    with FakeJira(data, "dc") as fake:
        moved = False

        def touch_an_early_issue(path: str) -> None:
            nonlocal moved
            if path.endswith("/search") and not moved:
                moved = True  # after the first page: the oldest issue is commented on and jumps to the end
                early = min(data.issues, key=lambda i: (i.updated, i.key))
                latest = max(i.updated for i in data.issues)
                data.add_comment(early, "user01", "Moved while paging", latest + timedelta(minutes=1))

        fake.after_request = touch_an_early_issue
        url = f"sqlite:///{tmp_path / 'f.db'}"
        store = open_store(url)
        result = sync_once(jira_config(fake, url), store)
        fake.after_request = None
        assert result.status == "ok", result.run.problems
        assert fake.paths["/rest/api/2/search"] > 4  # 3 pages + the retro query, then a restart
        reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
        reference = open_store(reference_url)
        sync_once(jira_config(fake, reference_url), reference)
        assert event_rows(store) == event_rows(reference)
        issues = store.events()
        assert (issues["kind"] == "jira_issue").sum() == len(
            [i for i in data.issues if "retro" not in i.labels]
        )


def test_watermark_is_written_in_the_users_time_zone(tmp_path, jira_env: None) -> None:
    """New York is behind UTC: a UTC wall time read as New York time would skip five hours of activity."""
    data = build_dataset(seed=9)
    with FakeJira(data, "cloud", time_zone="America/New_York") as fake:
        url = f"sqlite:///{tmp_path / 'f.db'}"
        store = open_store(url)
        config = jira_config(fake, url)
        sync_once(config, store)
        latest = max(i.updated for i in data.issues)
        data.add_comment(data.issues[2], "user04", "An hour after the last sync", latest + timedelta(hours=1))
        assert sync_once(config, store).run.events_written >= 2
        assert "An hour after the last sync" in set(store.events()["text"].dropna())
