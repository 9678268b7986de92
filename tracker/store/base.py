"""What the rest of the tracker knows of a store: rows, not domain objects, and the operations on them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tracker.domain.errors import TrackerError

OPEN = 2**62  # rec_to of a snapshot that is still current: later than any position


class StoreError(TrackerError):
    """The store cannot be opened or used as asked: one line for the user, nothing changed."""


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event ready to be written: everything but its position, version, instant and hash."""

    event_id: str
    stream_id: str
    type: str
    date_text: str
    date_start: int  # proleptic ordinals, so that both databases compare them as integers
    date_end: int
    effective: int  # the fold date: the period's start, never before the proposal's `proposed`
    party: str | None
    retracts: str | None
    payload: str  # canonical JSON of the event's content, without its id


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A row of the events table."""

    position: int
    event_id: str
    stream_id: str
    stream_version: int
    type: str
    date_text: str
    date_start: int
    date_end: int
    effective: int
    party: str | None
    retracts: str | None
    recorded_at: datetime
    payload: str
    hash: str
    recorded_by: str | None = None  # who appended it; None on rows recorded before schema version 4


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    proposal_id: str
    valid_from: int
    rec_from: int
    rec_to: int
    state: str


@dataclass(frozen=True, slots=True)
class VerifyProblem:
    position: int
    message: str


class Session(Protocol):
    """One transaction on the store. Writes are serialized: one writing session at a time."""

    def head(self) -> int: ...
    def position_known_on(self, instant: datetime) -> int: ...
    def stream_versions(self, streams: Sequence[str]) -> dict[str, int]: ...
    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, StoredEvent]: ...
    def stream_events(self, stream: str, from_effective: int = 0, upto: int | None = None) -> list[StoredEvent]: ...
    def retracted_ids(self, stream: str, upto: int | None = None) -> dict[str, str]: ...
    def proposals(self) -> dict[str, int]: ...
    def append(self, events: Sequence[NewEvent]) -> list[StoredEvent]: ...
    def snapshot_before(self, proposal: str, day: int) -> SnapshotRow | None: ...
    def open_snapshots(self, proposal: str, from_day: int) -> dict[int, str]: ...
    def replace_snapshots(
        self, proposal: str, close_days: Sequence[int], rows: Sequence[tuple[int, str]], position: int
    ) -> None: ...


class EventStore(Protocol):
    def session(self, write: bool = False) -> AbstractContextManager[Session]: ...
    def iter_all(self, batch: int = 10_000) -> Iterator[list[StoredEvent]]: ...
