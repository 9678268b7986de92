"""Schema version 1: the log, the registries, the snapshots, append-only triggers.

As the first release created it (its PostgreSQL function as worded from the second commit on). It runs
only when migrating an empty database from the start (new stores are created at the head and stamped),
and the tests compare what it makes with that release's tables.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION tracker_events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = 'events are append-only: ' || TG_OP || ' refused'; END;
       $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS events_no_change ON events",
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION tracker_events_append_only()",
    "DROP TRIGGER IF EXISTS events_no_truncate ON events",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION tracker_events_append_only()",
]


def upgrade() -> None:
    meta = op.create_table("tracker_meta", sa.Column("key", sa.String(64), primary_key=True),
                           sa.Column("value", sa.Text))
    op.create_table(
        "parties",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
    )
    op.create_table(
        "party_aliases",
        sa.Column("alias", sa.String(200), primary_key=True),
        sa.Column("party_id", sa.String(32), nullable=False),
    )
    op.create_table("sources", sa.Column("id", sa.String(128), primary_key=True),
                    sa.Column("body", sa.Text, nullable=False))
    op.create_table(
        "events",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(128), nullable=False, unique=True),
        sa.Column("stream_id", sa.String(128), nullable=False),
        sa.Column("stream_version", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date_text", sa.String(10), nullable=False),
        sa.Column("date_start", sa.Integer, nullable=False),
        sa.Column("date_end", sa.Integer, nullable=False),
        sa.Column("effective", sa.Integer, nullable=False),
        sa.Column("party", sa.String(32)),
        sa.Column("retracts", sa.String(128)),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
    )
    op.create_index("ix_events_stream_fold", "events", ["stream_id", "effective", "position"])
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    op.create_index("ix_events_retracts", "events", ["retracts"])
    op.create_index("ix_events_type_stream", "events", ["type", "stream_id", "effective"])
    op.create_table(
        "streams",
        sa.Column("stream_id", sa.String(128), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("proposed_start", sa.Integer),
    )
    op.create_table(
        "snapshots",
        sa.Column("proposal_id", sa.String(128), nullable=False),
        sa.Column("valid_from", sa.Integer, nullable=False),
        sa.Column("rec_from", sa.BigInteger, nullable=False),
        sa.Column("rec_to", sa.BigInteger, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
    )
    op.create_index("ix_snapshots_current", "snapshots", ["proposal_id", "rec_to", "valid_from"])
    op.create_index("ix_snapshots_history", "snapshots", ["proposal_id", "valid_from", "rec_from"])
    bind = op.get_bind()
    for statement in SQLITE_TRIGGERS if bind.dialect.name == "sqlite" else POSTGRES_TRIGGERS:
        bind.exec_driver_sql(statement)
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    raise NotImplementedError("the store's migrations go forward only: restore a backup to go back")
