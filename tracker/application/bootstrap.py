"""The composition root: picks the store for a URL and wires the services and queries over it.

The write side (validation, pydantic models) is imported only when something writes, so that the read
commands start without it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import config
from tracker.application import bundled, checking
from tracker.application.queries import Queries
from tracker.store import Store, StoreError, VerifyProblem, open_store, utc_now

if TYPE_CHECKING:
    from tracker.application.services import FileOutcome, Services


class Tracker:
    def __init__(self, url: str, store: Store, first_run: list[FileOutcome] | None = None) -> None:
        self.url = url
        self.store = store
        self.queries = Queries(store)
        self.first_run: list[FileOutcome] = first_run or []
        # Lines for the user (on stderr, so that JSON on stdout stays clean): a schema upgrade, the bundled
        # files a default store just picked up.
        self.notices: list[str] = []

    @cached_property
    def services(self) -> Services:
        from tracker.application.services import Services

        return Services(self.store)

    def verify(self, deep: bool = False, anchor: tuple[int, str] | None = None) -> list[VerifyProblem]:
        """The store's checks (read-only; the write side is loaded only for `deep`)."""
        return checking.verify(self.store, deep, anchor)

    def head_anchor(self) -> tuple[int, str]:
        return checking.head_anchor(self.store)

    @property
    def notice(self) -> str | None:
        return "\n".join(self.notices) or None

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        self.store.dispose()


def open_tracker(url: str, clock: Callable[[], datetime] = utc_now, bundled_if_new: bool = False,
                 create: bool = True) -> Tracker:
    """Open the store at `url`.

    create=True (the writing commands): a missing SQLite file or an empty database becomes a new store,
    and an older schema is upgraded. create=False (the reading commands): the store must exist; nothing
    is created, upgraded or locked. A new default store is loaded with the bundled dataset.
    """
    path = config.sqlite_path(url)
    if bundled_if_new and path is not None and not path.exists():
        loaded = _create_default_store(path, clock)
        tracker = Tracker(url, open_store(url, clock, create=create), loaded)
    else:
        tracker = Tracker(url, open_store(url, clock, create=create))
    if create and tracker.read_only:
        tracker.close()
        raise StoreError(f"the store at {config.redact(url)} is read-only (no write permission); nothing was written")
    if tracker.store.upgraded_from is not None:
        from tracker.store import SCHEMA_VERSION

        tracker.notices.append(f"tracker: upgraded the store at {config.redact(url)} from schema version "
                               f"{tracker.store.upgraded_from} to {SCHEMA_VERSION}")
    if bundled_if_new and not tracker.first_run and not tracker.read_only and bundled.missing_files(tracker.store):
        # The default store is given the bundled files it lacks whenever it is opened (reading commands
        # too, as the contract says): a read to find none, a write only when a new journal file shipped.
        line = bundled.notice(bundled.bring_up_to_date(tracker.services))
        if line:
            tracker.notices.append(line)
    return tracker


def _create_default_store(path: Path, clock: Callable[[], datetime]) -> list[FileOutcome]:
    """Build the default store with the bundled dataset beside its final name, then move it there.

    An interrupted first run (Ctrl-C, a full disk) must not leave a half-loaded default store that
    every later run would take for a complete one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the default store's folder {path.parent}: {(exc.strerror or str(exc)).lower()}; "
                         "set TRACKER_DB or pass --db to use another store") from None
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    building = Tracker(f"sqlite:///{partial}", open_store(f"sqlite:///{partial}", clock, create=True))
    try:
        loaded = building.services.load_bundled()
        building.store.checkpoint()  # everything into the main file: only that file is moved
    finally:
        building.close()
    os.replace(partial, path)
    return loaded


def open_for(db: str | None, write: bool) -> Tracker:
    """The store a command names (--db, TRACKER_DB or the default store), opened for reading or writing."""
    url, is_default = config.resolve(db)
    return open_tracker(url, bundled_if_new=is_default, create=write)
