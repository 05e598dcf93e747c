"""Faults: rate limits with Retry-After, 503s, resets and unreadable bodies are survived or reported."""

from __future__ import annotations

import pytest
import requests
from jira.exceptions import JIRAError

from collectors.jira.retry import MAX_STATUS_RETRIES, RateLimitExhausted, RetryingSession, retry_after_seconds
from collectors.store import open_store
from tests.fakes.jira import FakeJira, build_dataset

from .helpers import event_rows, jira_config, sync_once


def _session(fake: FakeJira, max_wait: float, waits: list[float], sent: list[int]) -> RetryingSession:
    session = RetryingSession(
        max_wait_seconds=max_wait, on_request=lambda: sent.append(1), sleep=waits.append
    )
    session.auth = ("bot@example.com", "fake-token")
    return session


@pytest.fixture
def cloud(jira_env: None) -> FakeJira:
    with FakeJira(build_dataset(seed=11), "cloud") as server:
        yield server


def test_retry_after_is_obeyed_exactly_and_retries_are_counted(cloud: FakeJira) -> None:
    waits: list[float] = []
    sent: list[int] = []
    session = _session(cloud, 900, waits, sent)
    cloud.fail("429", "/myself", retry_after=3)
    cloud.fail("503", "/myself", retry_after=2)
    cloud.fail("reset", "/myself")
    assert session.get(f"{cloud.url}/rest/api/2/myself").ok
    assert waits == [3.0, 2.0, 2.0]  # Retry-After as given; the reset backs off (third attempt: 0.5 * 2**2)
    assert len(sent) == 4 == cloud.requests


def test_waiting_past_the_budget_gives_up_without_sleeping(cloud: FakeJira) -> None:
    waits: list[float] = []
    session = _session(cloud, 900, waits, [])
    cloud.fail("429", "/myself", retry_after=1000)
    with pytest.raises(RateLimitExhausted, match="max_rate_limit_wait_seconds = 900"):
        session.get(f"{cloud.url}/rest/api/2/myself")
    assert waits == []


def test_endless_refusals_without_a_wait_stop_after_a_bounded_number_of_requests(cloud: FakeJira) -> None:
    sent: list[int] = []
    session = _session(cloud, 900, [], sent)
    cloud.fail("503", "/myself", times=1000, retry_after=0)
    with pytest.raises(JIRAError) as refused:
        session.get(f"{cloud.url}/rest/api/2/myself")
    assert refused.value.status_code == 503
    assert len(sent) == MAX_STATUS_RETRIES + 1 == cloud.requests


def test_other_errors_are_not_retried(cloud: FakeJira) -> None:
    session = _session(cloud, 900, [], [])
    with pytest.raises(JIRAError) as refused:
        session.get(f"{cloud.url}/rest/api/2/project/NOPE")
    assert refused.value.status_code == 404 and cloud.requests == 1


def test_retry_after_forms() -> None:
    response = requests.Response()
    response.headers["Retry-After"] = "12"
    assert retry_after_seconds(response) == 12.0
    response.headers["Retry-After"] = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_seconds(response) == 0.0  # a date in the past: retry now
    response.headers["Retry-After"] = "soon"
    assert retry_after_seconds(response) is None


def test_sync_through_faults_gives_identical_events(fake: FakeJira, tmp_path) -> None:
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = open_store(clean_url)
    assert sync_once(jira_config(fake, clean_url), clean).status == "ok"
    fake.reset_counters()
    fake.fail("429", "/search", retry_after=0)
    fake.fail("503", "/search", times=2, retry_after=0)
    fake.fail("reset", "/comment")
    fake.fail("503", "/issue/", retry_after=0)
    fake.fail("reset", "/search")
    url = f"sqlite:///{tmp_path / 'faulty.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url), store)
    assert result.status == "ok", result.run.problems
    assert event_rows(store) == event_rows(clean)
    assert result.run.requests == fake.requests  # every retry counted
    assert all(f.times == 0 for f in fake.faults)


def test_rate_limit_past_the_allowed_wait_fails_that_project_only(fake: FakeJira, tmp_path) -> None:
    fake.fail("429", "/search", retry_after=120)
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    result = sync_once(jira_config(fake, url, projects=["PAY", "WEB"], max_wait=60), store)
    assert result.status == "partial"
    assert len(result.run.problems) == 1 and result.run.problems[0].startswith("jira PAY: HTTP 429")
    assert set(store.events()["container"]) == {"WEB"}


def test_unreadable_body_is_reported_and_a_rerun_completes(fake: FakeJira, tmp_path) -> None:
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = open_store(clean_url)
    sync_once(jira_config(fake, clean_url), clean)
    fake.fail("garbage", "/search")
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = open_store(url)
    first = sync_once(jira_config(fake, url), store)
    assert first.status == "partial"
    assert [p.split(":")[0] for p in first.run.problems] == ["jira PAY"]
    assert "unreadable response" in first.run.problems[0]
    assert sync_once(jira_config(fake, url), store).status == "ok"
    assert event_rows(store) == event_rows(clean)
