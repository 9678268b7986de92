"""Schema version 3: snapshot rows carry a checksum; date text holds intervals; aliases are unbounded.

The checksum (see snapshot_checksum) is computed here for the rows already there: they are trusted as
they are, and `tracker verify --deep` checks them against the events. `date_text` grows from 10 to 32
characters (`2025-03-10?/2025-03-16~`) and `party_aliases.alias` becomes TEXT, as the model allows 500
characters and lower-casing can lengthen a name. PostgreSQL enforces declared sizes, so it is altered;
SQLite neither enforces nor changes them (its columns stay as declared, and hold any length).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.store.sql import snapshot_checksum

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if "checksum" not in {c["name"] for c in sa.inspect(bind).get_columns("snapshots")}:
        op.add_column("snapshots", sa.Column("checksum", sa.String(16), nullable=False, server_default=""))
    if bind.dialect.name == "postgresql":
        op.alter_column("party_aliases", "alias", type_=sa.Text, existing_type=sa.String(200), existing_nullable=False)
        op.alter_column("events", "date_text", type_=sa.String(32), existing_type=sa.String(10),
                        existing_nullable=False)
    snapshots = sa.table("snapshots", sa.column("proposal_id"), sa.column("valid_from"), sa.column("rec_from"),
                         sa.column("state"), sa.column("checksum"))
    s = snapshots.c
    update = snapshots.update().where(
        s.proposal_id == sa.bindparam("p"), s.valid_from == sa.bindparam("v"), s.rec_from == sa.bindparam("r")
    ).values(checksum=sa.bindparam("c"))
    for (proposal,) in bind.execute(sa.select(s.proposal_id).distinct()).all():
        rows = bind.execute(sa.select(s.valid_from, s.rec_from, s.state).where(s.proposal_id == proposal)).all()
        bind.execute(update, [{"p": proposal, "v": v, "r": r, "c": snapshot_checksum(proposal, v, r, st)}
                              for v, r, st in rows])
    op.execute(sa.text("UPDATE tracker_meta SET value = '3' WHERE key = 'schema_version'"))


def downgrade() -> None:
    raise NotImplementedError("the store's migrations go forward only: restore a backup to go back")
