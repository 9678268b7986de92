"""Read models handed to the CLI and the dashboard: plain frozen data, nothing to query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple


# The two views built most often (one per party and per term of every proposal a status shows) are named
# tuples: as immutable as the frozen dataclasses, and several times cheaper to build.
class PositionView(NamedTuple):
    party: str
    position: str
    since: str | None
    revision: int | None
    stale: bool = False
    conditions: tuple[str, ...] = ()
    confidence: str | None = None
    event_id: str | None = None
    counter_proposal: str | None = None
    reason: str | None = None
    disputed_by: tuple[str, ...] = ()  # who disputes the event behind the position

    @property
    def disputed(self) -> bool:
        return bool(self.disputed_by)


class TermView(NamedTuple):
    id: str
    text: str
    revision: int
    positions: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class WindowView:
    start: date
    until: date | None  # the first day it no longer applies; None when open-ended


class ViolationView(NamedTuple):  # a status may list hundreds of thousands: built as cheaply as a tuple
    event_id: str
    date: str
    by: str
    reported_by: str
    disputed_by: tuple[str, ...]
    terms: tuple[str, ...]
    description: str | None
    confidence: str
    note: str | None = None
    dispute: str | None = None
    sources: tuple[Any, ...] = ()  # as written: registry ids and inline sources (see queries.source_views)

    @property
    def disputed(self) -> bool:
        return bool(self.disputed_by)


@dataclass(frozen=True)
class ProposalView:
    id: str
    title: str
    kind: str
    status: str
    revision: int
    proposed_by: str
    proposed_on: str
    parties: tuple[str, ...]
    positions: dict[str, PositionView]
    terms: Mapping[str, TermView]
    in_force: WindowView | None
    violations: tuple[ViolationView, ...]
    last_change: str | None
    duration_days: int | None = None
    counter_to: str | None = None
    violations_listed: bool = True  # False when the query skipped them (overviews that need no list)


@dataclass(frozen=True)
class StatusReport:
    as_of: date
    known_on: datetime | None
    proposals: tuple[ProposalView, ...]

    def get(self, proposal_id: str) -> ProposalView | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)


@dataclass(frozen=True)
class SourceView:
    id: str | None
    outlet: str
    published: str | None = None
    language: str | None = None
    url: str | None = None
    title: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class EventView:
    position: int
    id: str
    type: str
    proposal: str
    date: str
    effective: date
    party: str | None
    recorded_at: datetime
    revision: int | None
    retracted: bool
    retracted_by: str | None
    confidence: str
    note: str | None
    fields: dict[str, Any]
    sources: tuple[SourceView, ...] = ()
    disputed_by: tuple[str, ...] = ()
    dispute: str | None = None
    recorded_by: str | None = None  # who appended it; None for events recorded before the store kept it

    @property
    def disputed(self) -> bool:
        return bool(self.disputed_by)

    @property
    def recorder(self) -> str:
        """Who recorded it, as shown to a reader."""
        return self.recorded_by or "not recorded (appended before the store kept it)"


@dataclass(frozen=True)
class Change:
    """One difference between two views: a status, or a party's position."""

    proposal: str
    what: str  # status | position
    party: str | None
    before: str | None
    after: str | None
    before_detail: PositionView | None = None
    after_detail: PositionView | None = None


@dataclass(frozen=True)
class ReplayStep:
    date: str
    event: EventView | None  # None for a change time alone brings (a proposal expiring)
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class StoreMark:
    """Where the log stood at an instant: its last event's position, instant and chain hash."""

    position: int
    recorded_at: datetime
    hash: str


@dataclass(frozen=True)
class PartyView:
    id: str
    name: str
    aliases: tuple[str, ...]
