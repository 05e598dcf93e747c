"""The *My footprint* sections that answer "where can I grow?": the growth plan and the opportunities.

Not a page: :mod:`dashboard.views.my_footprint` calls these with data the loader already scoped to
the viewer (:func:`dashboard.data.current`), so they show nothing the viewer may not see.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from metrics.growth import GrowthPlan
from metrics.opportunities import OPPORTUNITIES

#: Headings of the opportunity kinds on the page.
KIND_TITLES: dict[str, str] = {
    "waiting_review": "Pull requests waiting for a first review",
    "unanswered_question": "Questions waiting for an answer",
    "stuck_blocked": "Blocked work nobody is talking about",
    "recurring_problem": "Recurring problems no retrospective has looked at",
    "repeated_feedback": "Feedback you keep giving by hand",
}
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~$#])")


def md(text: object) -> str:
    """``text`` with Markdown's (and Streamlit's LaTeX ``$``) special characters escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def link(text: object, url: object) -> str:
    return f"[{md(text)}]({url})" if isinstance(url, str) and url else md(text)


def growth_plan_section(plan: GrowthPlan) -> None:
    """Each thin behaviour with its next steps and what already shows it; or that none is thin."""
    st.subheader("Growth plan")
    st.caption(plan.note)
    if not plan.areas:
        st.caption("No behaviour is thin in this period: each has evidence at or above the team's median.")
        return
    for area in plan.areas:
        lines = [f"**{md(area.label)}**: {md(area.why)}."]
        for step in area.steps:
            more = f" ({link('open', step.url)})" if step.url else ""
            lines.append(f"- {md(step.text)}{more}")
        if area.shown:
            shown = "; ".join(f"{link(s.item, s.url)}: {md(s.reason)}" for s in area.shown)
            lines.append(f"- *Already shows it:* {shown}.")
        else:
            lines.append("- *Nothing in this period shows it yet.*")
        st.markdown("\n".join(lines))


def opportunities_section(opportunities: pd.DataFrame, person: str) -> None:
    """``person``'s opportunities as of the period's end (now, while it lasts), grouped by kind, newest
    first, each linked."""
    st.subheader("Opportunities")
    mine = opportunities[opportunities["person"] == person]
    if mine.empty:
        st.caption("Nothing was waiting for you at the end of this period: no unreviewed pull request, "
                   "unanswered question, stuck ticket, recurring problem or repeated feedback.")  # fmt: skip
        return
    st.caption(
        "Chances to practise a behaviour that were waiting at the end of this period (now, for a period not "
        "over yet), newest first. Suggestions, not duties."
    )
    for kind in OPPORTUNITIES:
        rows = mine[mine["kind"] == kind.id].sort_values(["since", "item"], ascending=[False, True])
        if rows.empty:
            continue
        lines = [f"**{md(KIND_TITLES.get(kind.id, kind.id))}** ({len(rows)})"]
        lines += [
            f"- {link(row.item, row.url)}: {md(row.reason)} (since {row.since:%Y-%m-%d})"
            for row in rows.itertuples()
        ]
        st.markdown("\n".join(lines))
