"""report.html: self-contained, the team view's charts and tables, people alphabetical, no ranking."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from collectors.config import Config
from dashboard.exports import tables
from dashboard.exports.report import render_report
from metrics.behaviours import BEHAVIOUR_IDS
from metrics.engine import Metrics

from .conftest import Q3
from .report_checks import offline_problems


@pytest.fixture(scope="module")
def report(q3_metrics: Metrics, demo_config: Config) -> str:
    people = tables.people_table(q3_metrics.people, q3_metrics.unmapped)
    return render_report(
        q3_metrics, demo_config, Q3, footprint=tables.footprint_table(q3_metrics.footprint), people=people
    )


def test_nothing_is_fetched_when_opened(report: str) -> None:
    assert offline_problems(report) == []
    assert "Content-Security-Policy" in report and "default-src 'none'" in report


def test_the_checker_catches_what_a_browser_would_fetch() -> None:
    page = '<html><script src="https://cdn.jsdelivr.net/npm/vega@5"></script><img src="x.png"></html>'
    assert len(offline_problems(page)) >= 3


def test_charts_are_inline_svg_and_every_team_has_a_section(report: str, demo_config: Config) -> None:
    assert report.count("<svg") >= 6  # trend, one heatmap per team, waits, review load, cross-team, retro
    for team in demo_config.teams:
        assert f"<h3>Team {team.name}</h3>" in report
    for heading in ("Behaviours over time", "Time to first response", "Review load", "Cross-team links"):
        assert heading in report


def test_people_are_alphabetical_in_every_team_table(report: str, demo_config: Config) -> None:
    for team in demo_config.teams:
        section = report.split(f"<h3>Team {team.name}</h3>", 1)[1].split("<h3>", 1)[0].split("<h2>", 1)[0]
        body = section.split("<tbody>", 1)[1]
        names = re.findall(r"<tr><td>([^<]+)</td>", body)
        expected = sorted((p.name for p in demo_config.people if p.team == team.name), key=str.casefold)
        assert names == expected


def test_team_table_counts_equal_the_footprint(report: str, q3_metrics: Metrics) -> None:
    footprint = q3_metrics.footprint
    marlowe = footprint[footprint["person"] == "marlowe"].groupby("behaviour")["evidence_count"].sum()
    row = re.search(r"<tr><td>Marlowe Tinderbox</td><td>marlowe</td>(.*?)</tr>", report)
    assert row is not None
    cells = [int(v) for v in re.findall(r'<td class="num">(\d+)</td>', row.group(1))]
    assert cells == [int(marlowe.get(b, 0)) for b in BEHAVIOUR_IDS]


def test_report_of_an_empty_window_still_renders(
    q3_metrics: Metrics, demo_config: Config, tmp_path: Path
) -> None:
    empty = dataclasses.replace(
        q3_metrics,
        events=q3_metrics.events.iloc[:0],
        evidence=q3_metrics.evidence.iloc[:0],
        footprint=q3_metrics.footprint.iloc[:0],
        unmapped=q3_metrics.unmapped.iloc[:0],
    )
    people = tables.people_table(empty.people, empty.unmapped)
    html = render_report(
        empty, demo_config, Q3, footprint=tables.footprint_table(empty.footprint), people=people
    )
    assert "No evidence in this window." in html and "No events in this window." in html
    assert offline_problems(html) == []


def test_waiting_work_lists_items_once_per_team_longest_waiting_first_never_people(
    report: str, q3_metrics: Metrics
) -> None:
    section = report.split("<h2>Waiting work</h2>", 1)[1].split("<h2>", 1)[0]
    waiting = q3_metrics.opportunities
    waiting = waiting[waiting["kind"].isin(["waiting_review", "unanswered_question", "stuck_blocked",
                                            "recurring_problem"])]  # fmt: skip
    assert len(waiting) > len(waiting.drop_duplicates(["team", "url"])) > 0  # a row per member...
    for team, rows in waiting.groupby("team"):
        part = section.split(f"<h3>Waiting in team {team}</h3>", 1)[1].split("<h3>", 1)[0]
        assert re.findall(r"<th>([^<]+)</th>", part) == ["Item", "What", "Since", "Why"]
        shown = re.findall(r'<tr><td><a href="([^"]+)">', part)
        assert sorted(shown) == sorted(set(rows["url"]))  # ...but each item once
        dates = re.findall(r"<td>(\d{4}-\d\d-\d\d)</td>", part)
        assert dates == sorted(dates)  # longest waiting first
    assert "waiting for" in section or "question waiting for an answer" in section
    for person in q3_metrics.people["person"]:
        assert f"<td>{person}</td>" not in section  # items, not people
