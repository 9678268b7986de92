"""Where the store is: --db, else TRACKER_DB, else a SQLite file in the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tracker"


def default_path() -> Path:
    return data_dir() / "tracker.db"


def to_url(value: str) -> str:
    """A database URL, or a plain file path taken as a SQLite file."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def resolve(db: str | None) -> tuple[str, bool]:
    """The store's URL, and whether it is the default store (which starts with the bundled dataset)."""
    chosen = db or os.environ.get("TRACKER_DB")
    if chosen:
        return to_url(chosen), False
    return to_url(str(default_path())), True
