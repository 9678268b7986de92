"""How the store fails: one line for the user, never SQLAlchemy's dump of a statement and its parameters."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from tracker.domain.errors import TrackerError

# Any failure of the database itself (full disk, a value a column refuses, a lost connection, a damaged file).
StoreFailure = SQLAlchemyError


class StoreError(TrackerError):
    """The store cannot be opened or used as asked: one line for the user, nothing changed."""


def describe_failure(exc: BaseException) -> str:
    """One line for a database failure: the driver's own words, never SQLAlchemy's dump of the statement and
    its parameters (kilobytes of payloads)."""
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(original).strip().splitlines() or [type(original).__name__]
    line = lines[0].strip()
    if line.startswith("(") and ") " in line:  # "(sqlite3.OperationalError) database is locked"
        line = line.split(") ", 1)[1]
    lowered = line.lower()
    if "disk is full" in lowered or "no space left" in lowered or "could not extend file" in lowered:
        return f"the disk holding the store is full ({line})"
    if "malformed" in lowered or "not a database" in lowered:
        return f"the store file is damaged ({line})"
    return f"database error: {line}"
