"""Small hand-made frames shaped like the engine's ``Metrics`` tables, for chart and page-logic tests."""

from __future__ import annotations

import json

import pandas as pd

from metrics.engine import METRICS_EVENT_COLUMNS


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def event(
    event_id: str,
    kind: str,
    actor: str | None,
    target: str | None,
    item: str,
    at: str,
    *,
    team: str | None = "web",
    target_team: str | None = "web",
    container: str = "acme/web",
    bot: bool = False,
    attrs: dict | None = None,
) -> dict:
    source = "jira" if kind.startswith("jira") else "github"
    return {
        "event_id": f"{source}:{event_id}",
        "source": source,
        "kind": kind,
        "actor": f"{source}:{actor}",
        "target": f"{source}:{target}" if target else None,
        "container": container,
        "item": item,
        "created_at": ts(at),
        "url": f"https://example.test/{item}",
        "text": None,
        "attrs": json.dumps(attrs or {}),
        "actor_person": actor,
        "actor_team": team,
        "target_person": target,
        "target_team": target_team if target else None,
        "is_bot": bot,
        "target_is_bot": bool(target and target.endswith("[bot]")),
    }


def events(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(METRICS_EVENT_COLUMNS))


def footprint(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    """Rows of (person, team, behaviour, period, evidence_count)."""
    frame = pd.DataFrame(rows, columns=["person", "team", "behaviour", "period", "evidence_count"])
    frame["weight_sum"] = frame["evidence_count"].astype(float)
    return frame


def roster(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person", "team"])
