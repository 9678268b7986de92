"""PostgreSQL: wait for appends with LISTEN, on a connection of its own (psycopg 3)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tracker.store.sql import NOTIFY_CHANNEL, ChangeFeed


class NotifyFeed(ChangeFeed):
    """Every append commits a NOTIFY naming its schema; only this store's schema wakes the feed."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        self._raw = engine.raw_connection()
        self._conn: psycopg.Connection = self._raw.driver_connection  # type: ignore[assignment]
        self._conn.rollback()
        self._conn.autocommit = True  # LISTEN takes effect at once, and notifications arrive between queries
        self.schema = self._conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout: float) -> bool:
        for note in self._conn.notifies(timeout=timeout, stop_after=1):
            if note.payload.split(" ", 1)[0] == self.schema:
                return True
        return False

    def close(self) -> None:
        try:
            self._conn.execute(f"UNLISTEN {NOTIFY_CHANNEL}")
            self._conn.autocommit = False
        finally:
            self._raw.close()
