"""Every page through Streamlit's AppTest: demo store, empty store, GitHub-only store, no config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import PAGES, PAGES_NAMES

App = Callable[..., AppTest]


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [error.value for error in at.exception]


@pytest.mark.parametrize("page", PAGES_NAMES)
def test_every_page_renders_on_the_demo(app: App, demo_config: Path, page: str) -> None:
    at = app(demo_config, page)
    assert_clean(at)
    assert at.title, "every page has a title"
    assert charts(at) >= 1 or (page == "health" and at.dataframe)
    assert not at.info, [info.value for info in at.info]


@pytest.mark.parametrize("page", PAGES_NAMES)
def test_every_page_renders_on_a_github_only_store(app: App, github_only_config: Path, page: str) -> None:
    at = app(github_only_config, page)
    assert_clean(at)
    assert charts(at) >= 1


@pytest.mark.parametrize("page", PAGES_NAMES)
def test_empty_store_explains_what_to_do(app: App, empty_store_config: Path, page: str) -> None:
    at = app(empty_store_config, page)
    assert_clean(at)
    assert charts(at) == 0
    text = at.info[0].value
    assert "No events in the store" in text
    assert "footprint sync" in text and "footprint demo" in text


def test_missing_store_and_missing_config(app: App, tmp_path: Path, demo_config: Path) -> None:
    config = tmp_path / "footprint.toml"
    config.write_text(demo_config.read_text("utf-8"), encoding="utf-8")  # its store is not there
    at = app(config, "team")
    assert_clean(at)
    assert "does not exist yet" in at.info[0].value
    assert not (tmp_path / "footprint.db").exists(), "looking must not create a store"
    at = app(tmp_path / "nowhere.toml", "overview")
    assert "footprint demo" in at.info[0].value


def test_bad_config_lists_each_problem(app: App, tmp_path: Path) -> None:
    config = tmp_path / "footprint.toml"
    config.write_text('[store]\nurl = 3\n[[people]]\nid = "a"\nteam = "nope"\n', encoding="utf-8")
    at = app(config, "overview")
    assert_clean(at)
    text = at.info[0].value
    assert "store.url" in text and "people[0].team" in text


@pytest.mark.parametrize("page", PAGES_NAMES)
def test_a_store_file_that_is_not_a_database_is_explained(app: App, tmp_path: Path, page: str) -> None:
    (tmp_path / "footprint.db").write_bytes(b"these are someone's notes, not a SQLite database\n" * 20)
    config = tmp_path / "footprint.toml"
    config.write_text('[store]\nurl = "sqlite:///footprint.db"\n[[people]]\nid = "a"\n', encoding="utf-8")
    at = app(config, page)
    assert_clean(at)
    text = at.info[0].value
    assert "The store cannot be opened" in text and "file is not a database" in text
    assert "Traceback" not in text


def test_filters_change_what_is_shown_and_persist_across_pages(app: App, demo_config: Path) -> None:
    at = app(demo_config, "overview")
    everything = metrics(at)["Acts with evidence"]
    at.selectbox(key="filter_team").set_value("payments").run()
    payments = metrics(at)["Acts with evidence"]
    assert payments != everything
    at.select_slider(key="filter_period").set_value(("2026-09", "2026-10")).run()
    assert metrics(at)["Acts with evidence"] not in (everything, payments)
    assert "payments, 2026-09 to 2026-10" in at.caption[0].value
    at.switch_page(PAGES["team"]).run()
    assert_clean(at)
    assert at.selectbox(key="filter_team").value == "payments"
    assert at.select_slider(key="filter_period").value == ("2026-09", "2026-10")
    assert "payments, 2026-09 to 2026-10" in at.caption[0].value


def test_team_filter_limits_people_alphabetically(app: App, demo_config: Path) -> None:
    at = app(demo_config, "my_footprint")
    at.selectbox(key="filter_team").set_value("web").run()
    person = next(s for s in at.selectbox if s.label == "Person")
    names = list(person.options)  # as displayed: names
    assert names == sorted(names, key=str.casefold)
    assert len(names) == 5


def test_evidence_feed_shows_reasons_and_links_and_filters_by_behaviour(app: App, demo_config: Path) -> None:
    at = app(demo_config, "my_footprint")
    assert_clean(at)
    feed = at.dataframe[0].value
    assert {"date", "behaviour", "item", "reason", "rule", "link"} <= set(feed.columns)
    assert feed["reason"].str.len().min() > 10
    assert feed["link"].str.startswith("https://").all()
    assert feed["date"].is_monotonic_decreasing
    chooser = at.multiselect[0]
    first = chooser.value[0]
    chooser.set_value([first]).run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < len(feed)
    assert narrowed["behaviour"].nunique() == 1


def test_person_choice_survives_switching_pages(app: App, demo_config: Path) -> None:
    at = app(demo_config, "my_footprint")
    person = next(s for s in at.selectbox if s.label == "Person")
    person.select_index(3).run()
    chosen = next(s for s in at.selectbox if s.label == "Person").value
    assert chosen != person.options[0]
    at.switch_page(PAGES["packet"]).run()
    assert_clean(at)
    assert next(s for s in at.selectbox if s.label == "Person").value == chosen


def test_packet_page_offers_markdown_and_html(app: App, demo_config: Path) -> None:
    at = app(demo_config, "packet")
    assert_clean(at)
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Download Markdown", "Download HTML"]
    body = "\n".join(markdown.value for markdown in at.markdown)
    assert "Strongest evidence" in body and "](https://" in body
    assert "## Growth plan" not in body  # off by default: a packet is evidence first
    at.toggle[0].set_value(True).run()
    assert_clean(at)
    body = "\n".join(markdown.value for markdown in at.markdown)
    assert body.index("## How to read this packet") < body.index("## Growth plan")
    assert "not a score and not a ranking" in body


def test_health_page_lists_sources_and_unmapped_identities(app: App, demo_config: Path) -> None:
    at = app(demo_config, "health")
    assert_clean(at)
    sources = at.dataframe[0].value
    assert list(sources["source"]) == ["github", "jira"]  # every registered source, configured or not
    assert sources["configured"].tolist() == [True, True] and (sources["events"] > 0).all()
    values = metrics(at)
    assert int(values["Unmapped identities"]) >= 1
    assert values["People excluded"] == "0"


def test_team_first_responses_are_the_figures_the_unblocking_evidence_uses(
    app: App, demo_config: Path
) -> None:
    """The Team page's first-response chart and the evidence read one measure: they cannot disagree."""
    import re

    import pandas as pd
    import pyarrow as pa

    from collectors.config import load_config
    from collectors.store import open_store
    from metrics.engine import load_metrics
    from metrics.measures import answered_between, wait_distribution

    at = app(demo_config, "team")
    at.select_slider(key="filter_period").set_value(("2026-08", "2026-09")).run()
    assert_clean(at)
    caption = next(c.value for c in at.caption if c.value.startswith("Median time to first response"))
    median, answered = re.match(
        r"Median time to first response: ([\d.]+) h over ([\d,]+) items", caption
    ).groups()
    config = load_config(demo_config)
    store = open_store(config.store_url())
    metrics = load_metrics(store, config)
    store.dispose()
    start, end = pd.Timestamp("2026-08-01", tz="UTC"), pd.Timestamp("2026-10-01", tz="UTC")
    responses = answered_between(metrics.measures.first_responses, start, end)
    assert int(answered.replace(",", "")) == len(responses) > 20
    assert float(median) == round(responses["waited_hours"].median(), 1)
    chart = next(c for c in at.get("vega_lite_chart") if "Time to first response" in c.proto.spec)
    drawn = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    assert drawn["items"].tolist() == wait_distribution(responses)["items"].tolist()
    evidence = metrics.evidence
    credited = evidence[
        evidence["rules"].str.contains("unblocking.first_response")
        & (evidence["created_at"] >= start)
        & (evidence["created_at"] < end)
    ]
    waited = responses[responses["waited_hours"] >= config.behaviours.unblock_wait_hours]
    assert sorted(credited["event_id"]) == sorted(waited["response_event_id"])


def test_my_footprint_shows_the_growth_plan_and_the_opportunities_with_links(
    app: App, demo_config: Path
) -> None:
    at = app(demo_config, "my_footprint")
    # ravi, of payments: the story's junior pull request waits for their review (stories.py)
    next(s for s in at.selectbox if s.label == "Person").set_value("Ravi Lanternfish").run()
    assert_clean(at)
    headings = [heading.value for heading in at.subheader]
    assert headings.index("Growth plan") < headings.index("Opportunities") < headings.index("Evidence")
    text = "\n".join(block.value for block in at.markdown)
    assert "Growth areas" not in headings and "compared with team median" not in text
    assert "**Pull requests waiting for a first review** (" in text
    assert "[acme/payments\\#215](https://github.com/acme/payments/pull/215)" in text
    assert "- *Already shows it:*" in text or "- *Nothing in this period shows it yet.*" in text
    assert "Initiate a retrospective on a recurring issue" in text  # payments has a recurring problem


def test_the_opportunities_are_read_on_a_second_thread_as_part_of_the_run(
    app: App, demo_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """person_view reads the person's opportunities on a second thread while it reads their slice,
    with the run's context there (Streamlit's caches behave as on the run's thread), and waits for them."""
    import threading

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from dashboard import person_queries

    seen: list[tuple[str, bool]] = []
    read = person_queries._opportunities

    def spy(*args: object) -> object:
        seen.append((threading.current_thread().name, get_script_run_ctx() is not None))
        return read(*args)

    monkeypatch.setattr(person_queries, "_opportunities", spy)
    person_queries.person_view.clear()
    at = app(demo_config, "my_footprint")
    next(s for s in at.selectbox if s.label == "Person").set_value("Ravi Lanternfish").run()
    assert_clean(at)
    assert seen and all(name.startswith("opportunities") and in_run for name, in_run in seen), seen
    assert "**Pull requests waiting for a first review** (" in "\n".join(block.value for block in at.markdown)
