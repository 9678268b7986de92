"""What a session has planned but not written: events, stream versions, snapshot rows and registry entries.

Every check of an append reads the store as the batch would leave it; keeping the batch here instead of in
the database lets a dry run (`tracker validate`) check file after file in a reading transaction, without the
write lock, and lets an append write each table once, in one statement per table, when the plan is complete.
A savepoint undoes what was planned since it began (a refused file leaves no trace for the files after it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tracker.store.base import StoredEvent

_MISSING: Any = object()


class Pending:
    """The planned changes, in the order they were made, with an undo log while a savepoint is open."""

    def __init__(self) -> None:
        self.events: list[StoredEvent] = []  # in position order, after the stored head
        self.instants: list[str] = []  # per planned event, its recorded_at text
        self.by_id: dict[str, StoredEvent] = {}
        self.by_stream: dict[str, list[StoredEvent]] = {}
        self.versions: dict[str, int] = {}  # stream -> version after the planned events
        self.starts: dict[str, int | None] = {}  # stream -> proposal start, for streams the plan touches
        self.new_streams: dict[str, bool] = {}  # streams not yet in the store (an ordered set)
        self.closed: dict[str, dict[int, int]] = {}  # proposal -> valid_from of a stored open row -> rec_to
        self.opened: dict[str, dict[int, tuple[int, str]]] = {}  # proposal -> valid_from -> (rec_from, state)
        self.retired: list[tuple[str, int, int, int, str]] = []  # planned rows closed by a later plan
        self.parties: dict[str, tuple[str, tuple[str, ...], bool]] = {}  # id -> name, aliases, new
        self.aliases: dict[str, str] = {}
        self.sources: dict[str, tuple[str, bool]] = {}  # id -> body, new
        self._undo: list[Callable[[], None]] | None = None

    def __bool__(self) -> bool:
        return bool(self.events or self.closed or self.opened or self.retired or self.parties or self.aliases
                    or self.sources)

    # -- changes, each undoable ------------------------------------------------------------------
    def put(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        if self._undo is not None:
            old = mapping.get(key, _MISSING)
            self._undo.append(lambda: mapping.__setitem__(key, old) if old is not _MISSING else mapping.pop(key, None))
        mapping[key] = value

    def pop(self, mapping: dict[Any, Any], key: Any) -> Any:
        old = mapping.pop(key)
        if self._undo is not None:
            self._undo.append(lambda: mapping.__setitem__(key, old))
        return old

    def push(self, items: list[Any], item: Any) -> None:
        items.append(item)
        if self._undo is not None:
            self._undo.append(items.pop)

    def add_event(self, event: StoredEvent, instant: str) -> None:
        self.push(self.events, event)
        self.push(self.instants, instant)
        self.put(self.by_id, event.event_id, event)
        stream = self.by_stream.get(event.stream_id)
        if stream is None:
            self.put(self.by_stream, event.stream_id, [event])
        else:
            self.push(stream, event)
        self.put(self.versions, event.stream_id, event.stream_version)

    def inner(self, mapping: dict[str, dict[Any, Any]], key: str) -> dict[Any, Any]:
        """The dictionary under `key`, created (undoably) if missing."""
        found = mapping.get(key)
        if found is None:
            found = {}
            self.put(mapping, key, found)
        return found

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo every change made in the block if it raises (one level: savepoints are not nested here)."""
        outer, self._undo = self._undo, []
        try:
            yield
        except BaseException:
            undo, self._undo = self._undo, outer
            for step in reversed(undo):
                step()
            raise
        self._undo = outer

    # -- reads -----------------------------------------------------------------------------------
    def last(self) -> tuple[int, str, str] | None:
        """The last planned event: position, hash, instant."""
        if not self.events:
            return None
        return self.events[-1].position, self.events[-1].hash, self.instants[-1]

    def stream(self, stream_id: str) -> list[StoredEvent]:
        return self.by_stream.get(stream_id, [])

    def instant_of(self, event: StoredEvent) -> str:
        return self.instants[event.position - self.events[0].position]
