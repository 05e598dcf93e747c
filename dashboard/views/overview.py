"""Overview: the evidence the store holds for the selected team and period — per behaviour, month and
team — as the store aggregates it (:func:`dashboard.queries.overview`): no event or evidence row is
loaded into the page. The events themselves, per source, kind and month, are on Data health."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.charts import overview
from dashboard.views.common import chart, context

ctx = context()
filters = ctx.filters
st.title("Overview")
st.caption(
    f"Evidence of leadership behaviours for {filters.describe()}, counted over the people you may see. "
    "The acts behind each count, with reasons and links, are on My footprint and Promotion packet; the "
    "events collected are on Data health."
)
figures = ctx.query(queries.overview)
cols = st.columns(4)
cols[0].metric("People with evidence", f"{figures.people:,}")
cols[1].metric("Acts with evidence", f"{figures.acts:,}")
cols[2].metric("Items with evidence", f"{figures.items:,}")
cols[3].metric("Evidence (act × behaviour)", f"{figures.evidence:,}")

if figures.evidence == 0:
    st.info("No evidence in this period for this team. Widen the period or choose all teams in the sidebar.")
    st.stop()

chart(overview.evidence_by_month_chart(figures.by_month))
left, right = st.columns(2)
with left:
    chart(overview.evidence_by_behaviour_chart(figures.by_month))
with right:
    chart(overview.evidence_by_team_chart(figures.by_team))
