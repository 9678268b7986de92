"""The mapper between domain events and stored rows."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import orjson

from tracker.domain.dates import FuzzyDate
from tracker.domain.events import EVENT_ADAPTER, EVENT_CLASSES, BaseEvent, value_of
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


_DEFAULTS: dict[str, dict[str, Any]] = {
    kind: {name: f.default for name, f in cls.model_fields.items() if not f.is_required()}
    for kind, cls in EVENT_CLASSES.items()
}


@lru_cache(maxsize=65536)
def _date(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def _term(data: dict[str, str]) -> SimpleNamespace:
    return SimpleNamespace(id=data["id"], text=data["text"])


def light_event(event_id: str, payload: str) -> BaseEvent:
    """A stored event for folding, without re-validating it: the store only holds validated content.

    Pydantic validation costs more than the fold itself, so the projections read stored rows through
    this attribute bag, which has the same fields as the model.
    """
    data: dict[str, Any] = orjson.loads(payload)
    event = dict(_DEFAULTS[data["type"]])
    event.update(data)
    event["id"] = event_id
    event["date"] = _date(data["date"])
    if "starts" in data:
        event["starts"] = _date(data["starts"])
    for name in ("terms", "add_terms", "replace_terms"):
        value = data.get(name)
        if value and isinstance(value[0], dict):
            event[name] = tuple(_term(t) for t in value)
    return SimpleNamespace(**event)  # type: ignore[return-value]


def from_row(row: StoredEvent | NewEvent) -> BaseEvent:
    data: dict[str, Any] = orjson.loads(row.payload)
    data["id"] = row.event_id
    return EVENT_ADAPTER.validate_python(data)  # type: ignore[return-value]
