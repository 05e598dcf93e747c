"""What pages share: getting the context (or showing why there is none), picking a person, tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts.common import behaviour_label

CONTEXT_KEY = "_footprint_context"


def context() -> data.PageContext:
    """This run's context (set by the app before the page runs); shows the empty state and stops if none."""
    found = st.session_state.get(CONTEXT_KEY)
    if found is None:  # only if a page file is run directly instead of through dashboard/app.py
        st.error("Open the dashboard through `footprint dashboard` (it runs dashboard/app.py).")
        st.stop()
    if isinstance(found, data.Unavailable):
        unavailable(found)
    return found


def unavailable(reason: data.Unavailable) -> None:
    """Show why there is nothing to show (with Sign in / Sign out where that is the way on) and stop."""
    st.info(f"**{reason.title}**\n\n{reason.body}", icon=":material/info:")
    if reason.kind == "sign_in":
        st.button("Sign in", on_click=st.login, type="primary")
    elif reason.kind == "unmapped":
        st.button("Sign out", on_click=st.logout)
    st.stop()


def person_picker(ctx: data.PageContext, label: str = "Person") -> str | None:
    """A person chooser (alphabetical by name) whose choice survives switching pages; None if nobody."""
    people = ctx.people()
    if people.empty:
        st.info("No person to show for this team and viewer. Choose another team in the sidebar.")
        return None
    ids = list(people["person"])
    names = dict(zip(people["person"], people["name"], strict=True))
    remembered = st.session_state.get(data.PERSON_KEY)
    if remembered not in ids:
        remembered = ctx.viewer.person if ctx.viewer.person in ids else ids[0]
    choice = st.selectbox(label, ids, index=ids.index(remembered), format_func=names.__getitem__)
    st.session_state[data.PERSON_KEY] = choice
    return choice


def evidence_table(evidence: pd.DataFrame, *, height: int | None = None) -> None:
    """The evidence feed: date, behaviour, item, reason, rule and a link, newest first."""
    if evidence.empty:
        st.caption("No evidence for this selection.")
        return
    frame = evidence.sort_values(["created_at", "event_id"], ascending=[False, True])
    shown = pd.DataFrame(
        {
            "date": frame["created_at"].dt.strftime("%Y-%m-%d"),
            "behaviour": frame["behaviour"].map(behaviour_label),
            "item": frame["item"],
            "reason": frame["reason"],
            "rule": frame["rule"],
            "link": frame["url"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=height or "auto",
        column_config={
            "link": st.column_config.LinkColumn("link", display_text="open"),
            "reason": st.column_config.TextColumn("reason", width="large"),
        },
    )


def chart(figure: object) -> None:
    """Draw an Altair chart across the page width."""
    st.altair_chart(figure, width="stretch")
