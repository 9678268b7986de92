"""What differs between the two databases, behind one interface.

The shared recorder (`store/sql.py`: tables, sessions, the hash chain, verification) is written once in
SQLAlchemy Core; whatever only one database has (SQLite's file checks, WAL and `BEGIN IMMEDIATE`;
PostgreSQL's advisory lock, triggers in PL/pgSQL, LISTEN/NOTIFY, owner roles) lives in `store/sqlite.py`
or `store/postgres.py`, and the recorder asks its backend for it. Only the backend the URL names is
imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from tracker.store.base import ChangeFeed


class Backend(Protocol):
    name: str
    # Every table and view of the current schema, as (name,) rows: a database holding other tables is foreign.
    tables_sql: str
    # Append-only protection of the events table, created with the store.
    triggers: tuple[str, ...]

    def check_location(self, where: str, create: bool) -> bool:
        """Refuse a location the database would silently turn into something else; True if read-only."""

    def make_engine(self, url: str, read_only: bool) -> Engine: ...

    def prepare_new(self, engine: Engine) -> None:
        """What a new store needs before its tables are created, outside any transaction."""

    def lock(self, conn: Connection) -> None:
        """Serialize this writing transaction with every other writer of the store."""

    def lock_held(self, engine: Engine) -> bool:
        """Whether another session holds the store's write lock now (tried without waiting, let go at once)."""

    def reading(self, conn: Connection) -> Connection:
        """A reading transaction that sees one state of the store throughout."""

    def database_user(self, conn: Connection) -> str | None:
        """The user the database knows this session as (None where it knows none)."""

    def as_owner(self, conn: Connection) -> None:
        """Act as the schema's owners for a migration, when this user is one of them."""

    # Whether many lookups can go as one statement over arrays (unnest ... CROSS JOIN LATERAL); else a UNION.
    arrays: bool
    # Whether statements travel to a server: then several are worth sending together (see pipeline).
    remote: bool
    # A statement (one `?`: the new head) that tells other sessions, at commit, that the log grew; None
    # where they find out otherwise (SQLite's data_version).
    notify_sql: str | None

    def pipeline(self, conn: Connection) -> AbstractContextManager[object]:
        """Statements run in the block are sent together and answered in one round trip where the
        database can (PostgreSQL's pipeline mode); errors surface at the end of the block."""

    def trigger_problem(self, conn: Connection) -> str | None:
        """The missing, disabled or changed append-only triggers, by name (None if all are there)."""

    def copy_rows(self, conn: Connection, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> bool:
        """Write many rows as one stream where the database has one (True); False: the caller inserts them."""

    def change_feed(self, engine: Engine) -> ChangeFeed: ...

    def file_problem(self, engine: Engine, whole: bool) -> str | None:
        """The database's own check of its pages, where it has a cheap one (None if it passes)."""

    def checkpoint(self, engine: Engine) -> None:
        """Make the store one self-contained file (before it is copied or moved), where that applies."""


def backend_for(url: str) -> Backend:
    if url.startswith("sqlite"):
        from tracker.store.sqlite import SqliteBackend

        return SqliteBackend(url)
    from tracker.store.postgres import PostgresBackend

    return PostgresBackend(url)
