"""Alembic's environment for the store: the revisions run on the connection the store passes in
(`config.attributes["connection"]`), inside the transaction it holds under its write lock; never on a
connection of their own, never as an SQL script."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("the store's migrations run through the tracker (tracker upgrade), on its connection")
# On PostgreSQL the revision table is the store's own schema's, named in full: Alembic would otherwise take
# the first `alembic_version` on the search path, which may belong to another application.
schema = connection.exec_driver_sql("SELECT current_schema()").scalar() if connection.dialect.name == "postgresql" else None
context.configure(connection=connection, target_metadata=None, version_table_schema=schema)
with context.begin_transaction():
    context.run_migrations()
