"""Help for writing event files: a JSON Schema for editors and a commented skeleton per event type."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from tracker.domain.errors import nearest
from tracker.domain.events import EVENT_CLASSES, EVENT_TYPES, Event, Party, Source, fields_of

_HINTS: dict[str, str] = {
    "id": "optional; unique store-wide. Omitted: derived from the content",
    "proposal": "the proposal's id (slug), e.g. ceasefire-30d-2025",
    "date": "YYYY-MM-DD; YYYY-MM / YYYY; an interval 2025-03-10/2025-03-16; 2025-03-19? uncertain, ~ approximate",
    "party": "the actor: a party id or alias (Kyiv -> UA)",
    "sources": "source ids from the registry, or inline {outlet, published, url, quote}",
    "confidence": "confirmed | reported | claimed (default reported)",
    "note": "free text",
    "title": "the proposal's title",
    "kind": "full_ceasefire | partial_ceasefire | maritime | humanitarian | framework | other",
    "parties": "whose acceptance the proposal needs",
    "terms": "term ids (a subset), or for `proposed` a list of {id, text}",
    "duration_days": "how long it applies once in force",
    "counter_to": "the proposal this one answers",
    "add_terms": "new terms: [{id, text}]",
    "remove_terms": "ids of terms removed",
    "replace_terms": "existing ids with new text: [{id, text}]",
    "conditions": "conditions attached to the acceptance",
    "reason": "why (for `ended`: expired | terminated | collapsed | superseded)",
    "counter_proposal": "the id of the proposal the party answers with",
    "starts": "when it takes effect, in any date form (default: date)",
    "against": "the party accused",
    "disputed_by": "parties that contest what the event states, e.g. [RU]",
    "dispute": "how they contest it, in a sentence",
    "description": "what happened",
    "participants": "who took part",
    "location": "where",
    "outcome": "what came of it",
    "retracts": "the id of the event this corrects",
}


def json_schema() -> dict[str, Any]:
    """The event-file format, generated from the models, for yaml-language-server and validators."""
    events = TypeAdapter(list[Event]).json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = events.pop("$defs", {})
    for name, body in defs.items():
        if name in {cls.__name__ for cls in EVENT_CLASSES.values()}:
            # Any field may come from the file's `defaults`, so only `type` is required of each event.
            body["required"] = ["type"]
    party = Party.model_json_schema(ref_template="#/$defs/{model}")
    source = Source.model_json_schema(ref_template="#/$defs/{model}")
    defs.update(party.pop("$defs", {}))
    defs.update(source.pop("$defs", {}))
    defs["Party"], defs["Source"] = party, source
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tracker event file",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "parties": {"type": "array", "items": {"$ref": "#/$defs/Party"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}},
            "defaults": {"type": "object", "description": "fields applied to every event below that lacks them"},
            "events": events,
        },
        "$defs": defs,
    }


def template(event_type: str) -> str:
    """A commented YAML skeleton of one event of this type."""
    if event_type not in EVENT_CLASSES:
        hint = nearest(event_type, EVENT_TYPES)
        raise KeyError(f"unknown event type '{event_type}'" + (f" - did you mean '{hint}'?" if hint else "")
                       + f" (one of: {', '.join(EVENT_TYPES)})")
    model = EVENT_CLASSES[event_type]
    lines = ["events:", f"  - type: {event_type}"]
    for name in fields_of(event_type):
        required = model.model_fields[name].is_required()
        marker = "required" if required else "optional"
        prefix = "    " if required else "    # "
        lines.append(f"{prefix}{name}: {_example(name)}    # {marker}: {_HINTS.get(name, '')}".rstrip())
    return "\n".join(lines) + "\n"


def _example(name: str) -> str:
    return {
        "proposal": "ceasefire-30d-2025", "date": "2025-03-11", "party": "US", "title": "30-day full ceasefire",
        "kind": "full_ceasefire", "parties": "[UA, RU]", "terms": "[]", "confidence": "reported",
        "sources": "[src-id]", "against": "RU", "participants": "[US, UA]", "location": "Jeddah",
        "counter_proposal": "other-proposal-id", "retracts": "event-id", "reason": "expired",
        "duration_days": "30", "id": "my-event-id",
    }.get(name, "...")
