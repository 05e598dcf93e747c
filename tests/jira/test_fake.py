"""The Jira fake behaves like the real APIs, as seen through the `jira` library itself."""

from __future__ import annotations

import pytest
import requests
from jira import JIRA
from jira.exceptions import JIRAError

from tests.fakes.jira import FakeJira, build_dataset


def client(fake: FakeJira, token: str = "fake-token") -> JIRA:
    auth = {"basic_auth": ("bot@example.com", token)} if fake.cloud else {"token_auth": token}
    return JIRA(server=fake.url, max_retries=0, logging=False, **auth)


@pytest.fixture
def cloud() -> FakeJira:
    with FakeJira(build_dataset(seed=3, issues=250, heavy_issues=1), "cloud") as server:
        yield server


@pytest.fixture
def dc() -> FakeJira:
    with FakeJira(build_dataset(seed=3, issues=250, heavy_issues=1), "dc") as server:
        yield server


def test_server_info_tells_the_deployment(cloud: FakeJira, dc: FakeJira) -> None:
    assert client(cloud).deploymentType == "Cloud"
    assert client(dc).deploymentType == "Server"
    assert client(cloud)._is_cloud and not client(dc)._is_cloud


def test_cloud_old_search_is_gone_and_enhanced_search_pages_by_token(cloud: FakeJira) -> None:
    jira = client(cloud)
    response = requests.get(f"{cloud.url}/rest/api/2/search", auth=("bot@example.com", "fake-token"))
    assert response.status_code == 410
    assert "search/jql" in response.json()["errorMessages"][0]
    first = jira.enhanced_search_issues("project = PAY ORDER BY key ASC", maxResults=100, json_result=True)
    assert "total" not in first and first["isLast"] is False and first["nextPageToken"]
    everything = jira.enhanced_search_issues("project = PAY ORDER BY key ASC", maxResults=0, fields="summary")
    assert len(everything) == 125 == len({issue.key for issue in everything})
    assert cloud.paths["/rest/api/2/search/jql"] == 3  # one page of 100, then 100 + 25


def test_dc_search_pages_by_start_at_with_total(dc: FakeJira) -> None:
    jira = client(dc)
    page = jira.search_issues("project = WEB ORDER BY key ASC", startAt=100, maxResults=100, json_result=True)
    assert page["total"] == 125 and page["startAt"] == 100 and len(page["issues"]) == 25
    assert (
        requests.get(
            f"{dc.url}/rest/api/2/search/jql", headers={"Authorization": "Bearer fake-token"}
        ).status_code
        == 404
    )
    users = page["issues"][0]["fields"]["reporter"]
    assert "name" in users and "key" in users and "accountId" not in users


def test_users_are_accountids_on_cloud(cloud: FakeJira) -> None:
    issue = client(cloud).enhanced_search_issues("project = PAY", maxResults=1, json_result=True)["issues"][0]
    reporter = issue["fields"]["reporter"]
    assert reporter["accountId"].startswith("557058:") and "name" not in reporter and "key" not in reporter


def test_changelog_and_comments_are_truncated_in_search_and_paged_apart(
    cloud: FakeJira, dc: FakeJira
) -> None:
    heavy = max(cloud.data.issues, key=lambda i: len(i.histories))
    for fake in (cloud, dc):
        jira = client(fake)
        found = jira.search_issues(f"key = {heavy.key}", expand="changelog", json_result=True)["issues"][0]
        assert (
            found["changelog"]["total"] == len(heavy.histories) > 100 == len(found["changelog"]["histories"])
        )
        comment = found["fields"]["comment"]
        assert comment["total"] == len(heavy.comments) > 100 == len(comment["comments"])
        second = jira.comments(heavy.key, start_at=100, max_results=100)
        assert len(second) == len(heavy.comments) - 100
    page = client(cloud)._get_json(f"issue/{heavy.key}/changelog", params={"startAt": 100})
    assert page["total"] == len(heavy.histories) and len(page["values"]) == len(heavy.histories) - 100
    assert page["isLast"] is True
    with pytest.raises(JIRAError) as missing:
        client(dc)._get_json(f"issue/{heavy.key}/changelog")
    assert missing.value.status_code == 404
    full = client(dc)._get_json(f"issue/{heavy.key}", params={"expand": "changelog"})
    assert len(full["changelog"]["histories"]) == len(heavy.histories)


def test_errors_have_atlassian_shapes(cloud: FakeJira) -> None:
    with pytest.raises(JIRAError) as refused:
        client(cloud, token="wrong").myself()
    assert refused.value.status_code == 401
    with pytest.raises(JIRAError) as unknown:
        client(cloud).enhanced_search_issues("project = NOPE", json_result=True)
    assert unknown.value.status_code == 400
    assert unknown.value.text == "The value 'NOPE' does not exist for the field 'project'."


def test_faults_and_counter(cloud: FakeJira) -> None:
    cloud.fail("429", "/myself", retry_after=7)
    response = requests.get(f"{cloud.url}/rest/api/2/myself", auth=("bot@example.com", "fake-token"))
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    cloud.fail("reset", "/myself")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{cloud.url}/rest/api/2/myself", auth=("bot@example.com", "fake-token"))
    assert requests.get(f"{cloud.url}/rest/api/2/myself", auth=("bot@example.com", "fake-token")).ok
    assert cloud.requests == 3


def test_jql_dates_are_read_in_the_users_time_zone(cloud: FakeJira) -> None:
    jira = client(cloud)
    tz = jira.myself()["timeZone"]
    assert tz == "Europe/Berlin"
    first = min(cloud.data.issues, key=lambda i: i.updated)  # 2025-01-06 ~09:xx UTC = ~10:xx Berlin
    local = first.updated.strftime("%Y/%m/%d ") + f"{first.updated.hour + 1:02d}:{first.updated.minute:02d}"
    found = jira.enhanced_search_issues(
        f'updated >= "{local}" ORDER BY updated ASC', maxResults=1, json_result=True
    )
    assert found["issues"][0]["key"] == first.key


def test_v3_bodies_are_documents_the_normaliser_reads(cloud: FakeJira) -> None:
    from collectors.normalise.jira import text_of

    jira = JIRA(
        server=cloud.url,
        options={"rest_api_version": "3"},
        basic_auth=("bot@example.com", "fake-token"),
        max_retries=0,
        logging=False,
    )
    retro = next(i for i in cloud.data.issues if "retro" in i.labels)
    found = jira.enhanced_search_issues(f"key = {retro.key}", fields="description", json_result=True)
    description = found["issues"][0]["fields"]["description"]
    assert description["type"] == "doc"
    assert "automate the release notes" in text_of(description)
    assert cloud.paths["/rest/api/3/search/jql"] == 1
