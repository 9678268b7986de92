"""Schema version 4: each event records who appended it.

The rows already there keep NULL (shown as "not recorded") and their hashes, which never covered it. On
PostgreSQL the database vouches for the name: a trigger refuses a row whose `recorded_by` is not the
session's database user, alone or after an analyst's name ("alice via tracker_analyst").

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RECORDED_BY_TRIGGER = [
    """CREATE OR REPLACE FUNCTION tracker_events_recorded_by() RETURNS trigger AS $$
       BEGIN
         IF NEW.recorded_by IS NULL OR (NEW.recorded_by <> current_user::text
             AND right(NEW.recorded_by, length(' via ' || current_user::text)) <> ' via ' || current_user::text) THEN
           RAISE EXCEPTION USING MESSAGE = 'recorded_by must name the database user ' || current_user::text
             || ', not ' || coalesce(NEW.recorded_by, 'nobody');
         END IF;
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS events_recorded_by ON events",
    "CREATE TRIGGER events_recorded_by BEFORE INSERT ON events "
    "FOR EACH ROW EXECUTE FUNCTION tracker_events_recorded_by()",
]


def upgrade() -> None:
    bind = op.get_bind()
    if "recorded_by" not in {c["name"] for c in sa.inspect(bind).get_columns("events")}:
        op.add_column("events", sa.Column("recorded_by", sa.String(128)))
    if bind.dialect.name == "postgresql":
        for statement in RECORDED_BY_TRIGGER:
            bind.exec_driver_sql(statement)
    op.execute(sa.text("UPDATE tracker_meta SET value = '4' WHERE key = 'schema_version'"))


def downgrade() -> None:
    raise NotImplementedError("the store's migrations go forward only: restore a backup to go back")
