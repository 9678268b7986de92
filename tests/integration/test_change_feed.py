"""The store's change feed: another session's commit wakes it (NOTIFY on PostgreSQL, data_version on SQLite)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from journal_kit import FIXTURES
from sqlalchemy import text

from tracker.application.bootstrap import open_tracker
from tracker.store.postgres import NOTIFY_CHANNEL


def test_a_colleagues_append_wakes_the_feed_and_nothing_else_does(store_url: str, tmp_path: Path) -> None:
    mine, colleague = open_tracker(store_url), open_tracker(store_url)
    try:
        feed = mine.queries.change_feed()
        try:
            assert not feed.wait(0.2)  # nothing happened
            mine.queries.head()  # reading changes nothing
            assert not feed.wait(0.2)
            colleague.services.append_one(FIXTURES / "registry.yaml")
            colleague.services.append_one(FIXTURES / "truce.yaml")
            assert feed.wait(30.0)
        finally:
            feed.close()
    finally:
        mine.close()
        colleague.close()


def test_on_postgresql_a_rolled_back_append_or_another_schema_does_not_wake_it(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        return  # SQLite has no notifications: data_version changes only on a commit
    mine = open_tracker(store_url)
    try:
        feed = mine.queries.change_feed()
        try:
            engine = mine.services.store.raw()
            with engine.connect() as conn:  # a notification for a store in another schema
                conn.execute(text("SELECT pg_notify(:c, 'some_other_schema 7')"), {"c": NOTIFY_CHANNEL})
                conn.commit()
                conn.execute(text("SELECT pg_notify(:c, current_schema() || ' 7')"), {"c": NOTIFY_CHANNEL})
                conn.rollback()  # never delivered
            assert not feed.wait(0.5)
            woke: list[Any] = []
            thread = threading.Thread(target=lambda: woke.append(feed.wait(30.0)))
            thread.start()
            with engine.connect() as conn:  # another store's append during the wait must not end it
                conn.execute(text("SELECT pg_notify(:c, 'some_other_schema 8')"), {"c": NOTIFY_CHANNEL})
                conn.commit()
            mine.services.append_one(FIXTURES / "registry.yaml")
            mine.services.append_one(FIXTURES / "truce.yaml")
            thread.join()
            assert woke == [True]
        finally:
            feed.close()
    finally:
        mine.close()
