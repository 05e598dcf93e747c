"""``report.html``: the team view of a snapshot as one self-contained, offline file.

Rendered from ``templates/report.html.j2`` (one partial per part, autoescaped). Charts come from the
dashboard's pure builders (:mod:`dashboard.charts`) and are embedded as inline SVG; the flows are the
measures of :mod:`metrics.measures`; tables list people alphabetically by name. There is no ranking and
no composite score (DESIGN §1): the report shows distributions, flows and the acts behind them, and its
examples of evidence are listed by name. The output depends only on its inputs (no clock), so identical
snapshots give identical reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import altair as alt
import pandas as pd
from markupsafe import Markup

from collectors.config import Config
from dashboard.access import scrub_quoted
from dashboard.charts import team as team_charts
from dashboard.charts.common import NO_TEAM, months_between
from metrics.behaviours import BEHAVIOUR_IDS, BY_ID
from metrics.measures import MEASURES, cross_team_flows, review_load, wait_distribution
from metrics.quotes import quoted
from metrics.strength import strongest
from metrics.teams import ContainerOwners

from .html import CSS, svg
from .report_waiting import WAITING_KINDS, waiting_work
from .templating import render_html
from .window import Window

#: Examples of strong evidence per behaviour in the report (one per item and per person).
EXAMPLES: Final = 3

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


@dataclass(frozen=True)
class Table:
    """A table for the templates: header cells, rows, and the indexes of right-aligned number columns."""

    headers: Sequence[str]
    rows: list[Sequence[Any]]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class TeamSection:
    name: str
    chart: Markup | None
    table: Table


@dataclass(frozen=True)
class Example:
    """One strong act shown as an example of a behaviour: who, where, why it stands out, their words."""

    name: str
    line: Any  # metrics row (created_at, item, url, rule, reason, why, title, quote, text_class)


@dataclass(frozen=True)
class BehaviourSummary:
    behaviour: str
    label: str
    acts: int
    items: int
    people: int
    examples: list[Example]


def _team_section(
    team: str, members: pd.DataFrame, footprint: pd.DataFrame, months: list[str]
) -> TeamSection:
    grid = team_charts.heatmap_frame(footprint, members[["person", "name"]], months)
    wide = grid.pivot_table(index=["name", "person"], columns="behaviour", values="evidence", aggfunc="sum")
    wide = wide.reindex(columns=list(BEHAVIOUR_IDS), fill_value=0).fillna(0).astype(int)
    order = sorted(wide.index, key=lambda key: (key[0].casefold(), key[1]))
    rows = [[name, person, *wide.loc[(name, person)].tolist()] for name, person in order]
    headers = ["Name", "Person", *[_label(b) for b in BEHAVIOUR_IDS]]
    numeric = frozenset(range(2, 2 + len(BEHAVIOUR_IDS)))
    chart = Markup(svg(team_charts.heatmap_chart(grid))) if len(grid) else None
    return TeamSection(team, chart, Table(headers, rows, numeric))


def _trend_chart(footprint: pd.DataFrame, months: list[str]) -> alt.Chart | None:
    frame = footprint[footprint["period"].isin(months)]
    if frame.empty:
        return None
    totals = frame.groupby(["period", "behaviour"], as_index=False)["evidence_count"].sum()
    totals["label"] = totals["behaviour"].map(_label)
    return (
        alt.Chart(totals, title="Acts per behaviour and month (everyone in the snapshot)")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title="Month"),
            y=alt.Y("evidence_count:Q", title="Acts"),
            color=alt.Color("label:N", title="Behaviour", sort=[_label(b) for b in BEHAVIOUR_IDS]),
        )
        .properties(width=640, height=260)
    )


def _behaviours(
    metrics: Metrics, config: Config, names: dict[str, str], *, quote: bool
) -> list[BehaviourSummary]:
    """Per behaviour: acts, items and people with evidence, and up to :data:`EXAMPLES` strong acts (one
    per item and per person; shown alphabetically by name, not in order of strength)."""
    evidence = metrics.evidence
    out = []
    for behaviour in BEHAVIOUR_IDS:
        rows = evidence[evidence["behaviour"] == behaviour]
        if len(rows) > 5000:  # the strongest few are among the strongest thousands: sort only those
            rows_to_sort = rows[rows["strength"] >= rows["strength"].nlargest(5000).iloc[-1]]
        else:
            rows_to_sort = rows
        picked = strongest(rows_to_sort, len(rows_to_sort)).drop_duplicates("person").head(EXAMPLES)
        theirs = evidence[evidence["person"].isin(picked["person"]).to_numpy(dtype=bool)]
        classes = theirs.drop_duplicates("event_id").set_index("event_id")["text_class"]
        picked = quoted(picked, metrics.events, metrics.items, redact_text=not quote, classes=classes)
        picked = scrub_quoted(picked, config)
        examples = [Example(names.get(str(row.person), str(row.person)), row) for row in picked.itertuples()]
        examples.sort(key=lambda example: example.name.casefold())
        items, people = int(rows["item"].nunique()), int(rows["person"].nunique())
        out.append(BehaviourSummary(behaviour, _label(behaviour), len(rows), items, people, examples))
    return out


def _flows(metrics: Metrics, config: Config, roster: pd.DataFrame, window: Window) -> dict[str, Any]:
    events = metrics.events
    if events.empty:
        return {"empty": True}
    responses = team_charts.first_responses_in(metrics, window.start, window.end)
    waits = wait_distribution(responses)
    flows: dict[str, Any] = {
        "empty": False,
        "wait_chart": Markup(svg(team_charts.wait_chart(waits))),
        "waits": Table(
            ["Waited before a first response", "PRs and issues"],
            list(waits.itertuples(index=False)),
            frozenset({1}),
        ),
        "stalled": team_charts.stalled_at(metrics, config, window.end),
    }
    load = review_load(events, roster[["person", "name"]])
    flows["load_chart"] = Markup(svg(team_charts.review_load_chart(load))) if len(load) else None
    links = cross_team_flows(events, ContainerOwners(config.teams))
    flows["links_chart"] = Markup(svg(team_charts.cross_team_chart(links))) if len(links) else None
    flows["links"] = Table(
        ["From team", "To the work of", "Interactions"], list(links.itertuples(index=False)), frozenset({2})
    )
    retro = team_charts.retro_frame(events)
    flows["retro_chart"] = Markup(svg(team_charts.retro_chart(retro))) if len(retro) else None
    headers = ["Month", "Retros", "Items raised", "People raising items", "Actions", "Actions done"]
    flows["retro"] = Table(headers, list(retro.itertuples(index=False)), frozenset(range(1, 6)))
    return flows


def render_report(
    metrics: Metrics,
    config: Config,
    window: Window,
    *,
    footprint: pd.DataFrame,
    people: pd.DataFrame,
    include_text: bool = False,
) -> str:
    """The report's HTML (``templates/report.html.j2``). ``footprint`` and ``people`` are the snapshot's
    tables (:mod:`.tables`); with ``include_text`` (and without ``redact_text``) the examples of
    evidence quote their comment."""
    months = window_months(window)
    roster = _roster(people)
    names = dict(zip(roster["person"], roster["name"], strict=True))
    evidence = metrics.evidence
    counts: dict[str, Any] = {
        "events": len(metrics.events),
        "acts (one per act and behaviour)": len(evidence),
        "acts in all (an act that shows several behaviours once)": int(
            evidence[["event_id", "person"]].drop_duplicates().shape[0]
        ),
        "items with evidence": int(evidence["item"].nunique()),
        "people": len(roster),
        "unmapped identities": int((~people["mapped"]).sum()),
    }
    title = f"Leadership Footprint: team report {window.since} to {window.until}"
    trend = _trend_chart(footprint, months)
    teams = sorted(roster["team"].unique(), key=lambda name: (name == NO_TEAM, name.casefold()))
    return render_html(
        "report.html.j2",
        title=title,
        css=Markup(CSS),
        window=window,
        counts=Table(["", "count"], list(counts.items()), frozenset({1})),
        trend_chart=Markup(svg(trend)) if trend is not None else None,
        behaviours=_behaviours(metrics, config, names, quote=include_text and not config.store.redact_text),
        teams=[_team_section(team, roster[roster["team"] == team], footprint, months) for team in teams],
        flows=_flows(metrics, config, roster, window),
        measures={m.id: m for m in MEASURES},
        waiting=waiting_work(metrics.opportunities),
        waiting_kinds=WAITING_KINDS,
        unmapped=people.loc[~people["mapped"], "person"].tolist(),
    )


def write_report(path: Path, metrics: Metrics, config: Config, window: Window, **tables: Any) -> None:
    """Write :func:`render_report` to ``path`` as UTF-8."""
    path.write_text(render_report(metrics, config, window, **tables), encoding="utf-8")
