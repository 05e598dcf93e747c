"""Nothing in a reason, a title, a quote or a name can change the layout of a packet or a report: the
Markdown is parsed back (CommonMark with tables, as GitHub shows it) and the HTML is parsed, and both
must hold exactly the structure the templates make, with the hostile text shown as written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from html.parser import HTMLParser

import pandas as pd
from markdown_it import MarkdownIt

from collectors.config import Config
from dashboard.exports import tables
from dashboard.exports.packet import BehaviourSection, Collaborator, EvidenceLine, Packet
from dashboard.exports.packet_render import to_html, to_markdown
from dashboard.exports.report import render_report
from dashboard.exports.report_waiting import WAITING_KINDS
from dashboard.exports.window import Window
from metrics.engine import Metrics
from metrics.growth import GrowthArea, GrowthPlan, Shown, Step

from .conftest import Q3
from .report_checks import offline_problems

HOSTILE = (
    "a | b `tick <script>alert(1)</script> [dependabot[bot]](javascript:alert(1)) ![x](http://evil/x.png) "
    "*em* _u_ ~~s~~ &amp; <!-- c -->\n# not a heading\n- not a list\n1. nor this\n> nor a quote\n|x|y|"
)
SHOWN = "a | b `tick <script>alert(1)</script> [dependabot[bot]](javascript:alert(1))"


def _line(index: int, url: str) -> EvidenceLine:
    return EvidenceLine(
        event_id=f"github:comment:{index}",
        created_at=datetime(2026, 7, 2 + index, tzinfo=UTC),
        item=f"acme/web#{index} {HOSTILE}",
        title=HOSTILE,
        url=url,
        rule="reviewing.substantive_comment",
        rules=("reviewing.substantive_comment", "reviewing.review"),
        reason=HOSTILE,
        why=HOSTILE,
        strength=3.0,
        quote=HOSTILE,
        quote_from=None,
        text_class="defect",
    )


def _packet() -> Packet:
    section = BehaviourSection(
        behaviour="reviewing",
        label="Reviewing",
        description="Ensures good engineering practice",
        acts=2,
        items=2,
        weight_sum=2.0,
        summary=HOSTILE,
        strongest=(_line(1, "https://github.com/acme/web/pull/1"), _line(2, "javascript:alert(1)")),
        context=(HOSTILE,),
        collaborators=(Collaborator("x", HOSTILE, 2),),
        trend=(("2026-07", 2),),
        halves=(1, 1),
        trend_word="steady",
    )
    quiet = dataclasses.replace(section, behaviour="mentoring", label="Mentoring", acts=0, strongest=())
    return Packet(
        person=HOSTILE, name=HOSTILE, team=HOSTILE, window=Window(Q3.since, Q3.until), acts=2, items=2,
        sections=(section, quiet), redacted=False,
    )  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_markdown_keeps_its_structure_whatever_the_text() -> None:
    markdown = to_markdown(_packet())
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    parsed = _parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "table" not in parsed.tags
    assert parsed.hrefs == ["https://github.com/acme/web/pull/1"]  # the one http(s) link; no javascript:
    assert parsed.tags.count("h1") == 1
    assert parsed.tags.count("h2") == 3  # Reviewing, the quiet behaviours, how to read
    assert parsed.tags.count("ol") == 1 and parsed.tags.count("blockquote") == 0
    assert "s" not in parsed.tags and "em" in parsed.tags  # only the templates' own emphasis
    text = "".join(parsed.text)
    assert text.count(SHOWN) >= 8  # name, summary, context, titles, reasons, whys, quotes, collaborator
    assert "# not a heading - not a list 1. nor this > nor a quote |x|y|" in text
    lines = [line for line in markdown.splitlines() if line.startswith(("1.", "2."))]
    assert len(lines) == 2  # one numbered line per act, each a single line


def test_html_keeps_its_structure_whatever_the_text() -> None:
    page = to_html(_packet())
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert [h for h in parsed.hrefs if not h.startswith("data:")] == ["https://github.com/acme/web/pull/1"]
    assert parsed.tags.count("h2") == 3 and parsed.tags.count("ol") == 1
    assert parsed.tags.count("li") == 1 + 2 + 2 * 3 + 3  # context, acts, their why/counted/words, notes
    text = "".join(parsed.text)
    assert SHOWN in text and "<!-- c -->" in text
    assert offline_problems(page) == []


def test_the_report_escapes_reasons_quotes_and_names(q3_metrics: Metrics, demo_config: Config) -> None:
    evidence = q3_metrics.evidence.assign(reason=HOSTILE, why=HOSTILE)
    events = q3_metrics.events.assign(text=HOSTILE)
    people = q3_metrics.people.assign(
        name=q3_metrics.people["name"].where(q3_metrics.people["person"] != "marlowe", HOSTILE)
    )
    hostile = dataclasses.replace(q3_metrics, evidence=evidence, events=events, people=people)
    table = tables.people_table(hostile.people, hostile.unmapped)
    page = render_report(
        hostile,
        demo_config,
        Q3,
        footprint=tables.footprint_table(hostile.footprint),
        people=table,
        include_text=True,
    )
    parsed = _parse(page)
    assert "script" not in parsed.tags and offline_problems(page) == []
    assert not any(href.startswith("javascript") for href in parsed.hrefs)
    text = "".join(parsed.text)
    assert SHOWN in text
    assert pd.Series(parsed.tags).value_counts().get("table", 0) >= 4


def _grown() -> Packet:
    step = Step(text=HOSTILE, kind="waiting_review", item=f"acme/web#3 {HOSTILE}", url="javascript:alert(1)")
    linked = Step(
        text=HOSTILE, kind="waiting_review", item="acme/web#4", url="https://github.com/acme/web/pull/4"
    )
    shown = Shown(datetime(2026, 7, 3, tzinfo=UTC), HOSTILE, "https://github.com/acme/web/pull/5", HOSTILE)
    area = GrowthArea("mentoring", HOSTILE, 0, 2.0, HOSTILE, (step, linked, Step(text=HOSTILE)), (shown,))
    bare = dataclasses.replace(area, label="Improvement", shown=())
    return dataclasses.replace(_packet(), growth=GrowthPlan(HOSTILE, (area, bare), note=HOSTILE))


def test_the_growth_plan_keeps_its_structure_whatever_the_text() -> None:
    markdown = to_markdown(_grown())
    parsed = _parse(MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown))
    assert "script" not in parsed.tags and "img" not in parsed.tags and "table" not in parsed.tags
    assert parsed.hrefs == [
        "https://github.com/acme/web/pull/1",
        "https://github.com/acme/web/pull/4",
        "https://github.com/acme/web/pull/5",
        "https://github.com/acme/web/pull/4",
    ]
    assert parsed.tags.count("h2") == 4 and parsed.tags.count("h3") == 2  # + Growth plan; two areas
    assert parsed.tags.count("ul") == 1 + 2 + 1 + 2  # context, each act's details, notes, areas' steps
    assert markdown.count("\n- ") == 1 + 3 + 2 * 3  # context, notes, the steps: each one line
    text = "".join(parsed.text)
    assert text.count(SHOWN) >= 8 + 10
    page = to_html(_grown())
    tags = _parse(page)
    assert "script" not in tags.tags and offline_problems(page) == []
    assert tags.tags.count("h3") == 1 + 2 and [h for h in tags.hrefs if not h.startswith("data:")] == [
        "https://github.com/acme/web/pull/1",
        "https://github.com/acme/web/pull/4",
        "https://github.com/acme/web/pull/5",
        "https://github.com/acme/web/pull/4",
    ]
    assert SHOWN in "".join(tags.text)


def test_the_reports_waiting_work_escapes_items_and_reasons(q3_metrics: Metrics, demo_config: Config) -> None:
    chances = q3_metrics.opportunities
    assert chances["kind"].isin(list(WAITING_KINDS)).any()
    hostile = chances.assign(item=chances["item"] + " " + HOSTILE, reason=HOSTILE, team=HOSTILE)
    metrics = dataclasses.replace(q3_metrics, opportunities=hostile)
    page = render_report(
        metrics,
        demo_config,
        Q3,
        footprint=tables.footprint_table(metrics.footprint),
        people=tables.people_table(metrics.people, metrics.unmapped),
    )
    parsed = _parse(page)
    assert "script" not in parsed.tags and offline_problems(page) == []
    assert not any(href.startswith("javascript") for href in parsed.hrefs)
    waiting = page.split("<h2>Waiting work</h2>", 1)[1].split("<h2>", 1)[0]
    assert waiting.count("<table>") == 1 and waiting.count("<h3>") == 1  # one team, one table
    assert SHOWN in "".join(_parse(waiting).text)
