"""Small builders for the fold's unit tests: events of one proposal, folded as the store would order them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tracker.domain.events import EVENT_ADAPTER, BaseEvent
from tracker.domain.state import ProposalState
from tracker.projections.proposal import fold
from tracker.projections.status import Window, status_at
from tracker.store.serialization import effective_day

PROPOSAL = "truce-2025"


def event(type_: str, day: str = "2025-03-12", /, **fields: Any) -> BaseEvent:
    """One event of the test proposal, validated by the same models ingestion uses."""
    data = {"type": type_, "proposal": PROPOSAL, "date": day, **fields}
    return EVENT_ADAPTER.validate_python(data)  # type: ignore[return-value]


def proposed(day: str = "2025-03-11", party: str = "US", parties: tuple[str, ...] = ("UA", "RU"),
             terms: Iterable[tuple[str, str]] = (("halt", "Halt all hostilities"), ("swap", "Exchange prisoners")),
             **fields: Any) -> BaseEvent:
    return event("proposed", day, party=party, title="30-day truce", kind="full_ceasefire", parties=list(parties),
                 terms=[{"id": i, "text": t} for i, t in terms], **fields)


def folded(*events: BaseEvent) -> ProposalState:
    """Fold in the order given (the append order), as the store does for events of one day."""
    state = fold(events)
    assert state is not None, "the history has no visible `proposed`"
    return state


def in_store_order(*events: BaseEvent) -> list[BaseEvent]:
    """Sort as the store does: by effective day (never before the proposal's start), then by append order."""
    start = next((e.date.start for e in events if e.type == "proposed"), None)  # type: ignore[attr-defined]
    indexed = [(effective_day(e, start), i, e) for i, e in enumerate(events)]
    return [e for _, _, e in sorted(indexed, key=lambda t: (t[0], t[1]))]


def status(state: ProposalState, as_of: str) -> str:
    return status_at(state, date.fromisoformat(as_of))[0]


def window(state: ProposalState, as_of: str) -> Window | None:
    return status_at(state, date.fromisoformat(as_of))[1]


def d(text: str) -> date:
    return date.fromisoformat(text)


def shown(as_of: str, *events: BaseEvent) -> ProposalState:
    """The state the tracker shows as of a date: the fold of the events that count by then, in store order.

    A state answers for the days from its last event on (its snapshot's days); asking a later state
    about an earlier day is not something the tracker does.
    """
    day = date.fromisoformat(as_of)
    start = next((e.date.start for e in events if e.type == "proposed"), None)  # type: ignore[attr-defined]
    return folded(*[e for e in in_store_order(*events) if effective_day(e, start) <= day])
