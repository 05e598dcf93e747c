"""Render a :class:`~.packet.Packet` as Markdown or as one self-contained HTML page.

Both renderings hold the same content: per behaviour the summary, the strongest evidence (date, link,
rule and reason), the collaborators helped and the monthly trend, then the closing note.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.errors import UsageError

from .html import esc, link, page, table
from .packet import BehaviourSection, Packet

SUFFIXES = (".md", ".html")


def _heading(packet: Packet) -> tuple[str, str]:
    title = f"Promotion evidence packet: {packet.name}"
    team = f", team {packet.team}" if packet.team else ""
    sub = (
        f"Person {packet.person}{team}. Window {packet.window.since} (included) to "
        f"{packet.window.until} (excluded), UTC. {packet.evidence_count} pieces of evidence in all."
    )
    return title, sub


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_section(section: BehaviourSection) -> list[str]:
    lines = [f"## {section.label}", "", f"*{section.description}.* {section.summary}", ""]
    if section.strongest:
        lines += ["Strongest evidence:", "", "| date | item | rule | reason |", "|---|---|---|---|"]
        for line in section.strongest:
            item = f"[{_md_cell(line.item)}]({line.url})" if line.url else _md_cell(line.item)
            lines.append(
                f"| {line.created_at:%Y-%m-%d} | {item} | {_md_cell(line.rule)} | {_md_cell(line.reason)} |"
            )
        lines.append("")
    if section.collaborators:
        helped = ", ".join(f"{c.name} ({c.count})" for c in section.collaborators)
        lines += [f"Collaborators helped: {helped}.", ""]
    if section.evidence_count:
        trend = ", ".join(f"{month}: {count}" for month, count in section.trend)
        lines += [f"Trend ({section.trend_word}): {trend}.", ""]
    return lines


def to_markdown(packet: Packet) -> str:
    """The packet as GitHub-flavoured Markdown."""
    title, sub = _heading(packet)
    lines = [f"# {title}", "", sub, ""]
    for section in packet.sections:
        lines += _md_section(section)
    lines += ["---", "", f"**{packet.closing_note}**", ""]
    return "\n".join(lines)


def _html_section(section: BehaviourSection) -> str:
    parts = [
        f"<h2>{esc(section.label)}</h2>",
        f"<p><em>{esc(section.description)}.</em> {esc(section.summary)}</p>",
    ]
    if section.strongest:
        rows = [
            [f"{line.created_at:%Y-%m-%d}", link(line.item, line.url), esc(line.rule), esc(line.reason)]
            for line in section.strongest
        ]
        parts.append(
            "<h3>Strongest evidence</h3>" + table(["Date", "Item", "Rule", "Reason"], rows, raw=True)
        )
    if section.collaborators:
        helped = ", ".join(f"{esc(c.name)} ({c.count})" for c in section.collaborators)
        parts.append(f"<p>Collaborators helped: {helped}.</p>")
    if section.evidence_count:
        parts.append(f"<p>Trend: {esc(section.trend_word)}.</p>")
        parts.append(table(["Month", "Evidence"], section.trend, numeric=[1]))
    return "".join(parts)


def to_html(packet: Packet) -> str:
    """The packet as one HTML page with inline styles and no scripts."""
    title, sub = _heading(packet)
    body = [f"<h1>{esc(title)}</h1>", f"<p class='muted'>{esc(sub)}</p>"]
    body += [_html_section(section) for section in packet.sections]
    body.append(f"<p class='note'><strong>{esc(packet.closing_note)}</strong></p>")
    return page(title, "\n".join(body))


def render(packet: Packet, suffix: str) -> str:
    """Markdown for ``.md``, HTML for ``.html``; :class:`UsageError` for any other suffix."""
    if suffix.lower() == ".md":
        return to_markdown(packet)
    if suffix.lower() == ".html":
        return to_html(packet)
    raise UsageError(f"--out: unsupported file type {suffix or '(none)'!r}; use .md or .html")


def write_packet(packet: Packet, out: Path) -> Path:
    """Render by ``out``'s suffix and write it atomically (a temporary file renamed into place)."""
    text = render(packet, out.suffix)
    temp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(text, encoding="utf-8")
        temp.replace(out)
    except OSError as exc:
        if temp.parent.is_dir():
            temp.unlink(missing_ok=True)
        raise UsageError(f"--out {out}: cannot write: {exc.strerror}") from None
    return out
