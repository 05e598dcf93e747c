"""Team: distributions and collaboration flows — never a ranking. People are listed alphabetically.

The heatmap reads the stored footprints for the viewer, team and months (:func:`dashboard.queries.
team_footprint`); the review network, the measures, cross-team links and retrospectives read the
stored acts and measure rows (:mod:`dashboard.team_queries`). Access rules are in those queries; this
page never loads the viewer's metrics frame."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from dashboard import queries, team_queries
from dashboard.charts import network, team
from dashboard.views.common import chart, context
from metrics.measures import answered_waits, measure_named

ctx = context()
st.title("Team")
st.caption(f"{ctx.filters.describe()}. People appear alphabetically; there is no sorting by any count.")

people = ctx.people()
st.subheader("Acts per person and behaviour")
if people.empty:
    st.caption("No person of this team is visible to you.")
else:
    footprint = ctx.query(queries.team_footprint, ctx.config)
    chart(team.heatmap_chart(team.heatmap_frame(footprint, people, ctx.filters.months)))

flows = ctx.query(team_queries.flows, people[["person", "name"]], ctx.config)

st.subheader("Review network")
edges = flows.edges
if edges.empty:
    st.caption("No reviews between people in this selection.")
else:
    chart(network.network_chart(edges, flows.nodes))
    cross = int(edges.loc[edges["cross_team"], "reviews"].sum())
    st.caption(f"{cross:,} of {int(edges['reviews'].sum()):,} reviews crossed a team boundary (orange).")

st.subheader("Unblocking")
left, right = st.columns(2)
with left:
    chart(team.wait_chart(flows.waits))
    answered = answered_waits(flows.responses)
    if not answered.empty:
        st.caption(
            f"Median time to first response: {answered.median():.1f} h over {len(answered):,} items answered "
            f"in this period. {measure_named('first_response').how}"
        )
with right:
    as_of = team_queries.as_of(ctx.filters.until, datetime.now(UTC))
    stalled = team_queries.stalled(str(ctx.config.path), ctx.signature, ctx.filters.team, as_of, ctx.config)
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
    chart(team.review_load_chart(flows.load))
    st.caption(measure_named("review_load").how)

left, right = st.columns(2)
with left:
    st.subheader("Cross-team links")
    links = flows.links
    if links.empty:
        st.caption("No reviews or comments across teams in this selection.")
    else:
        chart(team.cross_team_chart(links))
with right:
    st.subheader("Retrospectives")
    retro = flows.retro
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
