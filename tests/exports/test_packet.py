"""The promotion packet for a known demo person: Marlowe Tinderbox, the payments team's most senior lead."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import Config
from dashboard.errors import UsageError
from dashboard.exports.packet import CLOSING_NOTE, STRONGEST, Packet, build_packet
from dashboard.exports.packet_render import render, to_html, to_markdown, write_packet
from metrics.behaviours import BEHAVIOUR_IDS
from metrics.engine import Metrics

from .conftest import Q3


@pytest.fixture(scope="module")
def packet(q3_metrics: Metrics, demo_config: Config) -> Packet:
    return build_packet(q3_metrics, demo_config, "marlowe", Q3.since, Q3.until)


def _mine(metrics: Metrics) -> pd.DataFrame:
    return metrics.evidence[metrics.evidence["person"] == "marlowe"]


def test_header_and_sections(packet: Packet, q3_metrics: Metrics) -> None:
    assert (packet.person, packet.name, packet.team) == ("marlowe", "Marlowe Tinderbox", "payments")
    assert packet.window == Q3
    assert [s.behaviour for s in packet.sections] == list(BEHAVIOUR_IDS)
    assert packet.evidence_count == len(_mine(q3_metrics)) > 100
    assert packet.closing_note == CLOSING_NOTE


def test_each_behaviour_matches_the_evidence(packet: Packet, q3_metrics: Metrics) -> None:
    mine = _mine(q3_metrics)
    known = set(zip(mine["url"], mine["rule"], mine["reason"], strict=True))
    for section in packet.sections:
        rows = mine[mine["behaviour"] == section.behaviour]
        assert section.evidence_count == len(rows)
        assert section.items == rows["item"].nunique()
        assert [month for month, _ in section.trend] == ["2026-07", "2026-08", "2026-09"]
        assert sum(count for _, count in section.trend) == len(rows)
        assert len(section.strongest) == min(STRONGEST, len(rows))
        for line in section.strongest:
            assert (line.url, line.rule, line.reason) in known
            assert Q3.start <= line.created_at < Q3.end
        if len(rows) and rows["rule"].nunique() > 1:  # one per rule in turn: more than one rule shows
            assert len({line.rule for line in section.strongest}) > 1
        assert all(c.person != "marlowe" and c.count > 0 for c in section.collaborators)
        counts = [c.count for c in section.collaborators]
        assert counts == sorted(counts, reverse=True)
        expected = f"{len(rows)} pieces of evidence" if len(rows) else "No evidence"
        assert section.summary.startswith(expected)


def test_reviewing_collaborators_are_the_authors_reviewed(packet: Packet, q3_metrics: Metrics) -> None:
    reviewing = next(s for s in packet.sections if s.behaviour == "reviewing")
    evidence = _mine(q3_metrics)
    evidence = evidence[evidence["behaviour"] == "reviewing"]
    authors = q3_metrics.events.set_index("event_id").loc[evidence["event_id"], "target_person"]
    expected = authors[authors != "marlowe"].value_counts()
    top = reviewing.collaborators[0]
    assert top.count == expected.max()
    assert top.person in set(expected[expected == expected.max()].index)
    assert reviewing.evidence_count > 50  # the demo's senior reviewer


def test_markdown_and_html_carry_links_dates_reasons_and_the_note(packet: Packet, tmp_path: Path) -> None:
    markdown = to_markdown(packet)
    assert markdown.startswith("# Promotion evidence packet: Marlowe Tinderbox")
    assert markdown.count("\n## ") == len(BEHAVIOUR_IDS)
    first = packet.sections[0].strongest[0]
    assert f"[{first.item}]({first.url})" in markdown
    assert f"{first.created_at:%Y-%m-%d}" in markdown and first.reason.replace("|", "\\|") in markdown
    assert CLOSING_NOTE in markdown
    page = to_html(packet)
    assert f'<a href="{first.url}">' in page.replace("&amp;", "&")
    assert CLOSING_NOTE in page and "<script" not in page
    assert re.search(r"Collaborators helped: [^<]+\(\d+\)", page)
    out = write_packet(packet, tmp_path / "sub" / "marlowe.html")
    assert out.read_text("utf-8") == page
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["marlowe.html"]


def test_unknown_excluded_and_bad_suffix_are_one_line_errors(
    q3_metrics: Metrics, demo_config: Config, packet: Packet
) -> None:
    with pytest.raises(UsageError) as caught:
        build_packet(q3_metrics, demo_config, "nobody", Q3.since, Q3.until)
    assert caught.value.line.startswith("--person nobody:")
    unmapped = q3_metrics.people.loc[~q3_metrics.people["mapped"], "person"].iloc[0]
    with pytest.raises(UsageError):
        build_packet(q3_metrics, demo_config, unmapped, Q3.since, Q3.until)
    with pytest.raises(UsageError, match=r"use \.md or \.html"):
        render(packet, ".pdf")


def test_an_empty_period_says_so(q3_metrics: Metrics, demo_config: Config) -> None:
    from datetime import date

    empty = build_packet(q3_metrics, demo_config, "marlowe", date(2030, 1, 1), date(2030, 2, 1))
    assert empty.evidence_count == 0
    assert all(s.summary.startswith("No evidence") and s.trend_word == "none" for s in empty.sections)
    assert "No evidence of reviewing in this period." in to_markdown(empty)
