"""`tracker why --json`: the explanation as plain JSON-ready data (README, "The CLI's JSON")."""

from __future__ import annotations

from typing import Any

from tracker.application import json_output
from tracker.application.views import EventView, PositionView
from tracker.application.why import Link, PartyWhy, StatusWhy


def _position(pos: PositionView) -> dict[str, Any]:
    return {**json_output.position(pos), "event": pos.event_id}


def _retraction(event: EventView | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"id": event.id, "date": event.date, "reason": event.fields.get("reason"),
            "recorded_at": json_output.instant(event.recorded_at)}


def _link(link: Link) -> dict[str, Any]:
    return {"role": link.role, "event": json_output.event(link.event), "retraction": _retraction(link.retraction)}


def party(why: PartyWhy) -> dict[str, Any]:
    return {
        "proposal": why.proposal.id,
        "party": why.party,
        "as_of": why.as_of.isoformat(),
        "known_on": json_output.instant(why.known_on),
        "status": why.proposal.status,
        "revision": why.proposal.revision,
        "position": _position(why.position),
        "explanation": why.sentence,
        "chain": [_link(link) for link in why.chain],
    }


def status(why: StatusWhy) -> dict[str, Any]:
    view = json_output.proposal(why.proposal)
    return {
        "proposal": why.proposal.id,
        "party": None,
        "as_of": why.as_of.isoformat(),
        "known_on": json_output.instant(why.known_on),
        "status": why.proposal.status,
        "rule": why.rule,
        "explanation": why.sentence,
        "deciding_events": list(why.deciding),
        "in_force": view["in_force"],
        "revision": why.proposal.revision,
        "positions": {p: _position(v) for p, v in why.proposal.positions.items()},
        "violations": view["violations"],
    }
