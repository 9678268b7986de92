"""Schema version 2: indexes for known-on, event days and a proposal's retractions.

`(recorded_at, position)` answers "the last position known at an instant" with one seek and replaces the
index on `recorded_at` alone; `(effective, position)` steps from one event day to the next; the partial
index finds a proposal's retractions without reading its stream. A store of a later first release
already has some of them: only the missing ones are created.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_recorded_at", table_name="events", if_exists=True)
    op.create_index("ix_events_recorded_position", "events", ["recorded_at", "position"], if_not_exists=True)
    op.create_index("ix_events_effective", "events", ["effective", "position"], if_not_exists=True)
    op.create_index("ix_events_stream_retractions", "events", ["stream_id", "position"], if_not_exists=True,
                    sqlite_where=sa.text("retracts IS NOT NULL"), postgresql_where=sa.text("retracts IS NOT NULL"))
    op.execute(sa.text("UPDATE tracker_meta SET value = '2' WHERE key = 'schema_version'"))


def downgrade() -> None:
    raise NotImplementedError("the store's migrations go forward only: restore a backup to go back")
