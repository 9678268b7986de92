"""The composition root: picks the store for a URL and wires the services and queries over it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.application import bundled
from tracker.application.queries import Queries
from tracker.application.services import FileOutcome, Services
from tracker.store.sql import SqlStore, utc_now


@dataclass
class Tracker:
    url: str
    services: Services
    queries: Queries
    first_run: list[FileOutcome]
    notice: str | None = None  # one line for the user: the bundled files a default store just picked up

    def close(self) -> None:
        self.services.store.dispose()


def open_tracker(url: str, clock: Callable[[], datetime] = utc_now, bundled_if_new: bool = False) -> Tracker:
    """Open (creating if need be) the store at `url`; a new default store is loaded with the bundled dataset."""
    fresh = False
    if bundled_if_new and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        fresh = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore(url, clock)
    services = Services(store)
    if not bundled_if_new:
        return Tracker(url, services, Queries(store), [])
    # The default store: loaded whole when new, and given the bundled files it lacks whenever it is opened.
    loaded = bundled.bring_up_to_date(services, everything=fresh)
    return Tracker(url, services, Queries(store), loaded if fresh else [], None if fresh else bundled.notice(loaded))
