"""PostgreSQL, for a team: an advisory lock per schema for writers, REPEATABLE READ for readers, triggers
that keep the events append-only and vouch for who recorded them, NOTIFY at each append."""

from __future__ import annotations

import time
from importlib.util import find_spec
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError

from tracker.store.base import ChangeFeed
from tracker.store.errors import StoreError

NOTIFY_CHANNEL = "tracker_appended"  # the payload is "<schema> <head position>"
# A pooled connection idle longer than this is pinged before use (see make_engine).
IDLE_PING_SECONDS = 2.0
# The advisory lock that serializes appends: one per schema (a constant and the schema's name), so that
# stores kept in different schemas of one database do not wait for each other.
LOCK_KEY = 0x7472_6163
LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))"  # psycopg's parameter style

# The database vouches for who appends: a row must name the session's database user, alone or after an
# analyst's name ("alice via tracker_analyst"). Raw SQL cannot record an event under another user.
RECORDED_BY_TRIGGER = (
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
)
TRIGGERS = (
    """CREATE OR REPLACE FUNCTION tracker_events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = 'events are append-only: ' || TG_OP || ' refused'; END;
       $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS events_no_change ON events",
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION tracker_events_append_only()",
    "DROP TRIGGER IF EXISTS events_no_truncate ON events",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION tracker_events_append_only()",
    *RECORDED_BY_TRIGGER,
)


class PostgresBackend:
    name = "postgresql"
    tables_sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                  "UNION SELECT viewname FROM pg_views WHERE schemaname = current_schema()")
    triggers = TRIGGERS
    arrays = True  # many lookups as one statement over unnest()ed arrays
    remote = True

    def __init__(self, url: str) -> None:
        self.url = url

    def check_location(self, where: str, create: bool) -> bool:
        return False  # the server answers for its databases (a missing one is a connection error)

    def make_engine(self, url: str, read_only: bool) -> Engine:
        if find_spec("psycopg") is None:  # the driver comes with the `postgres` extra, not with the tracker itself
            raise StoreError("a PostgreSQL store needs the psycopg driver: install it with "
                             "pip install 'tracker[postgres]' (or pip install 'psycopg[binary]')")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        # No server-side prepared statements: a plan cached before the first ANALYZE of a young table
        # (a sequential scan for `event_id IN (...)`) would be kept for the connection's life.
        engine = create_engine(url, connect_args={"prepare_threshold": None})

        # A pooled connection idle for a while is pinged before use (the server may have restarted or cut it;
        # a dead one is replaced without the caller seeing an error). One in use a moment ago is not: a ping
        # is a round trip, and a burst of small appends paid one per transaction.
        @event.listens_for(engine, "checkout")
        def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
            if time.monotonic() - record.info.get("tracker_used", 0.0) < IDLE_PING_SECONDS:
                return
            try:
                engine.dialect.do_ping(dbapi_conn)
            except Exception as exc:
                if engine.dialect.is_disconnect(exc, dbapi_conn, None):
                    raise DisconnectionError(str(exc)) from exc  # the pool connects afresh and tries again
                raise

        @event.listens_for(engine, "checkin")
        def _used(_dbapi_conn: Any, record: Any) -> None:
            record.info["tracker_used"] = time.monotonic()

        return engine

    def prepare_new(self, engine: Engine) -> None:
        pass

    def lock(self, conn: Connection) -> None:
        # In a pipeline, psycopg's BEGIN and the lock go in one round trip instead of one each.
        driver = conn.connection.driver_connection
        try:
            with driver.pipeline(), driver.cursor() as cursor:  # type: ignore[union-attr]
                cursor.execute(LOCK_SQL, (LOCK_KEY,))
        except conn.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(LOCK_SQL, None, exc, conn.dialect.loaded_dbapi.Error,
                                      dialect=conn.dialect) from exc

    def lock_held(self, engine: Engine) -> bool:
        # The store's own lock (its key and schema), not any advisory lock: other stores' appends hold theirs.
        with engine.connect() as conn:  # the transaction, and the lock if it was taken, end with the block
            return not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k, hashtext(current_schema()))"),
                                    {"k": LOCK_KEY}).scalar()

    def reading(self, conn: Connection) -> Connection:
        return conn.execution_options(isolation_level="REPEATABLE READ")

    def database_user(self, conn: Connection) -> str | None:
        return str(conn.exec_driver_sql("SELECT current_user").scalar_one())

    def as_owner(self, conn: Connection) -> None:
        # What a migration creates must belong to the owners, not to the person who happened to run it.
        from tracker.store.postgres_roles import owner_of_schema

        owner = owner_of_schema(conn)
        if owner is not None:
            conn.exec_driver_sql(f'SET LOCAL ROLE "{owner}"')

    # Delivered at commit only (and never for a rolled-back append): dashboards LISTENing on this schema
    # learn of the new head at once instead of polling for it.
    notify_sql = f"SELECT pg_notify('{NOTIFY_CHANNEL}', current_schema() || ' ' || CAST(? AS text))"

    def pipeline(self, conn: Connection) -> AbstractContextManager[object]:
        # A small append's writes (events, streams, snapshots, the notice) in one round trip, not one each.
        return conn.connection.driver_connection.pipeline()  # type: ignore[union-attr]

    def trigger_problem(self, conn: Connection) -> str | None:
        rows = conn.exec_driver_sql(
            "SELECT t.tgname, t.tgenabled, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = to_regclass('events') AND NOT t.tgisinternal").all()
        working = {name for name, enabled, body in rows if enabled in ("O", "A") and "RAISE EXCEPTION" in body}
        bad = [n for n in ("events_no_change", "events_no_truncate") if n not in working]
        return ", ".join(bad) or None

    def copy_rows(self, conn: Connection, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> bool:
        # COPY: one stream instead of a statement per row (a batch's events, a rebuild's snapshots).
        with conn.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return True

    def change_feed(self, engine: Engine) -> ChangeFeed:
        return NotifyFeed(engine)

    def file_problem(self, engine: Engine, whole: bool) -> str | None:
        return None  # PostgreSQL checks its own pages (checksums, when the cluster has them)

    def checkpoint(self, engine: Engine) -> None:
        pass


class NotifyFeed(ChangeFeed):
    """LISTEN on a connection of its own (psycopg 3): every append commits a NOTIFY naming its schema;
    only this store's schema wakes the feed."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        self._raw = engine.raw_connection()
        self._conn: psycopg.Connection = self._raw.driver_connection  # type: ignore[assignment]
        self._conn.rollback()
        self._conn.autocommit = True  # LISTEN takes effect at once, and notifications arrive between queries
        self.schema = self._conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout: float) -> bool:
        # The channel is the database's: other schemas' stores notify on it too, and one of their
        # notifications must not end the wait before this store's own or the timeout.
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            for note in self._conn.notifies(timeout=left, stop_after=1):
                if note.payload.split(" ", 1)[0] == self.schema:
                    return True
        return False

    def close(self) -> None:
        try:
            self._conn.execute(f"UNLISTEN {NOTIFY_CHANNEL}")
            self._conn.autocommit = False
        finally:
            self._raw.close()
