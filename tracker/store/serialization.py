"""The mapper between domain events and stored rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from tracker.domain.events import EVENT_ADAPTER, BaseEvent, value_of
from tracker.store.base import NewEvent, StoredEvent


def canonical_payload(event: BaseEvent) -> str:
    """The event's content without its id: sorted keys, defaults left out, so equal content gives equal text."""
    data = event.model_dump(mode="json", exclude={"id"}, exclude_defaults=True)
    data["type"] = event.type  # type: ignore[attr-defined]
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()


def effective_day(event: BaseEvent, proposed_start: date | None) -> date:
    """The day an event counts from: its period's start, never before its proposal was proposed."""
    start = event.date.start
    if proposed_start is not None and start < proposed_start:
        return proposed_start
    return start


def to_row(event: BaseEvent, event_id: str, proposed_start: date | None, payload: str | None = None) -> NewEvent:
    return NewEvent(
        event_id=event_id,
        stream_id=event.proposal,
        type=event.type,  # type: ignore[attr-defined]
        date_text=str(event.date),
        date_start=event.date.start.toordinal(),
        date_end=event.date.end.toordinal(),
        effective=effective_day(event, proposed_start).toordinal(),
        party=value_of(event, "party"),
        retracts=value_of(event, "retracts"),
        payload=payload if payload is not None else canonical_payload(event),
    )


def from_row(row: StoredEvent | NewEvent) -> BaseEvent:
    data: dict[str, Any] = orjson.loads(row.payload)
    data["id"] = row.event_id
    return EVENT_ADAPTER.validate_python(data)  # type: ignore[return-value]
