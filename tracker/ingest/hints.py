"""What each field of an event file means, in one line: shown by `tracker template` and on hover in an editor.

Also the fields of each event type, written out here so that `tracker template` runs without importing the
event models (pydantic): tests/unit/test_event_file_schema.py checks that they are the models' fields.
"""

from __future__ import annotations

_COMMON = ("id", "proposal", "date", "sources", "confidence", "note", "disputed_by", "dispute", "party")
# type -> (its own fields, in the models' order; those of them it needs; whether it needs `party`)
_OWN: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "proposed": (("title", "kind", "parties", "terms", "duration_days", "counter_to"), ("title", "kind", "parties"),
                 True),
    "amended": (("title", "add_terms", "remove_terms", "replace_terms", "duration_days", "parties"), (), True),
    "accepted": (("terms", "conditions"), (), True),
    "rejected": (("terms", "reason"), (), True),
    "reviewing": ((), (), True),
    "countered": (("counter_proposal",), ("counter_proposal",), True),
    "withdrawn": ((), (), True),
    "in_force": (("starts", "duration_days"), (), False),
    "ended": (("reason",), ("reason",), False),
    "violation_reported": (("against", "terms", "description"), ("against",), True),
    "talks_held": (("participants", "location", "outcome"), ("participants", "location"), False),
    "retracted": (("retracts", "reason"), ("retracts", "reason"), False),
}
EVENT_TYPES: tuple[str, ...] = tuple(_OWN)

# Values the analyst must fill in, as `tracker template` writes them; `tracker validate` refuses any of them
# left in a file (and only these: a note that happens to read `<A>` is text).
PLACEHOLDERS: dict[str, str] = {
    "proposal": "<proposal-id>", "date": "<YYYY-MM-DD>", "party": "<party>", "title": "<title>", "kind": "<kind>",
    "parties": "[<party>, <party>]", "counter_proposal": "<proposal-id>", "against": "<party>",
    "participants": "[<party>, <party>]", "location": "<place>", "retracts": "<event-id>", "reason": "<why>",
}
PLACEHOLDERS_BY_TYPE: dict[tuple[str, str], str] = {
    ("ended", "reason"): "<expired|terminated|collapsed|superseded>",
}


def placeholder_texts() -> frozenset[str]:
    """Every value a template leaves to fill in: the table's (list forms split into their items), and
    `<field>` for any required field the table does not name."""
    written = [*PLACEHOLDERS.values(), *PLACEHOLDERS_BY_TYPE.values()]
    items = {part.strip() for text in written for part in text.strip("[]").split(",")}
    fields = {f"<{name}>" for kind in EVENT_TYPES for name in required_fields_of(kind)}
    return frozenset(items | fields)


def fields_of(event_type: str) -> tuple[str, ...]:
    """The fields an event of this type may carry (as domain.events.fields_of)."""
    return _COMMON + _OWN[event_type][0]


def required_fields_of(event_type: str) -> tuple[str, ...]:
    """The fields it needs (as domain.events.required_fields_of)."""
    own, needed, party = _OWN[event_type]
    return ("proposal", "date") + (("party",) if party else ()) + tuple(f for f in own if f in needed)

PURPOSE: dict[str, str] = {
    "proposed": "opens a proposal's stream at revision 1",
    "amended": "a new revision of the text (terms added, removed or reworded)",
    "accepted": "a party accepts it: whole, with conditions, or some terms",
    "rejected": "a party rejects it: whole or some terms",
    "reviewing": "a party is studying it and has not decided",
    "countered": "a party answers with another proposal",
    "withdrawn": "by the proposer: withdrawn; by another party: takes back its acceptance",
    "in_force": "the proposal takes effect",
    "ended": "the proposal stops having effect",
    "violation_reported": "one party accuses another of breaking it",
    "talks_held": "a meeting about the proposal",
    "retracted": "a correction: the retracted event stops counting",
}

_FIELDS: dict[str, str] = {
    "type": "the event type: proposed, amended, accepted, rejected, reviewing, countered, withdrawn, in_force, "
            "ended, violation_reported, talks_held or retracted",
    "id": "unique store-wide; omitted: derived from the content",
    "proposal": "the proposal's id (a slug such as ceasefire-30d-2025)",
    "date": "YYYY-MM-DD, or YYYY-MM / YYYY; an interval 2025-03-10/2025-03-16; 2025-03-19? uncertain, ~ approximate",
    "party": "the actor: a party id or alias (Kyiv is stored as UA)",
    "sources": "source ids, or inline {outlet, published, url, quote}",
    "confidence": "confirmed | reported | claimed (default: reported)",
    "note": "free text",
    "title": "the proposal's title",
    "kind": "full_ceasefire | partial_ceasefire | maritime | humanitarian | framework | other",
    "parties": "whose acceptance the proposal needs (party ids or aliases)",
    "terms": "ids of some of the proposal's terms (only those)",
    "duration_days": "how many days it applies once in force",
    "counter_to": "the id of the proposal this one answers",
    "add_terms": "new terms: [{id, text}]",
    "remove_terms": "ids of the terms removed",
    "replace_terms": "existing term ids with new text: [{id, text}]",
    "conditions": "conditions attached (makes it conditional)",
    "reason": "why",
    "counter_proposal": "the id of the proposal the party answers with",
    "starts": "when it takes effect (default: the event's date)",
    "against": "the party accused",
    "disputed_by": "parties that contest what the event states (never changes the fold)",
    "dispute": "how they contest it, in a sentence",
    "description": "what happened",
    "participants": "who took part (party ids or aliases)",
    "location": "where the talks were held",
    "outcome": "what came of them",
    "retracts": "the id of the event this corrects (same proposal)",
}

# Where a field means something else for one event type.
_BY_TYPE: dict[tuple[str, str], str] = {
    ("proposed", "terms"): "the proposal's terms: [{id, text}]",
    ("amended", "title"): "a new title",
    ("amended", "parties"): "a new list of the parties whose acceptance it needs",
    ("ended", "reason"): "expired | terminated | collapsed | superseded",
    ("in_force", "duration_days"): "how many days it stays in force (default: the proposal's)",
    ("violation_reported", "terms"): "ids of the terms broken",
    ("violation_reported", "party"): "the party reporting the violation",
    ("retracted", "reason"): "why the event is corrected",
    ("rejected", "reason"): "why, in the party's words",
    ("talks_held", "party"): "the host or convener, if any",
    ("in_force", "party"): "who declared it in force, if anyone",
    ("ended", "party"): "who ended it, if anyone",
    ("retracted", "party"): "who corrected it, if anyone",
}

REGISTRY: dict[str, str] = {
    "parties": "parties to add to the store's registry (or aliases to add to a known party)",
    "sources": "source documents to add to the store's registry, cited by id in `sources`",
    "defaults": "fields applied to every event below that lacks them (e.g. proposal, sources)",
    "events": "the events of this file, appended together or not at all",
    "party.id": "a short id: a letter, then letters, digits, _ or - (UA, RU, US)",
    "party.name": "the party's name",
    "party.aliases": "other names analysts write for it (Kyiv, Kiev)",
    "source.id": "the id events cite in `sources`",
    "source.outlet": "who published it",
    "source.published": "when: YYYY-MM-DD, or YYYY-MM / YYYY",
    "source.language": "its language, e.g. en, nl, uk",
    "source.url": "where it can be read",
    "source.title": "its title",
    "source.document": "the document it reports on, if any",
    "source.facts": "the facts it supports, in our own words",
    "source.quote": "a short statement by an official (never article prose)",
    "term.id": "the term's id, used by terms, remove_terms and replace_terms",
    "term.text": "the term's wording",
}


def field_hint(field: str, event_type: str | None = None) -> str:
    """One line on what a field means, for this event type when it means something special there."""
    if event_type is not None and (event_type, field) in _BY_TYPE:
        return _BY_TYPE[(event_type, field)]
    return _FIELDS.get(field, "")
