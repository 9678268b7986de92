"""The store's interface, for the application layer: what it may name, whatever the database.

`open_store` picks the database from the URL; the recorder shared by both (`store/sql.py`) asks its
backend (`store/sqlite.py`, `store/postgres.py`) for what only one database has. The application names
`Store`, `Session` and the errors from here, never a backend's module. SQLAlchemy is imported only when
one of these is first used: commands that never open a store (`--help`, `template`) do not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from tracker.store.base import OPEN, ChangeFeed, NewEvent, SnapshotRow, StoredEvent, VerifyProblem

if TYPE_CHECKING:
    from tracker.store.errors import StoreError, StoreFailure, describe_failure
    from tracker.store.sql import SCHEMA_VERSION, parse_instant, utc_now
    from tracker.store.sql import SqlSession as Session
    from tracker.store.sql import SqlStore as Store

_LAZY = {
    "StoreError": ("tracker.store.errors", "StoreError"),
    "StoreFailure": ("tracker.store.errors", "StoreFailure"),
    "describe_failure": ("tracker.store.errors", "describe_failure"),
    "SCHEMA_VERSION": ("tracker.store.sql", "SCHEMA_VERSION"),
    "parse_instant": ("tracker.store.sql", "parse_instant"),
    "utc_now": ("tracker.store.sql", "utc_now"),
    "Session": ("tracker.store.sql", "SqlSession"),
    "Store": ("tracker.store.sql", "SqlStore"),
}


def open_store(url: str, clock: Callable[[], datetime] | None = None, create: bool = True) -> Store:
    """The store at `url` (SQLite or PostgreSQL); `create` lets it create or upgrade one (writers only)."""
    from tracker.store.sql import SqlStore, utc_now

    return SqlStore(url, clock or utc_now, create)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'tracker.store' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


__all__ = ["OPEN", "SCHEMA_VERSION", "ChangeFeed", "NewEvent", "Session", "SnapshotRow", "Store", "StoreError",
           "StoreFailure", "StoredEvent", "VerifyProblem", "describe_failure", "open_store", "parse_instant",
           "utc_now"]
