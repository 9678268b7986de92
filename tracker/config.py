"""Where the store is (--db, else TRACKER_DB, else a SQLite file in the user's data directory) and the
environment's other settings, checked before any command runs."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from tracker.domain.errors import TrackerError
from tracker.text import inert

DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024


class ConfigError(TrackerError):
    """A setting the tracker cannot use (an environment variable, a URL)."""


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tracker"


def default_path() -> Path:
    return data_dir() / "tracker.db"


_SCHEMES = {"postgres": "postgresql", "postgresql": "postgresql", "sqlite": "sqlite"}


def to_url(value: str) -> str:
    """A database URL, or a plain file path taken as a SQLite file. `postgres://` means `postgresql://`."""
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    scheme, rest = value.split("://", 1)
    try:
        urlsplit(value).port
    except ValueError:
        raise ConfigError(f"the database URL '{inert(redact(value))}' has a malformed port number") from None
    base = scheme.split("+", 1)[0].lower()
    if base in ("postgres", "postgresql") and "+" not in scheme:
        return "postgresql://" + rest  # the store picks the driver (psycopg 3)
    if base == "postgres":
        return "postgresql+" + scheme.split("+", 1)[1] + "://" + rest
    if base not in _SCHEMES:
        raise ConfigError(f"unsupported database URL '{inert(redact(value))}': use a SQLite file path, "
                          "sqlite:///PATH or postgresql://USER@HOST/DATABASE")
    return value


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory and for other databases)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def resolve(db: str | None) -> tuple[str, bool]:
    """The store's URL, and whether it is the default store (which starts with the bundled dataset)."""
    chosen = db or os.environ.get("TRACKER_DB")
    if chosen:
        return to_url(chosen), False
    return to_url(str(default_path())), True


def max_file_bytes() -> int:
    """TRACKER_MAX_FILE_BYTES: the largest event file read (default 64 MiB)."""
    text = os.environ.get("TRACKER_MAX_FILE_BYTES")
    if text is None:
        return DEFAULT_MAX_FILE_BYTES
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigError(f"TRACKER_MAX_FILE_BYTES is '{inert(text)}': expected a positive whole number of bytes, "
                          f"e.g. {DEFAULT_MAX_FILE_BYTES} (64 MiB, the default)")
    return value


REBUILD_WORKERS = "TRACKER_REBUILD_WORKERS"


def rebuild_workers() -> int | None:
    """TRACKER_REBUILD_WORKERS: how many processes a rebuild folds in (1: the tracker's own only; unset:
    chosen from the cores and the size of the log)."""
    text = os.environ.get(REBUILD_WORKERS)
    if text is None or not text.strip():
        return None
    value = int(text) if text.strip().isdigit() else 0
    if not 1 <= value <= 64:
        raise ConfigError(f"{REBUILD_WORKERS} is '{inert(text)}': expected a whole number of processes from 1 to "
                          "64, e.g. 1 to fold in the tracker's own process only (unset: one per core, up to 4)")
    return value


def check_environment() -> None:
    """Refuse bad settings in one line before any command (and any module reading them) runs."""
    max_file_bytes()
    rebuild_workers()
