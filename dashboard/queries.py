"""What a page asks the store for directly, by index, instead of filtering a frame of everything:
the access rules (DESIGN §8) are part of each query, and each small result is cached per viewer
(``st.cache_data`` keyed by the store's signature and the viewer's cache key)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from collectors.config import load_config
from collectors.store.derived_schema import evidence
from dashboard.access import Viewer, can_view_person
from metrics.stored.read import stored_evidence

from . import data


@st.cache_data(show_spinner=False, max_entries=64)
def person_evidence(
    path: str, signature: str, viewer_key: str, _viewer: Viewer, person: str, since: datetime, until: datetime
) -> pd.DataFrame:
    """``person``'s stored evidence in ``[since, until)`` (the evidence index on person and time), or
    nothing when the viewer may not see that person's individual pages (or the person is excluded)."""
    config = load_config(Path(path))
    if not can_view_person(config, _viewer, person):  # excluded people included
        return stored_evidence_empty()
    store = data.open_app_store(config)
    if store is None:
        return stored_evidence_empty()
    return stored_evidence(store, since=since, until=until, where=evidence.c.person == person)


def stored_evidence_empty() -> pd.DataFrame:
    from metrics.evidence import empty_evidence

    return empty_evidence()
