"""The CLI's machine contract (DOMAIN.md, 'The CLI's JSON'): views -> plain JSON-ready data."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tracker.application.views import Change, EventView, PositionView, ProposalView, ReplayStep, StatusReport
from tracker.domain.dates import FuzzyDate


def instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def position(view: PositionView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "position": view.position,
        "since": view.since,
        "revision": view.revision,
        "stale": view.stale,
        "conditions": list(view.conditions),
    }
    if view.confidence is not None:
        data["confidence"] = view.confidence
    if view.counter_proposal is not None:
        data["counter_proposal"] = view.counter_proposal
    if view.reason is not None:
        data["reason"] = view.reason
    if view.disputed_by:
        data["disputed_by"], data["disputed"] = list(view.disputed_by), True
    return data


def proposal(view: ProposalView) -> dict[str, Any]:
    return {
        "id": view.id,
        "title": view.title,
        "kind": view.kind,
        "status": view.status,
        "revision": view.revision,
        "proposed_by": view.proposed_by,
        "proposed_on": view.proposed_on,
        "parties": list(view.parties),
        "positions": {p: position(v) for p, v in view.positions.items()},
        "terms": {t.id: {"text": t.text, "positions": dict(t.positions)} for t in view.terms.values()},
        "in_force": None
        if view.in_force is None
        else {
            "from": view.in_force.start.isoformat(),
            "until": view.in_force.until.isoformat() if view.in_force.until else None,
        },
        "violations": [
            {
                "id": v.event_id,
                "date": v.date,
                "by": v.by,
                "reported_by": v.reported_by,
                "disputed_by": list(v.disputed_by),
                "disputed": v.disputed,
                "dispute": v.dispute,
                "terms": list(v.terms),
                "description": v.description,
                "confidence": v.confidence,
            }
            for v in view.violations
        ],
    }


def status(report: StatusReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "known_on": instant(report.known_on),
        "proposals": [proposal(p) for p in report.proposals],
    }


def event(view: EventView) -> dict[str, Any]:
    return {
        "id": view.id,
        "type": view.type,
        "date": view.date,
        **_span(view.date),
        "party": view.party,
        "recorded_at": instant(view.recorded_at),
        "recorded_by": view.recorded_by,
        "revision": view.revision,
        "retracted": view.retracted,
        "retracted_by": view.retracted_by,
        "position": view.position,
        "confidence": view.confidence,
        "note": view.note,
        "disputed_by": list(view.disputed_by),
        "disputed": view.disputed,
        "dispute": view.dispute,
        "fields": view.fields,
        "sources": [
            {k: v for k, v in vars(s).items() if v is not None} for s in view.sources
        ],
    }


def _span(text: str) -> dict[str, str]:
    """The first and last day a date as written can be: `2025-03-10/2025-03-16` -> 2025-03-10, 2025-03-16."""
    value = FuzzyDate.parse(text)
    return {"date_start": value.start.isoformat(), "date_end": value.end.isoformat()}


def change(item: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"proposal": item.proposal, "what": item.what}
    if item.party is not None:
        data["party"] = item.party
    data["from"] = item.before
    data["to"] = item.after
    if item.what == "position":
        data["from_detail"] = position(item.before_detail) if item.before_detail else None
        data["to_detail"] = position(item.after_detail) if item.after_detail else None
    return data


def replay_step(step: ReplayStep) -> dict[str, Any]:
    return {
        "date": step.date,
        "event": None
        if step.event is None
        else {"id": step.event.id, "type": step.event.type, "proposal": step.event.proposal, "party": step.event.party},
        "changes": [change(c) for c in step.changes],
    }
