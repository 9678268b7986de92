"""What the screens read, gathered in one call each on top of Queries (run from thread workers)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime
from threading import Lock

from tracker.application.queries import Queries, diff_views
from tracker.application.views import Change, EventView, ProposalView, StatusReport
from tracker.ui.timecontrol import When, next_event_day, previous_event_day, step_date

PANEL_EVENTS = 60


@dataclass(frozen=True)
class OverviewData:
    """The matrix as of a date, and in diff mode what changed since the diff date."""

    when: When
    report: StatusReport
    changes: dict[tuple[str, str, str | None], Change] = field(default_factory=dict)
    new_since: frozenset[str] = frozenset()

    def change(self, proposal: str, what: str, party: str | None = None) -> Change | None:
        return self.changes.get((proposal, what, party))


def load_overview(queries: Queries, when: When) -> OverviewData:
    report = queries.status(when.as_of, when.known_on, violations=False)  # the proposal view lists them
    if when.diff_since is None:
        return OverviewData(when, report)
    before = {p.id: p for p in queries.status(when.diff_since, when.known_on, violations=False).proposals}
    changes: dict[tuple[str, str, str | None], Change] = {}
    for view in report.proposals:
        for change in diff_views(before.get(view.id), view):
            changes[(change.proposal, change.what, change.party)] = change
    new = frozenset(p.id for p in report.proposals if p.id not in before)
    return OverviewData(when, report, changes, new)


class StreamCache:
    """A proposal's whole timeline and history as known at an instant: they do not depend on the as-of date,
    so a date step filters them in memory instead of folding the stream again."""

    def __init__(self, queries: Queries, size: int = 8) -> None:
        self.queries = queries
        self.size = size
        self._items: OrderedDict[tuple[str, datetime | None, int], tuple[list[EventView],
                                                                         list[tuple[date, ProposalView]] | None]] = \
            OrderedDict()
        self._lock = Lock()

    def _get(self, key: tuple[str, datetime | None, int]) -> tuple[list[EventView],
                                                                   list[tuple[date, ProposalView]] | None] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def _put(self, key: tuple[str, datetime | None, int],
             value: tuple[list[EventView], list[tuple[date, ProposalView]] | None]) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def events(self, proposal: str, known_on: datetime | None, head: int) -> list[EventView]:
        key = (proposal, known_on, head)
        found = self._get(key)
        if found is None:
            found = (self.queries.timeline(proposal, None, known_on), None)
            self._put(key, found)
        return found[0]

    def cached_history(self, proposal: str, known_on: datetime | None,
                       head: int) -> list[tuple[date, ProposalView]] | None:
        found = self._get((proposal, known_on, head))
        return None if found is None else found[1]

    def history(self, proposal: str, known_on: datetime | None, head: int) -> list[tuple[date, ProposalView]]:
        key = (proposal, known_on, head)
        events = self.events(proposal, known_on, head)
        found = self._get(key)
        if found is None or found[1] is None:
            history = self.queries.history(proposal, known_on)
            self._put(key, (events, history))
            return history
        return found[1]


def load_panel(streams: StreamCache, proposal: str, when: When, head: int) -> list[EventView]:
    """The events behind a row as of the date, newest first (only the newest are read, however long the stream)."""
    return streams.queries.recent_events(proposal, when.as_of, when.known_on, PANEL_EVENTS)


@dataclass(frozen=True)
class ProposalData:
    when: When
    view: ProposalView | None
    events: list[EventView]  # every known event, any date (the swimlane shows all; the table those up to as_of)
    history: list[tuple[date, ProposalView]] | None  # None until read (it can take long: it is read apart)
    before: ProposalView | None = None  # in diff mode, the proposal as of the diff date

    @property
    def visible_events(self) -> list[EventView]:
        return [e for e in self.events if e.effective <= self.when.as_of]

    @property
    def violations(self) -> int:
        """Violation reports dated up to the as-of date and not retracted."""
        return sum(1 for e in self.events if e.type == "violation_reported" and not e.retracted
                   and e.effective <= self.when.as_of)


def load_proposal(streams: StreamCache, proposal: str, when: When, head: int) -> ProposalData:
    queries = streams.queries
    report = queries.status(when.as_of, when.known_on, proposal, violations=False)  # counted from the events
    events = streams.events(proposal, when.known_on, head)
    history = streams.cached_history(proposal, when.known_on, head)
    before = None
    if when.diff_since is not None:
        before = queries.status(when.diff_since, when.known_on, proposal, violations=False).get(proposal)
    return ProposalData(when, report.get(proposal), events, history, before)


class EventDays:
    """The stops of the previous/next event keys, read once per known-on instant and store head (by the
    read-ahead thread or by the keys, whichever asks first: the other waits for that read)."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._key: tuple[datetime | None, int] | None = None
        self._days: list[date] = []
        self._lock = Lock()

    def get(self, known_on: datetime | None, head: int) -> list[date]:
        with self._lock:
            if self._key != (known_on, head):
                self._days = self.queries.event_days(known_on)
                self._key = (known_on, head)
            return self._days


class PartyNames:
    """Party id -> name, read once per store head (from a thread; the filter matches names too)."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._key: int | None = None
        self._names: dict[str, str] = {}
        self._lock = Lock()

    def get(self, head: int) -> dict[str, str]:
        with self._lock:
            if self._key != head:
                self._names = {pid: party.name for pid, party in self.queries.parties().items()}
                self._key = head
            return self._names

    def known(self) -> dict[str, str]:
        """What was read last (for the UI thread, which never reads the store)."""
        return self._names


class OverviewCache:
    """Recent overview reads by (when, store head), shared by the screen and its reading threads; a read
    asked for while another thread is making it waits for that one instead of making it again."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self._items: OrderedDict[tuple[When, int], OverviewData] = OrderedDict()
        self._reading: dict[tuple[When, int], Future[OverviewData]] = {}
        self._lock = Lock()

    def load(self, when: When, head: int, read: Callable[[], OverviewData]) -> OverviewData:
        """The cached overview, else the one another thread is reading, else `read()` (kept)."""
        key = (when, head)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
            pending = self._reading.get(key)
            mine = pending is None
            if pending is None:
                pending = self._reading[key] = Future()
        if not mine:
            return pending.result()
        try:
            data = read()
        except BaseException as exc:
            with self._lock:
                del self._reading[key]
            pending.set_exception(exc)
            raise
        with self._lock:
            del self._reading[key]
        self.put(when, head, data)
        pending.set_result(data)
        return data

    def get(self, when: When, head: int) -> OverviewData | None:
        with self._lock:
            found = self._items.get((when, head))
            if found is not None:
                self._items.move_to_end((when, head))
            return found

    def put(self, when: When, head: int, data: OverviewData) -> None:
        with self._lock:
            self._items[(when, head)] = data
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def neighbours(when: When, days: list[date], direction: int) -> list[When]:
    """Where the next keys will most likely go: on in the direction of the last move, by a step and to the
    next event day; before the first move (direction 0), both ways, forward first."""
    targets: list[date | None] = []
    for forward in ((direction > 0,) if direction else (True, False)):
        targets += [step_date(when.as_of, when.step, forward),
                    (next_event_day if forward else previous_event_day)(days, when.as_of)]
    return [when.moved(day) for day in dict.fromkeys(targets) if day is not None]
