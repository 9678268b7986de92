"""Which schema a database holds: nothing, a tracker store at some version, or something else.

Read on every open with two plain queries, without SQLAlchemy's inspector or Alembic: the read commands
import neither (tests/integration/test_cli_startup.py). The migrations themselves (tracker/store/migrations)
are loaded only when a store is created or upgraded.

The schema version is Alembic's revision: revision "0004" is schema version 4. A store created or upgraded
since the migrations moved to Alembic has the `alembic_version` table; a store from an earlier release has
only `tracker_meta`'s `schema_version`, and the first migration run on it stamps the revision its number
names. Every revision also writes its number to `tracker_meta`, which is what earlier releases read:
they go on refusing a store newer than themselves instead of writing into a schema they do not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.store.errors import StoreError
from tracker.text import inert

if TYPE_CHECKING:
    from sqlalchemy import Connection

SCHEMA_VERSION = 4
VERSION_TABLE = "alembic_version"  # Alembic's own table, kept beside the store's
META_TABLE = "tracker_meta"


def revision(version: int) -> str:
    """The Alembic revision of a schema version: its number in four digits."""
    return f"{version:04d}"


HEAD = revision(SCHEMA_VERSION)


@dataclass(frozen=True)
class Found:
    """What a database holds: "empty", or a "store" at `version`, `stamped` if it has an Alembic revision."""

    kind: str
    version: int | None = None
    stamped: bool = False

    @property
    def current(self) -> bool:
        return self.kind == "store" and self.version == SCHEMA_VERSION


def inspect_database(conn: Connection, where: str, tables_sql: str) -> Found:
    """The store's state; a foreign database, or a version no tracker wrote or this one cannot read, is refused.

    `tables_sql` lists the tables and views the database holds (the backend's `tables_sql`)."""
    tables = sorted(name for (name,) in conn.exec_driver_sql(tables_sql))
    if not tables:
        return Found("empty")
    if META_TABLE not in tables:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise StoreError(f"{where} is not a tracker store (it holds {inert(shown)}); the tracker leaves it "
                         "untouched: pass --db with a new file or an empty database")
    revisions = []
    if VERSION_TABLE in tables:
        revisions = [r for (r,) in conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")]
    if revisions:
        raw: object = ", ".join(map(str, revisions))
        version = int(revisions[0]) if len(revisions) == 1 and revisions[0].isdigit() else -1
    else:
        raw = conn.exec_driver_sql(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").scalar()
        try:
            version = int(str(raw).strip())
        except ValueError:
            version = -1
    if version < 1:
        raise StoreError(f"the store at {where} has schema version '{inert(raw)}', which no tracker wrote: "
                         "the file is damaged or not a tracker store")
    if version > SCHEMA_VERSION:
        raise StoreError(f"the store at {where} has schema version {version}, newer than this tracker's "
                         f"{SCHEMA_VERSION}: upgrade the tracker to read it")
    return Found("store", version, stamped=bool(revisions))
