"""Data health: sources and last sync, event counts over time and per team, unmapped identities, sync
problems. The counts are queries on the stored acts (:func:`dashboard.team_queries.health_counts`,
access rules in the query), never the viewer's metrics frame."""

from __future__ import annotations

import streamlit as st

from dashboard import data, team_queries
from dashboard.charts import health
from dashboard.views.common import chart, context

WHEN = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")
TIMES = {name: WHEN for name in ("first_event", "last_event", "last_sync", "started_at", "finished_at", "at")}

ctx = context()
st.title("Data health")
facts = data.store_health(str(ctx.config.path), ctx.signature)

st.subheader("Sources")
st.dataframe(health.sources_frame(ctx.config, facts["sources"]), hide_index=True, column_config=TIMES)
runs = facts["runs"]
if runs.empty:
    st.caption("No sync has run against this store yet.")
else:
    latest = runs.drop_duplicates("source")
    st.dataframe(
        latest[["source", "status", "started_at", "finished_at", "events_written", "requests"]],
        hide_index=True,
        column_config=TIMES,
    )

counted = ctx.query(team_queries.health_counts)
st.subheader("Events per source and kind")
st.caption(f"For {ctx.filters.describe()}.")
counts = counted.by_kind
if counts.empty:
    st.caption("No events in this period.")
else:
    chart(health.source_kind_chart(counts))
by_team = counted.by_team
if not by_team.empty:
    st.markdown("**Events per team** (of the person acting, all teams, this period)")
    st.dataframe(by_team.fillna({"team": "no team"}), hide_index=True)

st.subheader("Identities")
excluded = len(ctx.config.access.exclude)
unmapped = counted.unmapped
cols = st.columns(3)
cols[0].metric("People configured", len(ctx.config.people))
cols[1].metric("People excluded", excluded)
cols[2].metric("Unmapped identities", len(unmapped))
if not unmapped.empty:
    st.markdown("Identities seen in events but not listed under `[[people]]`, with a suggested mapping:")
    st.dataframe(unmapped, hide_index=True)

st.subheader("Problems in the last sync")
problems = facts["problems"]
if problems.empty:
    st.caption("The last sync of every source reported no problems (rate limits, errors).")
else:
    st.dataframe(problems[["source", "scope", "kind", "message", "at"]], hide_index=True, column_config=TIMES)
