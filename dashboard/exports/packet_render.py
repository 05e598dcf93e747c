"""Render a :class:`~.packet.Packet` as Markdown or as one self-contained HTML page.

Both come from the Jinja2 templates ``templates/packet.md.j2`` and ``templates/packet.html.j2`` (one
partial per part, in ``templates/packet/``), shared by ``footprint packet`` and the dashboard's
Promotion packet page; values are escaped for the format (:mod:`.templating`), so nothing in a reason,
a title or a quote can change the layout. A packet built with ``growth`` ends its body with the growth
plan (``packet/growth.md.j2``, ``packet/growth.html.j2``).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from dashboard.errors import UsageError

from .html import CSS
from .packet import Packet
from .templating import render_html, render_markdown

SUFFIXES = (".md", ".html")


def to_markdown(packet: Packet) -> str:
    """The packet as GitHub-flavoured Markdown."""
    return render_markdown("packet.md.j2", packet=packet)


def sections_markdown(packet: Packet) -> str:
    """The packet's body (``packet/body.md.j2``: the behaviours, those without evidence and the notes,
    or what an empty window has to say), as Markdown: what the dashboard's packet page shows under its
    own heading. For an empty window it starts with the header's line saying so."""
    body = render_markdown("packet/body.md.j2", packet=packet)
    if packet.empty_window:
        return render_markdown("packet/header.md.j2", packet=packet).split("\n", 2)[2] + body
    return body


def to_html(packet: Packet) -> str:
    """The packet as one HTML page with inline styles and no scripts."""
    title = f"Promotion evidence packet: {packet.name}"
    return render_html("packet.html.j2", packet=packet, title=title, css=Markup(CSS))


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
