"""Promotion packet: a person's evidence per behaviour for a period, downloadable as Markdown or HTML.

The narrative comes from :func:`dashboard.exports.packet.build_packet`, the same generator as
``footprint packet``, and is rendered by the same Markdown templates, so the page and the file never
disagree.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, person_queries
from dashboard.charts import profile
from dashboard.exports.packet import STRONGEST, build_packet
from dashboard.exports.packet_render import sections_markdown, to_html, to_markdown
from dashboard.views.common import chart, context, person_picker

ctx = context()
st.title("Promotion packet")
person = person_picker(ctx)
if person is None or not data.individual_view(ctx, person, "Promotion packet"):
    st.stop()

since, until = ctx.filters.since.date(), ctx.filters.until.date()
# the person's slice of the store (what the packet counts and quotes), as this viewer may see it
view = person_queries.of_page(ctx, person, strongest=STRONGEST, packet=True)
months = ctx.months
covers = f"{months[0]} to {months[-1]}" if months else None
growth = st.toggle(
    "Add the growth plan as a final section",
    help="Next steps, not evidence; opportunities as of the period's end (now, for a period not over yet).",
)
packet = build_packet(
    view.scoped.metrics, ctx.config, person, since, until, store_covers=covers, growth=growth,
    window_has_events=view.window_has_events, quoted=view.quoted,
)  # fmt: skip
st.caption(
    f"{packet.name} ({packet.team or 'no team'}), {since:%Y-%m-%d} to {until:%Y-%m-%d} (exclusive): "
    f"{packet.acts:,} acts on {packet.items:,} items. Change the period in the sidebar."
)
slug = f"packet-{person}-{since:%Y%m%d}-{until:%Y%m%d}"
left, right, _ = st.columns([1, 1, 2])
audit = {"on_click": data.record_view, "args": (ctx.config, ctx.viewer, person, "Packet download")}
left.download_button("Download Markdown", to_markdown(packet), f"{slug}.md", "text/markdown", **audit)
right.download_button("Download HTML", to_html(packet), f"{slug}.html", "text/html", **audit)

if not packet.empty_window:
    chart(profile.trend_chart(profile.trend_frame(view.scoped.peer_footprint, person, ctx.filters.months)))

# The same template as the downloads and `footprint packet`: the page and the files never disagree.
st.markdown(sections_markdown(packet))

st.divider()
st.caption(packet.closing_note)
