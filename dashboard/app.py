"""Leadership Footprint dashboard: ``streamlit run dashboard/app.py`` (or ``footprint dashboard``).

The entry script sets up the page, renders the shared sidebar filters (team, period; kept in
``st.session_state`` so they persist across pages) and runs the page chosen in ``st.navigation``.
Pages are thin: they take their data from :func:`dashboard.data.current` (via
:func:`dashboard.views.common.context`) and their charts from :mod:`dashboard.charts`.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import data, long_lived
from dashboard.views.common import CONTEXT_KEY

HERE = Path(__file__).resolve().parent
#: A local file, inlined by Streamlit as a data URL: a ``:material/...:`` page icon would make every
#: browser fetch the favicon from Google's font CDN, and the dashboard sends nothing off the machine.
FAVICON = HERE / "favicon.svg"

#: Names the page to open on (a file of :data:`PAGES` without ``.py``; ``footprint me``: my_footprint).
START_PAGE_ENV = "FOOTPRINT_START_PAGE"
#: (file under views/, title, Material icon); the first is the default page unless START_PAGE_ENV says.
PAGES: list[tuple[str, str, str]] = [
    ("overview.py", "Overview", ":material/dashboard:"),
    ("my_footprint.py", "My footprint", ":material/person:"),
    ("team.py", "Team", ":material/groups:"),
    ("packet.py", "Promotion packet", ":material/description:"),
    ("health.py", "Data health", ":material/monitor_heart:"),
    ("snapshots.py", "Snapshots", ":material/history:"),
]


def sidebar(ctx: data.PageContext) -> None:
    """Team and period filters. Their values live in session state under fixed keys."""
    teams = [team.name for team in ctx.config.teams]
    if st.session_state.get(data.TEAM_KEY) not in [data.ALL_TEAMS, *teams]:
        st.session_state[data.TEAM_KEY] = data.ALL_TEAMS
    st.sidebar.selectbox("Team", [data.ALL_TEAMS, *teams], key=data.TEAM_KEY)
    months = list(ctx.months)
    if len(months) > 1:
        # A constant default keeps the widget's identity; its state then carries the choice.
        st.sidebar.select_slider(
            "Period (months)", options=months, value=(months[0], months[-1]), key=data.PERIOD_KEY
        )
    else:
        st.sidebar.caption(f"Period: {months[0]}")
    if ctx.viewer.mode == "oidc":
        st.sidebar.caption(f"Signed in as {ctx.viewer.email}")
        st.sidebar.button("Sign out", on_click=st.logout)


def main() -> None:
    st.set_page_config(page_title="Leadership Footprint", page_icon=str(FAVICON), layout="wide")
    files = [file for file, _, _ in PAGES]
    start = f"{os.environ.get(START_PAGE_ENV, '')}.py"
    default = files.index(start) if start in files else 0
    pages = [
        st.Page(HERE / "views" / file, title=title, icon=icon, default=index == default)
        for index, (file, title, icon) in enumerate(PAGES)
    ]
    page = st.navigation(pages)
    st.sidebar.markdown("**Leadership Footprint**  \nEvidence, not verdicts.")
    ctx = data.current()
    if isinstance(ctx, data.PageContext):
        sidebar(ctx)
    st.session_state[CONTEXT_KEY] = ctx  # for this run only: pages tell from it that the app ran them
    try:
        page.run()
    finally:
        st.session_state.pop(CONTEXT_KEY, None)
        long_lived.freeze_once()  # after the first run: what the process keeps, out of the collector's way


if __name__ == "__main__":  # Streamlit runs the entry script as __main__
    main()
