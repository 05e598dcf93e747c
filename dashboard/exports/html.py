"""Small HTML helpers shared by the report and the packet: escaping, tables, inline SVG, the page shell.

Everything produced here is self-contained: styles are inline, charts are inline SVG rendered in
Python by vl-convert, there are no scripts and no external URLs other than evidence links a reader
may choose to click.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import vl_convert

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;
padding-bottom:.2rem}h3{margin-top:1.4rem}
.muted{color:#59636e}.note{background:#f6f8fa;border-left:4px solid #0969da;padding:.6rem 1rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0;overflow-x:auto}a{color:#0969da}
ol>li{margin:.5rem 0}q{font-style:italic}code{background:#f6f8fa;padding:0 .2rem}
"""

_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>\s*")
_SVG_ID = re.compile(r'\bid="([^"]+)"')


def esc(value: Any) -> str:
    """``value`` as escaped text; missing values as an empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def link(text: Any, url: Any) -> str:
    """An anchor to ``url`` if it is an http(s) link, else the plain escaped text."""
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


def table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Sequence[int] = (), raw: bool = False
) -> str:
    """An HTML table; cells are escaped unless ``raw`` (then they are trusted HTML fragments)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            text = str(cell) if raw else esc(cell)
            cls = ' class="num"' if index in numeric else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stable_ids(rendered: str, prefix: str) -> str:
    """Rename the SVG's element ids (vl-convert numbers gradients and clips per process) to
    ``prefix-N`` in order of appearance, so the same chart always gives the same bytes and ids of
    two charts in one page never collide."""
    names: dict[str, str] = {}
    for found in _SVG_ID.findall(rendered):
        names.setdefault(found, f"{prefix}-{len(names)}")
    if not names:
        return rendered
    pattern = re.compile(r'(?<=["#])(' + "|".join(re.escape(n) for n in names) + r')(?=["\)])')
    return pattern.sub(lambda match: names[match.group(1)], rendered)


def svg(chart: alt.TopLevelMixin) -> str:
    """``chart`` rendered to inline SVG (no JavaScript, no fonts or data fetched at view time)."""
    spec = chart.to_dict()
    prefix = "c" + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:10]
    rendered = _XML_DECLARATION.sub("", vl_convert.vegalite_to_svg(spec))
    return f"<figure>{_stable_ids(rendered, prefix)}</figure>"


def page(title: str, body: str) -> str:
    """A complete HTML document with inline styles and a Content-Security-Policy that forbids fetches."""
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
