"""The store's schema migrations, run by Alembic on the connection the store already holds.

Why Alembic: each schema change is a reviewable revision script (`versions/0001…`), the same on SQLite
and PostgreSQL, and the database records which revisions it has (`alembic_version`), instead of a
hand-kept number and a function that grew a branch per version.

Driven from code, with no `alembic.ini`: the script location is this package, and `env.py` runs the
revisions on the connection passed in, inside the store's transaction and under its write lock, so that
an upgrade is all or nothing and no other writer sees it half done. Revision ids are the schema version
in four digits (tracker/store/versions.py reads them without importing Alembic). A new schema change is
a new file in `versions/` with the next number as `revision` and the last one as `down_revision`, and
SCHEMA_VERSION raised to it (tests/integration/test_migrations.py checks that both agree).

New stores are created at the head from the tables in tracker/store/sql.py and stamped with it; a store
from an earlier release (no `alembic_version`) is stamped with the revision its `tracker_meta` version
names, then upgraded. The same tests check that an upgraded store of every earlier version has the schema
of a new one, on both databases.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from tracker.store.errors import StoreError
from tracker.store.versions import HEAD, SCHEMA_VERSION, Found, revision

SCRIPTS = Path(__file__).resolve().parent


def config_for(conn: Connection) -> Config:
    """Alembic's configuration, in code: this package's scripts, run on `conn` (see env.py)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = conn
    return config


def stamp_new(conn: Connection) -> None:
    """A store just created at the head schema records that it is there."""
    command.stamp(config_for(conn), HEAD)


def upgrade(conn: Connection, found: Found) -> None:
    """Bring a store to the head revision; a store from before Alembic is first stamped with its version's."""
    assert found.version is not None
    config = config_for(conn)
    if not found.stamped:
        command.stamp(config, revision(found.version))
    command.upgrade(config, HEAD)


def upgrade_or_explain(conn: Connection, found: Found, where: str) -> None:
    """Upgrade (the caller has taken the owners' role where the database has one: the backend's `as_owner`);
    a user who may not alter the store is told who can, in one line."""
    try:
        with conn.begin_nested():
            upgrade(conn, found)
    except DBAPIError as exc:
        message = str(exc.orig).lower()
        if "permission denied" in message or "must be owner" in message:
            raise StoreError(f"the store at {where} has schema version {found.version} and this tracker needs "
                             f"{SCHEMA_VERSION}; your database user may not alter it: ask an owner of the store "
                             "to run `tracker upgrade`") from None
        raise
