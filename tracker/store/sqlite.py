"""SQLite, the default: one file, WAL so that readers never wait, `BEGIN IMMEDIATE` for writers."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from tracker.config import sqlite_path
from tracker.store.base import ChangeFeed
from tracker.store.errors import StoreError, describe_failure

# A writer runs SQLite's quick_check first on files up to this size (about 0.6 s at the limit here);
# on larger files `tracker verify` is the check (see file_problem).
QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024

TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END",
)


class SqliteBackend:
    name = "sqlite"
    tables_sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
    triggers = TRIGGERS
    arrays = False  # no LATERAL: many lookups go as a UNION of small selects
    remote = False  # in-process: a statement costs no round trip

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._file_checked = False

    def check_location(self, where: str, create: bool) -> bool:
        """Refuse, before SQLite sees it, a path it would turn into a new file or fail on; True if read-only."""
        path = self.path
        if path is None:  # in memory
            return False
        if path.is_dir():
            raise StoreError(f"{where} is a folder, not a store file: pass the path of a .db file")
        if not path.exists():
            if not create:
                raise StoreError(f"no store at {path}; create it with `tracker init`")
            if not path.parent.is_dir():
                raise StoreError(f"cannot create a store at {path}: the folder {path.parent} does not exist")
            if not os.access(path.parent, os.W_OK | os.X_OK):
                raise StoreError(f"cannot create a store at {path}: no permission to write in {path.parent}")
            return False
        if not os.access(path, os.R_OK):
            raise StoreError(f"cannot read the store at {path}: permission denied")
        # WAL needs to write beside the file even to read: a file or folder we cannot write is opened read-only.
        return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK)

    def make_engine(self, url: str, read_only: bool) -> Engine:
        # Pooled connections keep SQLite's page cache between queries: with a fresh connection per
        # read, a status of every proposal spent as long re-reading pages as answering.
        if read_only and self.path is not None:  # no write permission: open it read-only instead of failing
            target = f"file:{quote(str(self.path))}?mode=ro"
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(target, uri=True,
                                                                                check_same_thread=False))
        else:
            engine = create_engine(url)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA busy_timeout = 60000")
            # WAL is set once, when the store is created (it stays with the file): setting it here would
            # rewrite the header of a database that turns out not to be a tracker store.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # 64 MiB of page cache (the default is 2 MiB): an archive's indexes are hundreds of MB, and
            # with the small cache every append re-read the index pages its inserts land on.
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock at once, so two appends never interleave. Sent on the driver's
            # connection: through SQLAlchemy's execution, the BEGIN cost a small append a tenth of its time.
            sql = "BEGIN IMMEDIATE" if conn.get_execution_options().get("tracker_write", False) else "BEGIN"
            try:
                conn.connection.driver_connection.execute(sql)  # type: ignore[union-attr]
            except sqlite3.Error as exc:
                raise DBAPIError.instance(sql, None, exc, sqlite3.Error, dialect=conn.dialect) from exc

        return engine

    def prepare_new(self, engine: Engine) -> None:
        # Outside any transaction (SQLite ignores it inside one); it stays with the file from now on.
        _pragma(engine, "PRAGMA journal_mode = WAL")

    def lock(self, conn: Connection) -> None:
        pass  # BEGIN IMMEDIATE took it (see make_engine)

    def lock_held(self, engine: Engine) -> bool:
        conn = sqlite3.connect(str(self.path), timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()

    def reading(self, conn: Connection) -> Connection:
        return conn  # a WAL read transaction sees one state of the file

    def database_user(self, conn: Connection) -> str | None:
        return None

    def as_owner(self, conn: Connection) -> None:
        pass  # the file's permissions decide (see "Running it for a team" in the README)

    notify_sql = None  # other connections see `PRAGMA data_version` change (DataVersionFeed)

    def pipeline(self, conn: Connection) -> AbstractContextManager[object]:
        return nullcontext()  # in-process: no round trips to save

    def trigger_problem(self, conn: Connection) -> str | None:
        found = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all())
        wanted = {"events_no_update": "UPDATE", "events_no_delete": "DELETE"}
        bad = [n for n, op in wanted.items() if f"BEFORE {op} ON events" not in (found.get(n) or "")
               or "RAISE(ABORT" not in (found.get(n) or "")]
        return ", ".join(bad) or None

    def copy_rows(self, conn: Connection, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> bool:
        return False  # executemany is SQLite's fastest path already

    def change_feed(self, engine: Engine) -> ChangeFeed:
        return DataVersionFeed(engine)

    def file_problem(self, engine: Engine, whole: bool) -> str | None:
        """SQLite's own check of the file's pages and indexes (`PRAGMA quick_check`).

        It reads the whole file (55 ms for 12 MB, 10^4 events), so a writer runs it only on a file up to
        QUICK_CHECK_MAX_BYTES, once per opened store; `verify` (`whole`) always runs it.
        """
        if self._file_checked and not whole:
            return None
        path = engine.url.database
        if not whole and (not path or not os.path.exists(path) or os.path.getsize(path) > QUICK_CHECK_MAX_BYTES):
            return None
        try:
            with engine.connect() as conn:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(3)")]
        except DBAPIError as exc:
            return describe_failure(exc)
        if rows != ["ok"]:
            return f"the store file is damaged (SQLite's integrity check: {'; '.join(map(str, rows))})"
        self._file_checked = True
        return None

    def checkpoint(self, engine: Engine) -> None:
        """Move the write-ahead log into the main file."""
        _pragma(engine, "PRAGMA wal_checkpoint(TRUNCATE)")


def _pragma(engine: Engine, pragma: str) -> None:
    """A pragma on a pooled connection of its own, outside any transaction of SQLAlchemy's."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(pragma)  # type: ignore[union-attr]
    finally:
        raw.close()


class DataVersionFeed(ChangeFeed):
    """`PRAGMA data_version` on a connection of its own changes when another connection commits.

    One pragma every `interval` seconds on an open connection costs microseconds (it reads no page), so
    the check stays cheap even at 20 a second.
    """

    def __init__(self, engine: Engine, interval: float = 0.05) -> None:
        self.interval = interval
        self._raw = engine.raw_connection()
        self._version = self._read()

    def _read(self) -> int:
        return int(self._raw.driver_connection.execute("PRAGMA data_version").fetchone()[0])  # type: ignore[union-attr]

    def wait(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while True:
            version = self._read()
            if version != self._version:
                self._version = version
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self.interval, left))

    def close(self) -> None:
        self._raw.close()
