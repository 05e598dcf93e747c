"""My footprint: one person's profile, trend, growth plan, opportunities and the evidence behind them."""

from __future__ import annotations

import streamlit as st

from dashboard import data, person_queries
from dashboard.charts import profile
from dashboard.charts.common import BEHAVIOURS, behaviour_label
from dashboard.exports.packet import STRENGTH_NOTE
from dashboard.views.common import (
    STRONGEST_SHOWN,
    acts_on_items,
    chart,
    context,
    evidence_table,
    person_picker,
    strongest_by_behaviour,
)
from dashboard.views.growth_sections import growth_plan_section, opportunities_section
from metrics.growth import growth_plan

ctx = context()
st.title("My footprint")
person = person_picker(ctx)
if person is None or not data.individual_view(ctx, person, "My footprint"):
    st.stop()

months = ctx.filters.months
# the person's slice of the store (the items of the evidence quoted below), as this viewer may see it
view = person_queries.of_page(ctx, person, strongest=STRONGEST_SHOWN)
scoped = view.scoped
name = ctx.people().set_index("person").loc[person, "name"]
st.caption(
    f"{name}, {ctx.filters.describe()}. Counts are evidence, not a score; the red tick is the team's "
    "median for context."
)

left, right = st.columns(2)
with left:
    chart(profile.profile_chart(profile.profile_frame(scoped.peer_footprint, scoped.peers, person, months)))
with right:
    chart(profile.trend_chart(profile.trend_frame(scoped.peer_footprint, person, months)))

evidence = scoped.metrics.evidence  # the person's stored evidence in the period
st.subheader("Strongest evidence")
st.caption(f"{acts_on_items(evidence)} in this period. {STRENGTH_NOTE} An act counts once per behaviour.")
strongest_by_behaviour(evidence, scoped.metrics, ctx.config, view.quoted)

opportunities = scoped.metrics.opportunities
growth_plan_section(growth_plan(person, scoped.peer_footprint, scoped.peers, months, evidence, opportunities))
opportunities_section(opportunities, person)

st.subheader("Evidence")
found = set(evidence["behaviour"].unique())
present = [b for b in BEHAVIOURS if b in found]
chosen = st.multiselect("Behaviours", present, default=present, format_func=behaviour_label)
evidence_table(evidence[evidence["behaviour"].isin(chosen)])

views = data.views_of_viewer(ctx) if person == ctx.viewer.person else None
if views is not None:
    st.subheader("Who viewed my pages")
    if views.empty:
        st.caption("Nobody else has opened your individual pages or your packet.")
    else:
        st.caption("Every time someone else opened your individual pages or your packet, newest first.")
        st.dataframe(
            views[["at", "viewer", "page"]],
            hide_index=True,
            column_config={"at": st.column_config.DatetimeColumn("when", format="YYYY-MM-DD HH:mm")},
        )
