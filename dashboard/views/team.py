"""Team: distributions and collaboration flows — never a ranking. People are listed alphabetically.

The heatmap reads the stored footprints for the viewer, team and months (:func:`dashboard.queries.
team_footprint`, access rules in the query); the review network and the measures still come from the
viewer's metrics frame (``ctx.selected``), which this page loads."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.charts import network, team
from dashboard.views.common import chart, context
from metrics.measures import cross_team_flows, measure_named, review_load, wait_distribution
from metrics.teams import ContainerOwners

ctx = context()
st.title("Team")
st.caption(f"{ctx.filters.describe()}. People appear alphabetically; there is no sorting by any count.")

people = ctx.people()
st.subheader("Acts per person and behaviour")
if people.empty:
    st.caption("No person of this team is visible to you.")
else:
    assert ctx.config.path is not None
    filters = ctx.filters
    footprint = queries.team_footprint(
        str(ctx.config.path),
        ctx.signature,
        ctx.viewer.cache_key,
        ctx.viewer,
        filters.team,
        filters.start,
        filters.end,
    )
    chart(team.heatmap_chart(team.heatmap_frame(footprint, people, filters.months)))

selected = ctx.selected
events = selected.events

st.subheader("Review network")
edges = network.review_edges(events)
if edges.empty:
    st.caption("No reviews between people in this selection.")
else:
    names = dict(zip(ctx.scoped.metrics.people["person"], ctx.scoped.metrics.people["name"], strict=True))
    nodes = network.layout(edges, {k: v for k, v in names.items() if isinstance(v, str)})
    chart(network.network_chart(edges, nodes))
    cross = int(edges.loc[edges["cross_team"], "reviews"].sum())
    st.caption(f"{cross:,} of {int(edges['reviews'].sum()):,} reviews crossed a team boundary (orange).")

st.subheader("Unblocking")
team_filter = ctx.filters.team
responses = team.first_responses_in(selected, ctx.filters.since, ctx.filters.until, team_filter)
left, right = st.columns(2)
with left:
    chart(team.wait_chart(wait_distribution(responses)))
    answered = responses["waited_hours"].dropna()
    if not answered.empty:
        st.caption(
            f"Median time to first response: {answered.median():.1f} h over {len(answered):,} items answered "
            f"in this period. {measure_named('first_response').how}"
        )
with right:
    as_of = min(pd.Timestamp(ctx.filters.until), pd.Timestamp(datetime.now(UTC)))
    stalled = team.stalled_at(selected, ctx.config, as_of, team_filter)
    st.markdown(f"**Stalled work** ({len(stalled):,}) as of {as_of:%Y-%m-%d}")
    if stalled.empty:
        st.caption("Nothing is waiting for a first response or stuck in a blocked status.")
    else:
        st.dataframe(
            stalled[["item", "why", "since", "waiting_days", "url"]].assign(
                since=stalled["since"].dt.strftime("%Y-%m-%d")
            ),
            hide_index=True,
            height=320,
            column_config={"url": st.column_config.LinkColumn("link", display_text="open")},
        )
    st.caption(measure_named("stalled_work").how)

st.subheader("Review load balance")
if not people.empty:
    chart(team.review_load_chart(review_load(events, people)))
    st.caption(measure_named("review_load").how)

left, right = st.columns(2)
with left:
    st.subheader("Cross-team links")
    links = cross_team_flows(events, ContainerOwners(ctx.config.teams))
    if links.empty:
        st.caption("No reviews or comments across teams in this selection.")
    else:
        chart(team.cross_team_chart(links))
with right:
    st.subheader("Retrospectives")
    retro = team.retro_frame(events)
    if retro.empty:
        st.caption("No retrospective notes in this selection.")
    else:
        chart(team.retro_chart(retro))
        total, done = int(retro["actions"].sum()), int(retro["done"].sum())
        rate = f"{done / total:.0%}" if total else "n/a"
        st.caption(
            f"{int(retro['retros'].sum())} retros, {int(retro['items'].sum())} items raised, "
            f"{done} of {total} action items done ({rate})."
        )
