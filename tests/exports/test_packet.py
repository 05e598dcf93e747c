"""The promotion packet for a known demo person: Marlowe Tinderbox, the payments team's most senior lead."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import Config
from dashboard.errors import UsageError
from dashboard.exports.packet import CLOSING_NOTE, STRONGEST, TREND_RULE, Packet, build_packet, trend_word
from dashboard.exports.packet_render import render, sections_markdown, to_html, to_markdown, write_packet
from dashboard.exports.templating import md_escape
from metrics.behaviours import BEHAVIOUR_IDS
from metrics.engine import Metrics
from metrics.quotes import EXCERPT_CHARS, excerpt, quoted
from metrics.strength import strongest

from .conftest import Q3


@pytest.fixture(scope="module")
def packet(q3_metrics: Metrics, demo_config: Config) -> Packet:
    return build_packet(q3_metrics, demo_config, "marlowe", Q3.since, Q3.until)


def _mine(metrics: Metrics) -> pd.DataFrame:
    return metrics.evidence[metrics.evidence["person"] == "marlowe"]


def test_header_counts_acts_and_items_never_rows(packet: Packet, q3_metrics: Metrics) -> None:
    mine = _mine(q3_metrics)
    assert (packet.person, packet.name, packet.team) == ("marlowe", "Marlowe Tinderbox", "payments")
    assert packet.window == Q3 and not packet.empty_window
    assert [s.behaviour for s in packet.sections] == list(BEHAVIOUR_IDS)
    assert packet.acts == mine["event_id"].nunique() > 100
    assert packet.acts < len(mine)  # some acts show several behaviours: they are not summed
    assert packet.items == mine["item"].nunique()
    markdown = to_markdown(packet)
    assert f"{packet.acts} acts on {packet.items} items from 2026-07-01" in markdown
    assert "pieces of evidence" not in markdown


def test_each_behaviour_matches_the_evidence(packet: Packet, q3_metrics: Metrics) -> None:
    mine = _mine(q3_metrics)
    for section in packet.sections:
        rows = mine[mine["behaviour"] == section.behaviour]
        assert section.acts == len(rows) == len(rows.drop_duplicates(["event_id", "person"]))
        assert section.items == rows["item"].nunique()
        assert [month for month, _ in section.trend] == ["2026-07", "2026-08", "2026-09"]
        assert sum(count for _, count in section.trend) == sum(section.halves) == len(rows)
        assert section.trend_word == trend_word(*section.halves)
        if len(rows):
            assert section.summary.startswith(f"{len(rows)} acts on {rows['item'].nunique()} items")


def test_strongest_evidence_is_ordered_by_strength_one_row_per_item(
    packet: Packet, q3_metrics: Metrics
) -> None:
    mine = _mine(q3_metrics)
    classes = mine.drop_duplicates("event_id").set_index("event_id")["text_class"]
    for section in packet.sections:
        rows = mine[mine["behaviour"] == section.behaviour]
        lines = section.strongest
        assert len(lines) == min(STRONGEST, rows["item"].nunique())
        assert len({line.item for line in lines}) == len(lines)
        strengths = [line.strength for line in lines]
        assert strengths == sorted(strengths, reverse=True)
        if lines:  # an item left out is weaker than the weakest shown, or repeats words shown
            others = rows[~rows["item"].isin({line.item for line in lines})]
            shown = {" ".join(line.quote.lower().split()) for line in lines if line.quote}
            others = quoted(
                strongest(others, len(others)),
                q3_metrics.events,
                q3_metrics.items,
                redact_text=False,
                classes=classes,
            )
            repeats = [isinstance(q, str) and " ".join(q.lower().split()) in shown for q in others["quote"]]
            others = others[[not r for r in repeats]]
            assert others.empty or others["strength"].max() <= strengths[-1]
            assert strengths[0] == rows["strength"].max()
        for line in lines:
            assert Q3.start <= line.created_at < Q3.end
            assert line.rule in line.rules


def test_text_evidence_quotes_the_comment_and_the_title(packet: Packet, q3_metrics: Metrics) -> None:
    texts = q3_metrics.events.set_index("event_id")["text"]
    quoted = [line for section in packet.sections for line in section.strongest if line.quote]
    assert len(quoted) >= 10
    for line in quoted:
        assert len(line.quote) <= EXCERPT_CHARS
        assert line.title  # every quoted act is on an item whose title is known
    reviewing = next(s for s in packet.sections if s.behaviour == "reviewing")
    own = [line for line in reviewing.strongest if line.quote and line.quote_from is None]
    assert own, "a reviewing line quotes the comment it was found in"
    for line in own:  # the excerpt of the act's own text, on one line, cut at a word
        assert line.quote == excerpt(texts[line.event_id], jira=line.item[0].isupper())
    markdown = to_markdown(packet)
    assert "In their words" in markdown and "Why it stands out:" in markdown


def test_collaborators_are_people_never_bots_or_deleted_accounts(packet: Packet) -> None:
    for section in packet.sections:
        counts = [c.count for c in section.collaborators]
        assert counts == sorted(counts, reverse=True)
        for collaborator in section.collaborators:
            assert collaborator.person != "marlowe" and collaborator.count > 0
            assert collaborator.person != "github:ghost" and not collaborator.person.endswith("[bot]")
    markdown = to_markdown(packet)
    helped = "\n".join(line for line in markdown.splitlines() if line.startswith("Collaborators helped"))
    assert helped and "ghost" not in helped and "bot" not in helped


def test_no_demo_packet_names_a_bot_or_a_deleted_account(q3_metrics: Metrics, demo_config: Config) -> None:
    for person in demo_config.people:
        markdown = to_markdown(build_packet(q3_metrics, demo_config, person.id, Q3.since, Q3.until))
        helped = [line for line in markdown.splitlines() if line.startswith("Collaborators helped")]
        assert not any("ghost" in line or "[bot]" in line or "\\[bot\\]" in line for line in helped), (
            person.id
        )


def test_trend_words_need_a_difference_noise_cannot_make() -> None:
    assert trend_word(0, 0) == "none"
    assert trend_word(14, 18) == "steady"  # 4 acts, but under 25 % of 18
    assert trend_word(1, 3) == "steady"  # +200 %, but only 2 acts
    assert trend_word(10, 14) == "rising"  # 4 acts and 29 % of 14
    assert trend_word(20, 12) == "falling"
    assert trend_word(0, 3) == "rising" and trend_word(3, 0) == "falling"
    assert "at least 3 acts" in TREND_RULE and "25%" in TREND_RULE


def test_markdown_and_html_carry_links_reasons_rules_and_notes(packet: Packet, tmp_path: Path) -> None:
    markdown = to_markdown(packet)
    assert markdown.startswith("# Promotion evidence packet: Marlowe Tinderbox")
    with_evidence = [s for s in packet.sections if s.acts]
    assert markdown.count("\n## ") == len(with_evidence) + (1 if packet.quiet else 0) + 1  # + how to read
    first = packet.sections[0].strongest[0]
    assert f"]({first.url})" in markdown and f"`{first.rule}`" in markdown
    assert TREND_RULE.replace("%", "%") in markdown and packet.counting_note in markdown
    assert CLOSING_NOTE in markdown
    page = to_html(packet)
    assert f'<a href="{first.url}">' in page.replace("&amp;", "&")
    assert CLOSING_NOTE in page and "<script" not in page
    assert re.search(r"Collaborators helped \(acts on their work\): [^<]+\(\d+\)", page)
    out = write_packet(packet, tmp_path / "sub" / "marlowe.html")
    assert out.read_text("utf-8") == page
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["marlowe.html"]
    assert sections_markdown(packet) in markdown  # the dashboard page shows the same text


def test_with_redact_text_there_are_no_words_only_classes_and_links(
    q3_metrics: Metrics, demo_config: Config
) -> None:
    redacting = demo_config.model_copy(
        update={"store": demo_config.store.model_copy(update={"redact_text": True})}
    )
    packet = build_packet(q3_metrics, redacting, "marlowe", Q3.since, Q3.until)
    lines = [line for section in packet.sections for line in section.strongest]
    assert lines and all(line.quote is None and line.title is None for line in lines)
    assert any(line.text_class for line in lines)
    markdown = to_markdown(packet)
    assert "In their words" not in markdown and "Text class: " in markdown
    assert "redact_text" in markdown.split("\n## ", 1)[0]
    texts = q3_metrics.events["text"].dropna()
    long_texts = [text for text in texts if len(text) > 40]
    assert not any(text[:40] in markdown for text in long_texts)


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


def test_an_empty_window_says_so_in_its_first_line(q3_metrics: Metrics, demo_config: Config) -> None:
    empty = build_packet(
        q3_metrics,
        demo_config,
        "marlowe",
        date(2030, 1, 1),
        date(2030, 2, 1),
        store_covers="2026-05-01 to 2026-10-31",
    )
    assert empty.empty_window and empty.acts == 0
    for markdown in (to_markdown(empty), to_html(empty)):
        assert (
            "No events in this window (2030-01-01 to 2030-02-01, excluded): the store covers 2026-05-01"
            in markdown
        )
        assert "No evidence of" not in markdown and "Strongest evidence" not in markdown
    first_line = to_markdown(empty).split("\n\n")[1]
    assert first_line.startswith("**No events in this window")


def test_a_window_with_events_but_no_evidence_lists_the_quiet_behaviours_once(
    q3_metrics: Metrics, demo_config: Config
) -> None:
    quiet = dataclasses.replace(q3_metrics, evidence=q3_metrics.evidence.iloc[:0])
    packet = build_packet(quiet, demo_config, "marlowe", Q3.since, Q3.until)
    markdown = to_markdown(packet)
    assert not packet.empty_window and len(packet.quiet) == len(BEHAVIOUR_IDS)
    assert markdown.count("Behaviours without evidence in this window") == 1
    assert "Reviewing, Unblocking others, Mentoring" in markdown


def test_the_growth_plan_is_a_final_section_only_when_asked_for(
    packet: Packet, q3_metrics: Metrics, demo_config: Config
) -> None:
    assert packet.growth is None
    assert "Growth plan" not in to_markdown(packet) and "Growth plan" not in to_html(packet)
    chances = q3_metrics.opportunities
    tied_somewhere = False
    for person in sorted(set(chances["person"])):
        grown = build_packet(q3_metrics, demo_config, person, Q3.since, Q3.until, growth=True)
        assert grown.growth is not None and grown.growth.person == person
        tied = [step for area in grown.growth.areas for step in area.steps if step.kind is not None]
        assert all(step.item in set(chances.loc[chances["person"] == person, "item"]) for step in tied)
        tied_somewhere |= bool(tied)
    assert tied_somewhere, "some step of some plan names a concrete opportunity"
    markdown = to_markdown(grown)
    body, closing = markdown.split("## Growth plan", 1)[1].split("\n---\n", 1)
    assert "\n## " not in body and CLOSING_NOTE in closing  # last section, then the closing note
    assert "not a score" in body and "not a ranking" in body
    for area in grown.growth.areas:
        assert f"### {area.label}" in body
        assert all(md_escape(step.text) in body for step in area.steps)
    html = to_html(grown)
    assert html.index("<h2>Growth plan</h2>") > html.index("<h2>How to read this packet</h2>")
