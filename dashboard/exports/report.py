"""``report.html``: the team view of a snapshot as one self-contained, offline file.

Charts come from the dashboard's pure builders (:mod:`dashboard.charts`) and are embedded as inline SVG;
tables list people alphabetically by name. There is no ranking and no composite score (DESIGN §1): the
report shows distributions, flows and the evidence counts behind them. The output depends only on its
inputs (no clock), so identical snapshots give identical reports.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from collectors.config import Config
from dashboard.charts import team as team_charts
from dashboard.charts.common import NO_TEAM, months_between
from metrics.behaviours import BEHAVIOUR_IDS, BY_ID
from metrics.teams import ContainerOwners

from .html import esc, page, svg, table
from .window import Window

if TYPE_CHECKING:
    from metrics.engine import Metrics


def _label(behaviour: str) -> str:
    return BY_ID[behaviour].label if behaviour in BY_ID else behaviour.replace("_", " ").capitalize()


def window_months(window: Window) -> list[str]:
    """Every ``YYYY-MM`` the window touches."""
    last = window.until - timedelta(days=1)
    return months_between(window.since.strftime("%Y-%m"), last.strftime("%Y-%m"))


def _roster(people: pd.DataFrame) -> pd.DataFrame:
    """Mapped people with a display name, alphabetical by name then id."""
    mapped = people[people["mapped"]].copy()
    mapped["name"] = mapped["name"].where(mapped["name"].notna(), mapped["person"]).astype(str)
    mapped["team"] = mapped["team"].where(mapped["team"].notna(), NO_TEAM).astype(str)
    mapped["_key"] = mapped["name"].str.casefold()
    return mapped.sort_values(["_key", "person"], kind="stable").drop(columns="_key")


def _team_section(team: str, members: pd.DataFrame, footprint: pd.DataFrame, months: list[str]) -> str:
    grid = team_charts.heatmap_frame(footprint, members[["person", "name"]], months)
    wide = grid.pivot_table(index=["name", "person"], columns="behaviour", values="evidence", aggfunc="sum")
    wide = wide.reindex(columns=list(BEHAVIOUR_IDS), fill_value=0).fillna(0).astype(int)
    order = sorted(wide.index, key=lambda key: (key[0].casefold(), key[1]))
    rows = [[name, person, *wide.loc[(name, person)].tolist()] for name, person in order]
    headers = ["Name", "Person", *[_label(b) for b in BEHAVIOUR_IDS]]
    numeric = range(2, 2 + len(BEHAVIOUR_IDS))
    chart = svg(team_charts.heatmap_chart(grid)) if len(grid) else ""
    return (
        f"<h3>Team {esc(team)}</h3>{chart}"
        f"<p class='muted'>Evidence count per person and behaviour in the window; people alphabetical.</p>"
        f"{table(headers, rows, numeric=numeric)}"
    )


def _trend_chart(footprint: pd.DataFrame, months: list[str]) -> alt.Chart | None:
    frame = footprint[footprint["period"].isin(months)]
    if frame.empty:
        return None
    totals = frame.groupby(["period", "behaviour"], as_index=False)["evidence_count"].sum()
    totals["label"] = totals["behaviour"].map(_label)
    return (
        alt.Chart(totals, title="Evidence per behaviour and month (everyone in the snapshot)")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title="Month"),
            y=alt.Y("evidence_count:Q", title="Evidence"),
            color=alt.Color("label:N", title="Behaviour", sort=[_label(b) for b in BEHAVIOUR_IDS]),
        )
        .properties(width=640, height=260)
    )


def _flows(metrics: Metrics, config: Config, roster: pd.DataFrame) -> str:
    events = metrics.events
    parts: list[str] = ["<h2>How the team works together</h2>"]
    if events.empty:
        return parts[0] + "<p>No events in this window.</p>"
    responses = team_charts.first_responses(events)
    waits = team_charts.wait_distribution(responses)
    parts.append(svg(team_charts.wait_chart(waits)))
    parts.append(
        table(
            ["Waited before a first response", "PRs and issues"], waits.itertuples(index=False), numeric=[1]
        )
    )
    load = team_charts.review_load_frame(events, roster[["person", "name"]])
    if len(load):
        parts.append(svg(team_charts.review_load_chart(load)))
    links = team_charts.cross_team_frame(events, ContainerOwners(config.teams))
    if len(links):
        parts.append(svg(team_charts.cross_team_chart(links)))
        parts.append(
            table(["From team", "To the work of", "Interactions"], links.itertuples(index=False), numeric=[2])
        )
    retro = team_charts.retro_frame(events)
    if len(retro):
        parts.append("<h3>Retrospectives</h3>")
        parts.append(svg(team_charts.retro_chart(retro)))
        headers = ["Month", "Retros", "Items raised", "People raising items", "Actions", "Actions done"]
        parts.append(table(headers, retro.itertuples(index=False), numeric=range(1, 6)))
    return "".join(parts)


def render_report(
    metrics: Metrics,
    config: Config,
    window: Window,
    *,
    footprint: pd.DataFrame,
    people: pd.DataFrame,
) -> str:
    """The report's HTML. ``footprint`` and ``people`` are the snapshot's tables (:mod:`.tables`)."""
    months = window_months(window)
    roster = _roster(people)
    counts: dict[str, Any] = {
        "events": len(metrics.events),
        "evidence": len(metrics.evidence),
        "people": len(roster),
        "unmapped identities": int((~people["mapped"]).sum()),
    }
    title = f"Leadership Footprint: team report {window.since} to {window.until}"
    body = [
        f"<h1>{esc(title)}</h1>",
        f"<p class='muted'>Window {esc(window.since)} (included) to {esc(window.until)} (excluded), UTC.</p>",
        table(["", "count"], counts.items(), numeric=[1]),
        "<p class='note'>These are signals of behaviours, each backed by evidence in evidence.csv "
        "(rule and reason per row). They are not a score and not a ranking: people are listed "
        "alphabetically, and a low count is a prompt for a conversation, not a verdict.</p>",
        "<h2>Behaviours over time</h2>",
    ]
    trend = _trend_chart(footprint, months)
    body.append(svg(trend) if trend is not None else "<p>No evidence in this window.</p>")
    body.append("<h2>Footprint per team</h2>")
    for team in sorted(roster["team"].unique(), key=lambda name: (name == NO_TEAM, name.casefold())):
        body.append(_team_section(team, roster[roster["team"] == team], footprint, months))
    body.append(_flows(metrics, config, roster))
    unmapped = people.loc[~people["mapped"], "person"].tolist()
    if unmapped:
        body.append("<h2>Identities not mapped to a person</h2>")
        body.append(
            "<p class='muted'>Add them to <code>[[people]]</code> in footprint.toml to count their work.</p>"
        )
        body.append(table(["Identity"], [[identity] for identity in unmapped]))
    return page(title, "\n".join(body))


def write_report(
    path: Path, metrics: Metrics, config: Config, window: Window, **tables: pd.DataFrame
) -> None:
    """Write :func:`render_report` to ``path`` as UTF-8."""
    path.write_text(render_report(metrics, config, window, **tables), encoding="utf-8")
