"""What pages share: getting the context (or showing why there is none), picking a person, tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from collectors.config import Config
from dashboard import data
from dashboard.access import scrub_quoted
from dashboard.charts.common import BEHAVIOURS, behaviour_label
from dashboard.exports.templating import md_escape, md_link
from metrics.engine import Metrics
from metrics.prepare import arrow_strings
from metrics.quotes import QUOTED_COLUMNS, quoting_events, strongest_quoted

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


def acts_on_items(evidence: pd.DataFrame) -> str:
    """``"287 acts on 113 items"``: acts counted once each, whatever behaviours they show."""
    acts = len(evidence[["event_id", "person"]].drop_duplicates())
    return _acts_on(acts, evidence["item"].nunique())


def _acts_on(acts: int, items: int) -> str:
    return f"{acts:,} act{'s' if acts != 1 else ''} on {items:,} item{'s' if items != 1 else ''}"


def _acts_and_items(evidence: pd.DataFrame) -> dict[str, str]:
    """:func:`acts_on_items` of each behaviour's rows of ``evidence``, in one grouped pass."""
    narrow = evidence[["behaviour", "event_id", "person", "item"]]
    once = narrow.drop_duplicates(["behaviour", "event_id", "person"])
    acts = once.groupby("behaviour", observed=True).size()
    items = narrow.groupby("behaviour", observed=True)["item"].nunique()
    return {str(behaviour): _acts_on(int(acts[behaviour]), int(items[behaviour])) for behaviour in acts.index}


#: How many acts *My footprint* shows per behaviour as its strongest evidence.
STRONGEST_SHOWN = 3


def strongest_by_behaviour(
    evidence: pd.DataFrame,
    metrics: Metrics,
    config: Config,
    quoted: Mapping[str, pd.DataFrame] | None = None,
) -> None:
    """Per behaviour with evidence: its acts and items, and its strongest acts (by strength, one per
    item) with why they stand out, the item's title and the person's own words (none with
    ``store.redact_text``: the text class and the link; an excluded person named in them shows as
    ``[excluded]``). ``quoted``: the lists of :func:`strongest_quoted` a quoting slice already made
    (:class:`~dashboard.person_queries.PersonView`); the others are quoted here."""
    quoted = quoted or {}
    counted = _acts_and_items(evidence)
    classes = events = None
    for behaviour in BEHAVIOURS:
        if behaviour not in counted:
            continue
        top = quoted.get(behaviour)
        if top is None:
            if events is None:  # each filter below then takes these columns and the events quoting reads
                classes = evidence.drop_duplicates("event_id").set_index("event_id")["text_class"]
                events = quoting_events(metrics.events[list(QUOTED_COLUMNS)], evidence)
            rows = evidence[(evidence["behaviour"] == behaviour).to_numpy(dtype=bool)]
            top = strongest_quoted(rows, STRONGEST_SHOWN, events, metrics.items,
                                   redact_text=config.store.redact_text, classes=classes)  # fmt: skip
        top = scrub_quoted(top, config)
        st.markdown(f"**{md_escape(behaviour_label(behaviour))}**: {counted[behaviour]}")
        lines = []
        for row in top.itertuples():
            title = f", *{md_escape(row.title)}*" if isinstance(row.title, str) else ""
            line = f"- {row.created_at:%Y-%m-%d} {md_link(row.item, row.url)}{title}: {md_escape(row.reason)}"
            if isinstance(row.why, str) and row.why:
                line += f". Stands out: {md_escape(row.why)}"
            if isinstance(row.quote, str):
                line += f"\n  > {md_escape(row.quote)}"
            elif isinstance(row.text_class, str):
                line += f" (text class {md_escape(row.text_class)})"
            lines.append(line)
        st.markdown("\n".join(lines))


#: The evidence columns the evidence feed shows (:func:`evidence_rows`).
_FEED_COLUMNS = ["created_at", "event_id", "behaviour", "item", "reason", "why", "strength", "rules", "url"]


def evidence_rows(evidence: pd.DataFrame) -> pd.DataFrame:
    """The evidence feed's rows (date, behaviour, item, reason, stands out, strength, rule, link), newest
    first, then by event id, dated in UTC. Sorted and dated in Arrow, on the shown columns only: a
    two-year window of one person is tens of thousands of rows, and pandas' sort of every column and
    its ``strftime`` cost about 25 ms of a page at 26,000 rows."""
    frame = evidence[_FEED_COLUMNS]
    keys = pa.table({"at": pa.array(frame["created_at"]), "id": arrow_strings(frame["event_id"])})
    order = pc.sort_indices(keys, sort_keys=[("at", "descending"), ("id", "ascending")]).to_numpy()
    frame = frame.take(order)
    # the UTC date as text: a cast, where Arrow's strftime formats value by value (14 ms for 26,000)
    utc = pc.cast(pa.array(frame["created_at"]), pa.timestamp("us", tz="UTC"))
    dates = pc.cast(pc.cast(pc.cast(utc, pa.timestamp("us")), pa.date32()), pa.large_string())
    behaviours = arrow_strings(frame["behaviour"]).dictionary_encode()
    labels = pa.array([behaviour_label(str(b)) for b in behaviours.dictionary.to_pylist()], pa.large_string())
    return pd.DataFrame(
        {
            "date": pd.Series(pd.arrays.ArrowStringArray(dates), index=frame.index),
            "behaviour": pd.Series(
                pd.arrays.ArrowStringArray(labels.take(behaviours.indices)), index=frame.index
            ),
            "item": frame["item"],
            "reason": frame["reason"],
            "stands out": frame["why"],
            "strength": frame["strength"],
            "rule": frame["rules"],
            "link": frame["url"],
        }
    )


def evidence_table(evidence: pd.DataFrame, *, height: int | None = None) -> None:
    """The evidence feed (:func:`evidence_rows`): the rules that counted each act (the strongest first)
    and a link, newest first."""
    if evidence.empty:
        st.caption("No evidence for this selection.")
        return
    st.dataframe(
        evidence_rows(evidence),
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
