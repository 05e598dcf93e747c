"""Tables of the store. The ``events`` table is DESIGN §5; the others serve collection and the dashboard."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

meta = sa.Table(
    "footprint_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(255), primary_key=True),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(255)),
    sa.Column("target", sa.String(255)),
    sa.Column("container", sa.String(255), nullable=False),
    sa.Column("item", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("text", sa.Text),
    # canonical JSON text (sorted keys), so the same payload always gives the same bytes on every backend
    sa.Column("attrs", sa.Text, nullable=False, server_default="{}"),
    sa.Index("ix_events_created_at", "created_at"),
    sa.Index("ix_events_kind_created_at", "kind", "created_at"),
    sa.Index("ix_events_item", "item"),
    # Version 11: Data health's events per source and their first and last times (Store.sources), read
    # from this index alone instead of every row of the table.
    sa.Index("ix_events_source_created_at", "source", "created_at"),
)

sync_state = sa.Table(
    "sync_state",
    metadata,
    sa.Column("source", sa.String(16), primary_key=True),
    sa.Column("scope", sa.String(255), primary_key=True),  # a repo, an org or a Jira project
    sa.Column("state", sa.Text, nullable=False),  # JSON: watermark, cursor, ...
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

sync_runs = sa.Table(
    "sync_runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),  # running | ok | partial | failed
    sa.Column("events_written", sa.Integer, nullable=False, server_default="0"),
    sa.Column("requests", sa.Integer, nullable=False, server_default="0"),
)

sync_problems = sa.Table(
    "sync_problems",
    metadata,
    sa.Column("problem_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("sync_runs.run_id", ondelete="CASCADE"), nullable=False),
    sa.Column("scope", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # rate_limit | not_found | http_error | malformed | ...
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("viewer", sa.String(255), nullable=False),  # person id of who looked
    sa.Column("subject", sa.String(255), nullable=False),  # person id whose individual data was shown
    sa.Column("page", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_audit_subject_at", "subject", "at"),
)

# Derived by metrics, never by collectors: the text class of each classified event's text, so a
# compute classifies only texts it has not seen (or whose text or classifier changed). Disposable:
# deleting rows only costs a re-classification.
#: ``text_classes.text_sha1`` of a text classified as it was written and then redacted (``redact_text``):
#: the class is kept, the text and its digest are not.
REDACTED_TEXT = "redacted"

text_classes = sa.Table(
    "text_classes",
    metadata,
    sa.Column("event_id", sa.String(255), primary_key=True),
    sa.Column("text_sha1", sa.String(40), nullable=False),  # of the exact text classified
    sa.Column("classifier_version", sa.String(40), nullable=False),
    sa.Column("label", sa.String(32), nullable=False),
    sa.Column("cues", sa.String(255), nullable=False),  # cue names, comma-separated, sorted
    sa.Column("reason", sa.Text, nullable=False),
)
