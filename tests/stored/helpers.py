"""Comparing what ``footprint compute`` stored with what metrics compute from the same events."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from collectors.config import Config
from collectors.store import Store
from collectors.store import derived_schema as ds
from metrics.engine import compute, rule_context
from metrics.stored import feedback_acts, issue_labels, retro_mentions, team_tables, waiting_spans
from metrics.stored.read import stored_evidence, stored_footprint

EVIDENCE_KEY = ["created_at", "event_id", "rule", "person"]


def canonical(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    out = frame.sort_values(key, ignore_index=True)
    text = [c for c in out.columns if c not in ("created_at", "weight", "weight_sum", "evidence_count")]
    out[text] = out[text].astype(object)
    out[text] = out[text].where(out[text].notna(), None)  # stored text is Arrow-backed: missing is NaN
    return out


def assert_stored_equals_compute(store: Store, config: Config) -> int:
    """Stored evidence and footprints equal a computation over every stored event; returns rows."""
    expected = compute(store.events(), config)
    got = stored_evidence(store)
    pd.testing.assert_frame_equal(
        canonical(got, EVIDENCE_KEY), canonical(expected.evidence, EVIDENCE_KEY), check_dtype=False
    )
    key = ["person", "behaviour", "period", "team"]
    footprint = stored_footprint(store)
    pd.testing.assert_frame_equal(
        canonical(footprint, key).fillna(""), canonical(expected.footprint, key).fillna(""), check_dtype=False
    )
    assert_item_footprints_equal(store, expected.evidence)
    assert_team_tables_equal_compute(store, config)
    assert_retro_mentions_equal(store)
    return len(got)


def assert_retro_mentions_equal(store: Store) -> int:
    """The stored ``retro_mentions`` equal the mentions of every stored event's retros, read at once
    (whatever items the computes wrote them for); returns its rows."""
    key = ["event_id", "ref"]
    want = retro_mentions.mention_rows(store.events())
    with store.engine.connect() as conn:
        table = ds.retro_mentions
        got = pd.DataFrame(
            conn.execute(sa.select(*(table.c[k] for k in ds.RETRO_MENTION_TYPES))).all(),
            columns=list(ds.RETRO_MENTION_TYPES),
        )
    got["created_at"] = pd.to_datetime(got["created_at"], utc=True)
    want["created_at"] = pd.to_datetime(want["created_at"], utc=True)
    pd.testing.assert_frame_equal(
        canonical(got, key), canonical(want, key), check_dtype=False, obj="retro_mentions"
    )
    return len(got)


def assert_item_footprints_equal(store: Store, evidence: pd.DataFrame) -> int:
    """The stored ``item_footprints`` equal those of ``evidence`` (every stored event's), counted here
    independently of :mod:`metrics.stored.item_footprints`; returns its rows."""
    key = ["person", "team", "period", "item"]
    frame = evidence[["person", "team", "item", "event_id"]].astype(object)
    frame["period"] = pd.to_datetime(evidence["created_at"], utc=True).dt.strftime("%Y-%m")
    frame["team"] = frame["team"].where(frame["team"].notna(), "")
    want = frame.groupby(key)["event_id"].agg(acts="nunique", evidence_count="size").reset_index()
    with store.engine.connect() as conn:
        table = ds.item_footprints
        got = pd.DataFrame(
            conn.execute(sa.select(*(table.c[k] for k in [*key, "acts", "evidence_count"]))).all(),
            columns=[*key, "acts", "evidence_count"],
        )
    got = got.astype({"acts": "int64", "evidence_count": "int64"}).fillna({"team": ""})
    want = want.astype({"acts": "int64", "evidence_count": "int64"})
    pd.testing.assert_frame_equal(
        canonical(got, key), canonical(want, key), check_dtype=False, obj="item_footprints"
    )
    assert int(got["acts"].sum()) == len(evidence[["event_id", "person"]].drop_duplicates())
    return len(got)


#: What orders the rows of each per-item table (a key: no two rows share it).
TEAM_KEYS = {"acts": ["event_id"], "first_responses": ["item"], "blocked_stays": ["item", "began_at"]}


def assert_team_tables_equal_compute(store: Store, config: Config) -> dict[str, int]:
    """The stored acts, first responses, blocked stays, waiting spans, feedback acts and issue labels
    equal those of every stored event; returns the rows of each table of acts and measures."""
    ctx = rule_context(store.events(), config, None)
    responses, stays = team_tables.measure_rows(ctx)
    expected = {"acts": team_tables.act_rows(ctx), "first_responses": responses, "blocked_stays": stays}
    with store.engine.connect() as conn:
        for table in ds.TEAM_TABLES:
            got = team_tables.read_rows(conn, table)
            want = expected[table.name]
            key = TEAM_KEYS[table.name]
            pd.testing.assert_frame_equal(
                canonical(got, key), canonical(want, key), check_dtype=False, obj=table.name
            )
        counts = pd.DataFrame(
            conn.execute(sa.select(*(ds.act_counts.c[k] for k in [*ds.ACT_COUNT_KEYS, "acts"]))).all(),
            columns=[*ds.ACT_COUNT_KEYS, "acts"],
        )
        spans = waiting_spans.every_span(conn)
        feedback = feedback_acts.every_act(conn)
        labels = issue_labels.every_label(conn)
    key = ["kind", "item", "event_id", "holds_from"]
    pd.testing.assert_frame_equal(
        canonical(spans, key), canonical(waiting_spans.span_rows(ctx), key), check_dtype=False,
        obj="waiting_spans",
    )  # fmt: skip
    pd.testing.assert_frame_equal(
        canonical(feedback, ["event_id"]), canonical(feedback_acts.act_rows(ctx), ["event_id"]),
        check_dtype=False, obj="feedback_acts",
    )  # fmt: skip
    key = ["event_id", "position"]
    pd.testing.assert_frame_equal(
        canonical(labels, key), canonical(issue_labels.label_rows(ctx), key), check_dtype=False,
        obj="issue_labels",
    )  # fmt: skip
    want = team_tables.count_acts(expected["acts"])
    key = list(ds.ACT_COUNT_KEYS)
    text = {k: object for k in key if k not in ("is_bot", "target_is_bot")}
    flags = {"is_bot": bool, "target_is_bot": bool, "acts": "int64", **text}
    got, want = (canonical(frame.astype(flags).fillna({k: "" for k in key}), key) for frame in (counts, want))
    pd.testing.assert_frame_equal(got, want, check_dtype=False, obj="act_counts")
    return {name: len(frame) for name, frame in expected.items()} | {"act_counts": len(counts)}
