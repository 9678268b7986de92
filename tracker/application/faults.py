"""One line for every fault a user can meet: the error path shared by the commands and the dashboard.

Exceptions are recognised by their class name and message, walking the chain of causes, so that this
module imports no database driver: the command line loads it only after something went wrong.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator

from tracker.domain.errors import ConcurrencyConflict, TrackerError
from tracker.text import inert

# (words in the driver's message, lower-cased) -> what the user is told.
_MESSAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database or disk is full",), "the disk holding the store is full; the failed write was rolled back, "
                                    "nothing of it was kept"),
    (("no space left on device",), "the disk is full; the failed write was rolled back, nothing of it was kept"),
    (("could not extend file",), "the database server's disk is full; the failed write was rolled back"),
    (("attempt to write a readonly database",), "the store is read-only (no write permission); nothing was written"),
    (("read-only file system",), "the store is on a read-only file system; nothing was written"),
    (("readonly database",), "the store is read-only; nothing was written"),
    (("database is locked",), "the store is locked by another writer and stayed locked for 60 s; try again"),
    (("file is not a database",), "the file is not a SQLite database (or it is encrypted or damaged)"),
    (("database disk image is malformed",), "the store's file is damaged (SQLite reports a malformed image); "
                                            "restore it from a backup"),
    (("unable to open database file",), "cannot open the SQLite file (check the path and its permissions)"),
    (("disk i/o error",), "the disk failed while reading or writing the store; nothing of the failed write was kept"),
    (("does not exist", "database"), ""),  # handled below: names the database
    (("password authentication failed",), "the PostgreSQL server refused the user name or password in the URL"),
    (("no password supplied",), "the PostgreSQL server asks for a password; put it in the URL or in ~/.pgpass"),
    (("role", "does not exist"), "the PostgreSQL server has no such user (role); fix the user name in the URL"),
    (("connection refused",), "no PostgreSQL server answers at that address (connection refused)"),
    (("could not translate host name",), "unknown host in the database URL"),
    (("name or service not known",), "unknown host in the database URL"),
    (("timeout expired",), "the PostgreSQL server did not answer in time"),
    (("terminating connection",), "the PostgreSQL server closed the connection (terminated by an administrator "
                                  "or a restart); nothing of the failed write was kept, run the command again"),
    (("server closed the connection unexpectedly",), "the connection to PostgreSQL was lost; nothing of the "
                                                     "failed write was kept, run the command again"),
    (("consuming input failed",), "the connection to PostgreSQL was lost; run the command again"),
    (("the connection is closed",), "the connection to PostgreSQL was lost; run the command again"),
    (("permission denied",), "the database refused access (permission denied)"),
    (("can't load plugin",), "unsupported database URL: use a SQLite file path, sqlite:///PATH or "
                             "postgresql://USER@HOST/DATABASE"),
    (("could not parse sqlalchemy url",), "the database URL is malformed: expected sqlite:///PATH or "
                                          "postgresql://USER@HOST/DATABASE"),
    (("invalid dsn",), "the database URL is malformed: expected postgresql://USER@HOST/DATABASE"),
    (("invalid integer value",), "the database URL has a malformed port number"),
)

_OS_ERRORS = {
    errno.ENOSPC: "the disk is full; nothing of the failed write was kept",
    errno.EROFS: "the file system is read-only; nothing was written",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapper keeps the driver's error here
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        current = current.__cause__ or current.__context__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def explain(exc: BaseException) -> str:
    """The one line a user sees for `exc` (never a traceback, never a dump of the statement or its data)."""
    for cause in _chain(exc):
        if isinstance(cause, ConcurrencyConflict):
            return inert(f"{cause}; gave up after retrying")
        if isinstance(cause, TrackerError):
            return inert(_first_line(cause))
    for cause in _chain(exc):
        # SQLAlchemy appends the statement and its parameters (a multi-KB dump of payloads) after the
        # driver's message: only the driver's first line is ever read.
        message = _first_line(cause).lower()
        for words, said in _MESSAGES:
            if all(w in message for w in words):
                if said == "":
                    return inert(f"{_missing_database(_first_line(cause))}")
                return said
        if isinstance(cause, OSError) and cause.errno in _OS_ERRORS:
            where = f"{cause.filename}: " if cause.filename else ""
            return inert(where + _OS_ERRORS[cause.errno])
    return inert(f"unexpected error ({type(exc).__name__}: {_first_line(exc)}); "
                 "run again with TRACKER_DEBUG=1 for the details")


def _missing_database(line: str) -> str:
    """psycopg: 'FATAL:  database "x" does not exist' -> a sentence naming it and the fix."""
    found = re.search(r'database "([^"]+)" does not exist', line)
    name = found.group(1) if found else "named in the URL"
    return f"the PostgreSQL server has no database '{name}'; create it (createdb {name}) or fix the URL"
