"""Overview: what the store holds for the selected team and period — counts by kind, team and month."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import overview
from dashboard.views.common import chart, context

ctx = context()
selected = ctx.selected
st.title("Overview")
st.caption(
    f"Signals collected for {ctx.filters.describe()}. The evidence behind each behaviour, with reasons "
    "and links, is on My footprint and Promotion packet."
)

events = selected.events
humans = events[~events["is_bot"].astype(bool)]
cols = st.columns(4)
cols[0].metric("Events", f"{len(events):,}")
cols[1].metric("People active", f"{humans['actor_person'].nunique():,}")
cols[2].metric("Acts with evidence", f"{len(selected.evidence[['event_id', 'person']].drop_duplicates()):,}")
cols[3].metric("Items (PRs, issues)", f"{events['item'].nunique():,}")

if events.empty:
    st.info("No events in this period for this team. Widen the period or choose all teams in the sidebar.")
    st.stop()

by_month = overview.kind_month_frame(events)
chart(overview.events_by_month_chart(by_month))
left, right = st.columns(2)
with left:
    chart(overview.events_by_kind_chart(by_month))
with right:
    chart(overview.events_by_team_chart(overview.team_kind_frame(events)))
