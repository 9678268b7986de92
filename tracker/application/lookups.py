"""Looking up what an analyst typed (a proposal, a party, an event id): the same answer everywhere.

An unknown id raises `UnknownId`, whose message names the nearest known id, for the command line (exit 1)
and the dashboard (its `g` prompt and palette) alike.
"""

from __future__ import annotations

from tracker.application.queries import Queries
from tracker.domain.errors import TrackerError, nearest
from tracker.text import inert


class UnknownId(TrackerError):
    def __init__(self, kind: str, value: str, suggestion: str | None) -> None:
        hint = f"; did you mean '{inert(suggestion)}'?" if suggestion else ""
        super().__init__(f"unknown {kind} '{inert(value)}'{hint}")
        self.kind, self.value, self.suggestion = kind, value, suggestion


def proposal(queries: Queries, value: str) -> str:
    """The proposal's id, or UnknownId naming the nearest one."""
    known = queries.proposal_ids()
    if value in known:
        return value
    raise UnknownId("proposal", value, nearest(value, known))


def party(queries: Queries, value: str) -> str:
    """The party's id for an id, a name or an alias (any case), or UnknownId naming the nearest one."""
    parties = queries.parties()
    names: dict[str, str] = {}
    for p in parties.values():
        for name in (p.id, p.name, *p.aliases):
            names.setdefault(name.lower(), p.id)
    if value.lower() in names:
        return names[value.lower()]
    raise UnknownId("party", value, nearest(value, parties))


def event(queries: Queries, value: str) -> str:
    """The event's id, or UnknownId naming the nearest one."""
    with queries.store.session() as session:
        if session.events_by_id([value]):
            return value
        # Ids sort by their prefix (a proposal's events share one): the neighbours hold the likely typo,
        # and a log of millions of ids is never read whole.
        nearby = session.event_ids_around(value) + session.event_ids_around(value[:3])
    raise UnknownId("event", value, nearest(value, nearby))
