"""Tables metrics derive from the events and keep in the store (DESIGN §2: evidence and aggregates are
stored at sync, so pages and exports query them instead of recomputing).

This is the one declaration of what is stored: :data:`EVIDENCE_TYPES` and :data:`FOOTPRINT_TYPES` name
every column of the frames :mod:`metrics` produces (``tests/metrics/test_stored_tables.py`` fails when a
frame gains a column a table lacks), and the tables are built from them. Each row carries
``computed_with``: the digest of the config and rule versions it was computed with (the full record is
in ``compute_state``). Everything here is disposable: ``footprint compute`` rebuilds it from the events.

``changed_items`` is the store's change log: :meth:`Store.write` appends, in the same transaction as the
events, every item whose events it wrote or deleted (and the item an event was in before), so the next
compute recomputes exactly those, whatever wrote them and however a sync ended.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .schema import metadata

_ID = sa.String(255)
_UTC = sa.DateTime(timezone=True)

#: Evidence columns (:data:`metrics.evidence.EVIDENCE_COLUMNS`) and their SQL types.
EVIDENCE_TYPES: dict[str, Any] = {
    "event_id": _ID,
    "person": _ID,
    "behaviour": sa.String(32),
    "weight": sa.Float,
    "rule": sa.String(64),
    "reason": sa.Text,
    "created_at": _UTC,
    "url": sa.Text,
    "strength": sa.Float,
    "why": sa.Text,
    "rules": sa.Text,
    "team": _ID,
    "item": _ID,
    "kind": sa.String(32),
    "text_class": sa.String(32),
}
#: Footprint columns (:data:`metrics.footprint.FOOTPRINT_COLUMNS`) and their SQL types.
FOOTPRINT_TYPES: dict[str, Any] = {
    "person": _ID,
    "team": _ID,
    "behaviour": sa.String(32),
    "period": sa.String(7),
    "evidence_count": sa.Integer,
    "weight_sum": sa.Float,
}
#: Indexes version 6 replaced by the covering ones declared below (dropped by its migration).
REPLACED_INDEXES: tuple[str, ...] = (
    "ix_evidence_team_period",
    "ix_evidence_period",
    "ix_footprints_team_period",
    "ix_footprints_period",
)
#: Columns stored beside the frame's: what a query filters by, and what the row was computed with.
EVIDENCE_EXTRA: dict[str, Any] = {"period": sa.String(7), "computed_with": sa.String(16)}


def _columns(types: dict[str, Any], nullable: frozenset[str] = frozenset()) -> list[sa.Column[Any]]:
    return [sa.Column(name, kind, nullable=name in nullable) for name, kind in types.items()]


evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("evidence_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    *_columns(
        {**EVIDENCE_TYPES, **EVIDENCE_EXTRA},
        nullable=frozenset({"team", "url", "reason", "why", "rules", "text_class"}),
    ),
    sa.Index("ix_evidence_item", "item"),
    sa.Index("ix_evidence_person_created_at", "person", "created_at"),
    # Version 6: the dashboard's aggregates (acts and items per team and months, for the people a viewer
    # may see) are read from these two covering indexes alone (dashboard/queries.py).
    sa.Index("ix_evidence_team_period_acts", "team", "period", "person", "event_id", "item"),
    sa.Index("ix_evidence_period_acts", "period", "person", "event_id", "item"),
)

footprints = sa.Table(
    "footprints",
    metadata,
    *_columns(FOOTPRINT_TYPES, nullable=frozenset({"team"})),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_footprints_person_period", "person", "period"),
    # Version 6: covering the dashboard's footprint aggregates (dashboard/queries.py).
    sa.Index("ix_footprints_team_period_sums", "team", "period", "person", "behaviour", "evidence_count"),
    sa.Index("ix_footprints_period_sums", "period", "person", "behaviour", "evidence_count"),
)

compute_state = sa.Table(
    "compute_state",
    metadata,
    sa.Column("scope", sa.String(32), primary_key=True),  # "evidence": what the stored tables hold
    sa.Column("computed_with", sa.String(16), nullable=False),  # digest of the two below
    sa.Column("config_digest", sa.String(64), nullable=False),
    sa.Column("rule_versions", sa.Text, nullable=False),  # JSON {rule id | engine | classifier: sha}
    sa.Column("facts", sa.Text, nullable=False),  # JSON: cross-item facts the rows were computed with
    sa.Column("computed_at", _UTC, nullable=False),
    sa.Column("items", sa.Integer, nullable=False),
    sa.Column("evidence_rows", sa.Integer, nullable=False),
)

changed_items = sa.Table(
    "changed_items",
    metadata,
    sa.Column(
        "seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    sa.Column("item", _ID, nullable=False),
)

DERIVED_TABLES: tuple[sa.Table, ...] = (evidence, footprints, compute_state, changed_items)


# -- Team page and Data health (issue 18): acts and the per-item measures --------------------------
# One row per event (``acts``) or per item's measure row (``first_responses``, ``blocked_stays``), so
# an incremental compute deletes the rows of the changed items and inserts their recomputed ones,
# exactly as for evidence. Version 7 creates them (and their indexes) and clears the compute state.

_BOOL = sa.Boolean

#: ``acts`` columns: one row per stored event with its identities resolved under the config
#: (:func:`metrics.stored.team_tables.act_rows`); excluded people's acts are kept (the unmapped
#: identities count them) and every query leaves them out.
ACT_TYPES: dict[str, Any] = {
    "event_id": _ID,
    "item": _ID,
    "period": sa.String(7),
    "created_at": _UTC,
    "source": sa.String(16),
    "kind": sa.String(32),
    "container": _ID,
    "actor": _ID,
    "target": _ID,
    "actor_person": _ID,
    "actor_team": _ID,
    "target_person": _ID,
    "target_team": _ID,
    "owner_team": _ID,
    "is_bot": _BOOL,
    "target_is_bot": _BOOL,
}
#: :data:`metrics.measures.FIRST_RESPONSE_COLUMNS` as :class:`metrics.engine.MeasureFrames` keeps them.
FIRST_RESPONSE_TYPES: dict[str, Any] = {
    "item": _ID,
    "kind": sa.String(32),
    "container": _ID,
    "url": sa.Text,
    "opened_at": _UTC,
    "closed_at": _UTC,
    "closed": _BOOL,
    "draft": _BOOL,
    "author_team": _ID,
    "owner_team": _ID,
    "responded_at": _UTC,
    "waited_hours": sa.Float,
    "responder_team": _ID,
    "response_event_id": _ID,
}
#: :data:`metrics.measures.BLOCKED_STAY_COLUMNS` as :class:`metrics.engine.MeasureFrames` keeps them.
BLOCKED_STAY_TYPES: dict[str, Any] = {
    "item": _ID,
    "container": _ID,
    "url": sa.Text,
    "owner_team": _ID,
    "status": sa.Text,
    "began_at": _UTC,
    "ended_at": _UTC,
    "began_event_id": _ID,
}
_REQUIRED = frozenset(
    {"event_id", "item", "period", "created_at", "source", "kind", "is_bot", "target_is_bot"}
)

_REVIEW_INDEX = ("kind", "period", "is_bot", "actor_team", "target_team", "actor_person", "target_person",
                 "actor", "target_is_bot", "container")  # fmt: skip
_SOURCE_INDEX = ("period", "source", "kind", "actor_team", "target_team", "actor_person", "target_person")

acts = sa.Table(
    "acts",
    metadata,
    *_columns(ACT_TYPES, nullable=frozenset(ACT_TYPES) - _REQUIRED),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_acts_item", "item"),
    # covering the Team page's reviews and cross-team links (kind, months, team; dashboard/team_queries.py)
    sa.Index("ix_acts_kind_period_people", *_REVIEW_INDEX),
    # covering Data health's events per source and kind (months, team)
    sa.Index("ix_acts_period_source_kind", *_SOURCE_INDEX),
    # version 16: the packet's acts of a person in a window, and the reviews of their work
    # (metrics/stored/packet_slice.py); by actor alone, a window of two months at 5,000,000 events read
    # all 22,842 acts of the person (8,414 heap pages) for its 7,990
    sa.Index("ix_acts_actor_created_at", "actor", "created_at"),
    sa.Index("ix_acts_target_kind_created_at", "target", "kind", "created_at"),
)

first_responses = sa.Table(
    "first_responses",
    metadata,
    *_columns(FIRST_RESPONSE_TYPES, nullable=frozenset(FIRST_RESPONSE_TYPES) - {"item", "kind", "opened_at"}),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_first_responses_item", "item"),
    sa.Index("ix_first_responses_responded_at", "responded_at"),
    sa.Index("ix_first_responses_opened_at", "opened_at"),
    sa.Index("ix_first_responses_response_event_id", "response_event_id"),
)

blocked_stays = sa.Table(
    "blocked_stays",
    metadata,
    *_columns(BLOCKED_STAY_TYPES, nullable=frozenset(BLOCKED_STAY_TYPES) - {"item", "began_at"}),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_blocked_stays_item", "item"),
    sa.Index("ix_blocked_stays_began_at", "began_at"),
)

#: The tables of this block, filled item by item with the evidence (:mod:`metrics.stored.team_tables`).
TEAM_TABLES: tuple[sa.Table, ...] = (acts, first_responses, blocked_stays)

#: ``act_counts``: the acts counted per group of every column the Team page's and Data health's
#: aggregates filter, group or pseudonymise by — far fewer rows than acts (people x containers x kinds
#: x months). Rebuilt from ``acts`` by a full compute, changed by delta by an incremental one.
ACT_COUNT_KEYS: tuple[str, ...] = (
    "period", "source", "kind", "is_bot", "target_is_bot", "container", "actor", "target",
    "actor_person", "actor_team", "target_person", "target_team",
)  # fmt: skip

act_counts = sa.Table(
    "act_counts",
    metadata,
    *_columns(
        {name: ACT_TYPES[name] for name in ACT_COUNT_KEYS},
        nullable=frozenset(ACT_COUNT_KEYS) - _REQUIRED,
    ),
    sa.Column("acts", sa.Integer, nullable=False),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_act_counts_period_kind", "period", "kind"),
    # version 9: an incremental compute finds the groups its changed acts fall in (ACT_COUNT_MATCH)
    sa.Index("ix_act_counts_match", "period", "kind", "container", "actor", "target"),
)

#: The key columns that all but single out an ``act_counts`` group (the others mostly follow from them:
#: the source from the kind, the flags, people and teams from the actor and target): what an
#: incremental compute selects the groups its changed acts fall in by, through ``ix_act_counts_match``.
ACT_COUNT_MATCH: tuple[str, ...] = ("period", "kind", "container", "actor", "target")

#: Every table of this block (version 7 creates them).
TEAM_DERIVED_TABLES: tuple[sa.Table, ...] = (*TEAM_TABLES, act_counts)


# -- Overview (issue 18, version 10): evidence per person, item and month ---------------------------
#: ``item_footprints`` columns: the evidence of one person on one item in one month, and the acts
#: (event, person) it was found on. An act has one item, person and month (and the person one team),
#: so acts add up over these rows, and the items of a window are counted here instead of over every
#: evidence row (:func:`dashboard.queries.overview_figures`). Written item by item with the evidence
#: (:mod:`metrics.stored.item_footprints`): an incremental compute replaces the changed items' rows.
ITEM_FOOTPRINT_TYPES: dict[str, Any] = {
    "person": _ID,
    "team": _ID,
    "period": sa.String(7),
    "item": _ID,
    "acts": sa.Integer,
    "evidence_count": sa.Integer,
}

item_footprints = sa.Table(
    "item_footprints",
    metadata,
    *_columns(ITEM_FOOTPRINT_TYPES, nullable=frozenset({"team"})),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_item_footprints_item", "item"),
    # covering the Overview's acts and items per team and months, for the people a viewer may see
    sa.Index("ix_item_footprints_team_period", "team", "period", "person", "item", "acts"),
    sa.Index("ix_item_footprints_period", "period", "person", "item", "acts"),
)


# -- My footprint and the packet (issue 18, version 12): each retrospective's mentions of items -----
#: ``retro_mentions`` columns: one retro event (a note, a point raised, an action) mentioning one item
#: (lower-cased ``owner/repo#N`` or Jira key), the retro's item and time. A mention is read from the
#: retro's own fields only, so it is written item by item with the evidence
#: (:mod:`metrics.stored.retro_mentions`) and a team's recurring problems look up the retros that
#: mention its issues by ``ref`` instead of reading every retro when a page is shown.
RETRO_MENTION_TYPES: dict[str, Any] = {
    "event_id": _ID,
    "item": _ID,
    "ref": _ID,
    "created_at": _UTC,
}

retro_mentions = sa.Table(
    "retro_mentions",
    metadata,
    *_columns(RETRO_MENTION_TYPES),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_retro_mentions_item", "item"),
    sa.Index("ix_retro_mentions_ref_created_at", "ref", "created_at", "event_id"),
)


# -- My footprint and the packet (issue 18, version 13): when each waiting opportunity holds --------
#: ``waiting_spans`` columns (:data:`metrics.opportunities.spans.SPAN_COLUMNS`): a pull request waiting
#: for a first review, a question waiting for an answer or a Jira issue stuck in a blocked status, and
#: the times it holds (``holds_from <= until <= holds_through``; ``holds_through`` missing: it still
#: holds). Each is read from its own item's events, so it is written item by item with the evidence
#: (:mod:`metrics.stored.waiting_spans`) and a page reads a team's waiting work at a window's end by
#: index instead of replaying the team's open items.
WAITING_SPAN_TYPES: dict[str, Any] = {
    "kind": sa.String(32),
    "item": _ID,
    "event_id": _ID,
    "team": _ID,
    "url": sa.Text,
    "since": _UTC,
    "holds_from": _UTC,
    "holds_through": _UTC,
    "named": _ID,
    "other": _ID,
    "author_level": sa.Float,
    "status": sa.Text,
}

waiting_spans = sa.Table(
    "waiting_spans",
    metadata,
    *_columns(
        WAITING_SPAN_TYPES,
        nullable=frozenset({"url", "holds_through", "named", "other", "author_level", "status"}),
    ),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_waiting_spans_item", "item"),
    sa.Index("ix_waiting_spans_team_holds_from", "team", "holds_from"),
    # version 16: the spans holding at a recent end are the few that last until it (or still hold);
    # by start alone, an end near now reads every span the team ever had (31,434 index entries and
    # 5,881 heap pages for 93 rows at 5,000,000 events)
    sa.Index("ix_waiting_spans_team_holds_through", "team", "holds_through"),
)


# -- My footprint and the packet (issue 18, version 14): each feedback act and its kind ---------------
#: ``feedback_acts`` columns (:func:`metrics.opportunities.feedback.feedback_acts`): a review, inline or
#: conversation comment by a configured person on another person's pull request, with the kind of
#: maintainability feedback it gives. Each is read from the act alone, so it is written item by item
#: with the evidence (:mod:`metrics.stored.feedback_acts`) and a page counts a person's window of them
#: by ``ix_feedback_acts_person_created_at`` instead of reading and classifying every comment they wrote.
FEEDBACK_ACT_TYPES: dict[str, Any] = {
    "event_id": _ID,
    "person": _ID,
    "item": _ID,
    "created_at": _UTC,
    "kind": sa.String(32),
    "url": sa.Text,
}

feedback_acts = sa.Table(
    "feedback_acts",
    metadata,
    *_columns(FEEDBACK_ACT_TYPES, nullable=frozenset({"url"})),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_feedback_acts_item", "item"),
    sa.Index("ix_feedback_acts_person_created_at", "person", "created_at", "event_id"),
)


# -- My footprint and the packet (issue 18, version 15): each label of each issue ----------------------
#: ``issue_labels`` columns (:func:`metrics.opportunities.recurring.issue_labels`): one label of one
#: issue or Jira issue opening (stripped; ``position``: its place among the issue's labels), with the
#: team owning the issue's repository or project (missing where no team does). Each is read from the
#: opening alone, so it is written item by item with the evidence (:mod:`metrics.stored.issue_labels`)
#: and a page reads a team's labels of a window by ``ix_issue_labels_team_created_at`` instead of
#: reading and decoding the team's issue openings.
ISSUE_LABEL_TYPES: dict[str, Any] = {
    "event_id": _ID,
    "item": _ID,
    "team": _ID,
    "label": sa.Text,
    "position": sa.Integer,
    "created_at": _UTC,
    "url": sa.Text,
}

issue_labels = sa.Table(
    "issue_labels",
    metadata,
    *_columns(ISSUE_LABEL_TYPES, nullable=frozenset({"team", "url"})),
    sa.Column("computed_with", sa.String(16), nullable=False),
    sa.Index("ix_issue_labels_item", "item"),
    sa.Index("ix_issue_labels_team_created_at", "team", "created_at", "item"),
)
