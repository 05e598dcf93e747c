"""Snapshots: the dated exports kept by scheduled runs, and what changed between two of them.

Reads only snapshot folders (``manifest.json``, ``footprint.csv``, ``people.csv``), found under
``$FOOTPRINT_SNAPSHOTS`` or ``[snapshots] dir``. People are alphabetical; the change column is shown,
never sorted by, so the comparison is not a leaderboard. Under ``oidc`` access, only the people the
viewer may see individually are listed (DESIGN §8).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.access import visible_people
from dashboard.exports.history import SNAPSHOTS_ENV, compare, find_snapshots, snapshots_dir
from dashboard.views.common import unavailable

st.title("Snapshots")
st.caption("Exports written by `footprint snapshot`; compare two to see how each footprint moved.")

# The shared access check, without the store: snapshots are read from their folders.
access = data.current_access()
if isinstance(access, data.Unavailable) and access.refused:
    unavailable(access)  # not signed in, or not mapped: nothing, not even the list of snapshots
config = access.config if isinstance(access, data.Access) else None  # no usable config: $FOOTPRINT_SNAPSHOTS

folder = snapshots_dir(config)
if folder is None:
    st.info(
        f"No snapshot folder configured. Set `[snapshots] dir` in footprint.toml or the environment "
        f"variable `{SNAPSHOTS_ENV}`, and write snapshots there, e.g. "
        "`footprint snapshot --out snapshots --dated --keep 12`."
    )
    st.stop()
snapshots = find_snapshots(folder)
if not snapshots:
    st.info(f"No snapshots in `{folder}` yet. Write one with `footprint snapshot --out {folder} --dated`.")
    st.stop()

st.subheader(f"{len(snapshots)} snapshots in {folder}")
st.dataframe(
    [
        {
            "snapshot": s.name,
            "window": f"{s.since} to {s.until}",
            "generated": s.generated_at,
            "events": s.events,
            "evidence": s.evidence,
            "people": s.people,
        }
        for s in snapshots
    ],
    hide_index=True,
    width="stretch",
)
if len(snapshots) < 2:
    st.caption("A comparison needs two snapshots.")
    st.stop()

names = [s.name for s in snapshots]
left, right = st.columns(2)
before_name = left.selectbox("Before", names, index=len(names) - 2)
after_name = right.selectbox("After", names, index=len(names) - 1)
by_name = {s.name: s for s in snapshots}
table = compare(by_name[before_name].path, by_name[after_name].path)
allowed = visible_people(config, access.viewer) if isinstance(access, data.Access) else None
if allowed is not None:
    table = table[table["person"].isin(allowed)]
if config is not None:  # people excluded since the snapshot was written appear nowhere either
    table = table[~table["person"].isin(config.access.exclude)]
if table.empty:
    st.caption("No evidence in either snapshot for the people you may see.")
    st.stop()
st.subheader("Evidence per person and behaviour")
st.dataframe(
    table.drop(columns=["behaviour"]).rename(columns={"label": "behaviour"}),
    hide_index=True,
    width="stretch",
    column_config={"change": st.column_config.NumberColumn(format="%+d")},
)
