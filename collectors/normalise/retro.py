"""Reading retrospective notes: bullet points raised and task-list action items, source-agnostic.

Retro bodies are free text; we take what people actually write in GitHub Markdown and Jira wiki/ADF:
``- point``, ``* point``, ``# point`` (Jira numbered), and task items ``- [ ] @login do X``,
``- [x] done``, ``- [ ] [~accountid:5b10...] do X``, ``(/) done`` / ``(x) not done`` (Jira emoticons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..events import Event

_TASK = re.compile(r"^\s*(?:[-*+#]+|\d+[.)])\s*\[(?P<mark>[ xX])\]\s*(?P<rest>.+?)\s*$")
_JIRA_DONE = re.compile(r"^\s*(?:[-*#]\s*)?\((?P<mark>/|x|i)\)\s*(?P<rest>.+?)\s*$")
_BULLET = {
    "github": re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<rest>\S.*?)\s*$"),
    "jira": re.compile(r"^\s*(?:[-*#]+)\s+(?P<rest>\S.*?)\s*$"),  # Jira wiki: * bullet, # numbered
}
_GITHUB_MENTION = re.compile(r"(?<![\w/])@(?P<login>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?)")
_JIRA_MENTION = re.compile(r"\[~(?:accountid:)?(?P<user>[^\]]+)\]")


@dataclass(frozen=True, slots=True)
class RetroLine:
    """One point of a retro body: a raised item, or an action (``done`` is None for plain items)."""

    index: int
    text: str
    is_action: bool
    done: bool
    owner: str | None  # raw mention: a GitHub login or a Jira account id / username


def _owner(text: str, source: str) -> str | None:
    if source == "jira":
        match = _JIRA_MENTION.search(text)
        return match.group("user") if match else None
    match = _GITHUB_MENTION.search(text)
    return match.group("login") if match else None


def parse_retro_lines(body: str | None, source: str) -> list[RetroLine]:
    """Bullet points and action items of a retro body, in order of appearance."""
    lines: list[RetroLine] = []
    in_code = False
    for raw in (body or "").splitlines():
        if raw.strip().startswith(("```", "{code", "{noformat")):
            in_code = not in_code
            continue
        if in_code:
            continue
        task = _TASK.match(raw)
        if task:
            rest = task.group("rest")
            lines.append(RetroLine(len(lines), rest, True, task.group("mark") in "xX", _owner(rest, source)))
            continue
        jira_task = _JIRA_DONE.match(raw) if source == "jira" else None
        if jira_task:
            rest = jira_task.group("rest")
            done = jira_task.group("mark") == "/"
            lines.append(RetroLine(len(lines), rest, True, done, _owner(rest, source)))
            continue
        bullet = _BULLET[source].match(raw)
        if bullet:
            lines.append(RetroLine(len(lines), bullet.group("rest"), False, False, None))
    return lines


def point_event(key: str, *, text: str | None, attrs: dict[str, Any], **where: Any) -> Event:
    """A whole retro comment that is not a list of points: itself one point raised,
    ``<source>:retro_item:<key>``. ``where``: ``source, container, item, actor, target, created_at, url``."""
    return Event(
        event_id=f"{where['source']}:retro_item:{key}", kind="retro_item", text=text, attrs=attrs, **where
    )


def line_events(key: str, lines: list[RetroLine], *, attrs: dict[str, Any], **where: Any) -> list[Event]:
    """One ``retro_item`` or ``retro_action`` event per line of the retro body or comment ``key``
    (``<source>:<kind>:<key>:<line>``), each with ``attrs``; an action adds its ``owner`` (a raw
    identity of the same source) and ``done``. ``where`` as for :func:`point_event`."""
    source = where["source"]
    events = []
    for line in lines:
        kind = "retro_action" if line.is_action else "retro_item"
        line_attrs = dict(attrs)
        if line.is_action:
            line_attrs |= {"owner": f"{source}:{line.owner}" if line.owner else None, "done": line.done}
        event_id = f"{source}:{kind}:{key}:{line.index}"
        events.append(Event(event_id=event_id, kind=kind, text=line.text, attrs=line_attrs, **where))
    return events
