"""What the screens read, gathered in one call each on top of Queries (run from thread workers)."""

from __future__ import annotations

from collections import OrderedDict
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


def load_panel(queries: Queries, proposal: str, when: When) -> list[EventView]:
    """The events behind a row as of the date, newest first."""
    events = queries.timeline(proposal, when.as_of, when.known_on)
    return list(reversed(events))[:PANEL_EVENTS]


@dataclass(frozen=True)
class ProposalData:
    when: When
    view: ProposalView | None
    events: list[EventView]  # every known event, any date (the swimlane shows all; the table those up to as_of)
    history: list[tuple[date, ProposalView]]
    before: ProposalView | None = None  # in diff mode, the proposal as of the diff date

    @property
    def visible_events(self) -> list[EventView]:
        return [e for e in self.events if e.effective <= self.when.as_of]


def load_proposal(queries: Queries, proposal: str, when: When) -> ProposalData:
    report = queries.status(when.as_of, when.known_on, proposal)
    events = queries.timeline(proposal, None, when.known_on)
    history = queries.history(proposal, when.known_on)
    before = None
    if when.diff_since is not None:
        before = queries.status(when.diff_since, when.known_on, proposal, violations=False).get(proposal)
    return ProposalData(when, report.get(proposal), events, history, before)


class EventDays:
    """The stops of the previous/next event keys, read once per known-on instant and store head."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._key: tuple[datetime | None, int] | None = None
        self._days: list[date] = []

    def get(self, known_on: datetime | None, head: int) -> list[date]:
        if self._key != (known_on, head):
            self._days = self.queries.event_days(known_on)
            self._key = (known_on, head)
        return self._days


class OverviewCache:
    """Recent overview reads by (when, store head), shared by the screen and its prefetching thread."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self._items: OrderedDict[tuple[When, int], OverviewData] = OrderedDict()
        self._lock = Lock()

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


def neighbours(when: When, days: list[date]) -> list[When]:
    """Where the next keys will most likely go: one step either way, and the next and previous event days."""
    targets = [step_date(when.as_of, when.step, True), step_date(when.as_of, when.step, False),
               next_event_day(days, when.as_of), previous_event_day(days, when.as_of)]
    return [when.moved(day) for day in dict.fromkeys(targets) if day is not None]
