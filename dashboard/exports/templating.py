"""The Jinja2 environments the packet and the report are rendered with (``templates/``).

HTML templates are autoescaped. Markdown templates get the same protection by hand: every value a
template prints is escaped for Markdown (:func:`md_escape`) unless it is :class:`~markupsafe.Markup`
made by a filter of this module, so a backtick, ``|``, ``<``, ``[bot]`` or a newline in a reason or
a quote is shown as written and never breaks a table, a list or a link.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

#: Characters that make inline Markdown or HTML anywhere in a line (code, emphasis, links, tables,
#: tags, entities, strikethrough); CommonMark shows each as itself behind a backslash.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
#: What makes a block when a value starts a line (a heading, a list, a quote, a rule, a setext line).
_MD_BLOCK_MARK = re.compile(r"^(\s*)([#>+=-])")
_MD_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")
_IDENTIFIER = re.compile(r"[\w.\-]+")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md_escape(value: Any) -> str:
    """``value`` as literal Markdown text on one line, wherever it is printed (a table cell, a list
    item, a quote): inline markup characters backslash-escaped, and a leading block marker too."""
    if value is None:
        return ""
    text = _MD_INLINE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    text = _MD_BLOCK_MARK.sub(r"\1\\\2", text)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", text)


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) link, with characters that would end a Markdown link or an HTML
    attribute percent-encoded; None otherwise (no ``javascript:``, no relative paths)."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#@!$&*+,;=%~._-")


def _md_finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md_escape(value)


def md_link(text: Any, url: Any) -> Markup:
    target = safe_url(url)
    label = md_escape(text)
    return Markup(f"[{label}]({target})" if target else label)


def _html_link(text: Any, url: Any) -> Markup:
    target = safe_url(url)
    return Markup('<a href="{}">{}</a>').format(target, text) if target else Markup(escape(text))


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value is not None else ""


def _code(value: Any) -> Markup:
    """An identifier (a rule id) as Markdown code; anything else as escaped text."""
    text = str(value)
    return Markup(f"`{text}`" if _IDENTIFIER.fullmatch(text) else md_escape(text))


def _common(env: Environment) -> Environment:
    env.filters["day"] = _day
    env.globals["plural"] = lambda count, word, many=None: (
        f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"
    )
    return env


@cache
def markdown_env() -> Environment:
    """Templates ``*.md.j2``: values Markdown-escaped, ``link`` and ``code`` filters give markup."""
    env = Environment(
        loader=PackageLoader("dashboard.exports", "templates"),
        autoescape=False,
        finalize=_md_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = md_link
    env.filters["code"] = _code
    return _common(env)


@cache
def html_env() -> Environment:
    """Templates ``*.html.j2``: autoescaped; ``link`` gives an anchor only for http(s) links."""
    env = Environment(
        loader=PackageLoader("dashboard.exports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = _html_link
    return _common(env)


def render_markdown(template: str, **values: Any) -> str:
    return markdown_env().get_template(template).render(**values)


def render_html(template: str, **values: Any) -> str:
    return html_env().get_template(template).render(**values)
