"""Promotion packet: a person's evidence per behaviour for a period, downloadable as Markdown or HTML.

The narrative comes from :func:`dashboard.exports.packet.build_packet`, the same generator as
``footprint packet``, so the page and the file never disagree.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.charts import profile
from dashboard.exports.packet import build_packet
from dashboard.exports.packet_render import to_html, to_markdown
from dashboard.views.common import chart, context, person_picker

ctx = context()
st.title("Promotion packet")
person = person_picker(ctx)
if person is None or not data.individual_view(ctx, person, "Promotion packet"):
    st.stop()

since, until = ctx.filters.since.date(), ctx.filters.until.date()
packet = build_packet(ctx.scoped.metrics, ctx.config, person, since, until)
st.caption(
    f"{packet.name} ({packet.team or 'no team'}), {since:%Y-%m-%d} to {until:%Y-%m-%d} (exclusive): "
    f"{packet.evidence_count:,} pieces of evidence. Change the period in the sidebar."
)
slug = f"packet-{person}-{since:%Y%m%d}-{until:%Y%m%d}"
left, right, _ = st.columns([1, 1, 2])
audit = {"on_click": data.record_view, "args": (ctx.config, ctx.viewer, person, "Packet download")}
left.download_button("Download Markdown", to_markdown(packet), f"{slug}.md", "text/markdown", **audit)
right.download_button("Download HTML", to_html(packet), f"{slug}.html", "text/html", **audit)

chart(profile.trend_chart(profile.trend_frame(ctx.scoped.peer_footprint, person, ctx.filters.months)))

for section in packet.sections:
    st.subheader(f"{section.label} · {section.evidence_count}")
    st.caption(section.description)
    st.write(section.summary)
    if section.strongest:
        st.markdown("**Strongest evidence**")
        st.markdown(
            "\n".join(
                f"- {line.created_at:%Y-%m-%d} [{line.item}]({line.url}): {line.reason} (`{line.rule}`)"
                for line in section.strongest
            )
        )
    if section.collaborators:
        helped = ", ".join(f"{c.name} ({c.count})" for c in section.collaborators)
        st.markdown(f"**Collaborators helped:** {helped}")
    st.caption(f"Trend: {section.trend_word}.")

st.divider()
st.caption(packet.closing_note)
