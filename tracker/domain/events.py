"""The events of a proposal's stream: frozen, validated, and never changed once stored."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)

from tracker.domain.dates import FuzzyDate


def _to_fuzzy_date(value: Any) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    if isinstance(value, date):
        return FuzzyDate.of(value)
    if isinstance(value, int):
        return FuzzyDate.parse(f"{value:04d}")
    if isinstance(value, str):
        return FuzzyDate.parse(value)
    raise ValueError("expected a date (YYYY-MM-DD, YYYY-MM or YYYY)")


# The date syntax of event files, as the editor schema checks it: one definition (`$defs/Date` in the schema),
# referred to by every date field, so that a wider syntax is written here once. Text goes by the pattern (a
# month 01-12, a day 01-31; the calendar check is the tracker's), a bare year may be a YAML number.
DATE_JSON_SCHEMA: dict[str, Any] = {
    "type": ["string", "integer"],
    "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
    "patternErrorMessage": "a date: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known "
                           "(month 01-12, day 01-31)",
    "minimum": 1000,
    "maximum": 9999,
    "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only that is known",
}

DateText = Annotated[
    FuzzyDate,
    BeforeValidator(_to_fuzzy_date),
    PlainSerializer(str, return_type=str),
    # Marked so that the editor schema can lift it into its one `$defs/Date` and refer to it.
    WithJsonSchema({**DATE_JSON_SCHEMA, "x-definition": "Date"}),
]

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
PartyRef = Annotated[str, StringConstraints(min_length=1, max_length=64)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=4000)]
PositiveDays = Annotated[int, Field(gt=0, le=36500)]

Confidence = Literal["confirmed", "reported", "claimed"]
Kind = Literal["full_ceasefire", "partial_ceasefire", "maritime", "humanitarian", "framework", "other"]
EndReason = Literal["expired", "terminated", "collapsed", "superseded"]

KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
CONFIDENCES: tuple[str, ...] = Confidence.__args__  # type: ignore[attr-defined]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Party(_Frozen):
    """An actor: a short id, a name and the other names analysts use for it."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
    name: ShortText
    aliases: tuple[ShortText, ...] = ()


class InlineSource(_Frozen):
    """A source cited directly in an event rather than through the registry."""

    outlet: ShortText
    published: DateText | None = None
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    quote: LongText | None = None
    language: Annotated[str, StringConstraints(max_length=16)] | None = None


class Source(_Frozen):
    """A registered source document, cited by id."""

    id: Identifier
    outlet: ShortText
    published: DateText | None = None
    language: Annotated[str, StringConstraints(max_length=16)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    title: ShortText | None = None
    document: ShortText | None = None
    facts: tuple[LongText, ...] = ()
    quote: LongText | None = None


SourceRef = Union[Identifier, InlineSource]


class Term(_Frozen):
    id: Identifier
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class BaseEvent(_Frozen):
    """Fields every event has."""

    id: Identifier | None = None
    proposal: Identifier
    date: DateText
    sources: tuple[SourceRef, ...] = ()
    confidence: Confidence = "reported"
    note: LongText | None = None


class Proposed(BaseEvent):
    """Opens the stream at revision 1."""

    type: Literal["proposed"] = "proposed"
    party: PartyRef
    title: ShortText
    kind: Kind
    parties: Annotated[tuple[PartyRef, ...], Field(min_length=1)]
    terms: tuple[Term, ...] = ()
    duration_days: PositiveDays | None = None
    counter_to: Identifier | None = None


class Amended(BaseEvent):
    """A new revision of the text."""

    type: Literal["amended"] = "amended"
    party: PartyRef
    title: ShortText | None = None
    add_terms: tuple[Term, ...] = ()
    remove_terms: tuple[Identifier, ...] = ()
    replace_terms: tuple[Term, ...] = ()
    duration_days: PositiveDays | None = None
    parties: Annotated[tuple[PartyRef, ...], Field(min_length=1)] | None = None


class Accepted(BaseEvent):
    type: Literal["accepted"] = "accepted"
    party: PartyRef
    terms: tuple[Identifier, ...] = ()
    conditions: tuple[LongText, ...] = ()


class Rejected(BaseEvent):
    type: Literal["rejected"] = "rejected"
    party: PartyRef
    terms: tuple[Identifier, ...] = ()
    reason: LongText | None = None


class Reviewing(BaseEvent):
    type: Literal["reviewing"] = "reviewing"
    party: PartyRef


class Countered(BaseEvent):
    type: Literal["countered"] = "countered"
    party: PartyRef
    counter_proposal: Identifier


class Withdrawn(BaseEvent):
    type: Literal["withdrawn"] = "withdrawn"
    party: PartyRef


class InForce(BaseEvent):
    type: Literal["in_force"] = "in_force"
    party: PartyRef | None = None
    starts: DateText | None = None
    duration_days: PositiveDays | None = None


class Ended(BaseEvent):
    type: Literal["ended"] = "ended"
    party: PartyRef | None = None
    reason: EndReason


class ViolationReported(BaseEvent):
    type: Literal["violation_reported"] = "violation_reported"
    party: PartyRef
    against: PartyRef
    terms: tuple[Identifier, ...] = ()
    disputed_by: tuple[PartyRef, ...] = ()
    description: LongText | None = None


class TalksHeld(BaseEvent):
    type: Literal["talks_held"] = "talks_held"
    party: PartyRef | None = None
    participants: Annotated[tuple[PartyRef, ...], Field(min_length=1)]
    location: ShortText
    outcome: LongText | None = None


class Retracted(BaseEvent):
    type: Literal["retracted"] = "retracted"
    party: PartyRef | None = None
    retracts: Identifier
    reason: LongText


Event = Annotated[
    Union[
        Proposed,
        Amended,
        Accepted,
        Rejected,
        Reviewing,
        Countered,
        Withdrawn,
        InForce,
        Ended,
        ViolationReported,
        TalksHeld,
        Retracted,
    ],
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

EVENT_CLASSES: dict[str, type[BaseEvent]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        Proposed,
        Amended,
        Accepted,
        Rejected,
        Reviewing,
        Countered,
        Withdrawn,
        InForce,
        Ended,
        ViolationReported,
        TalksHeld,
        Retracted,
    )
}
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_CLASSES)

# Fields whose values name parties, so that aliases can be resolved wherever a party is expected.
PARTY_FIELDS: tuple[str, ...] = ("party", "parties", "against", "disputed_by", "participants")


def value_of(event: object, name: str) -> Any:
    """A field that only some event types have (None where the type has none), without pydantic's slow miss path."""
    return event.__dict__.get(name)


@lru_cache(maxsize=None)
def fields_of(event_type: str) -> tuple[str, ...]:
    """The fields an event of this type may carry, in declaration order."""
    return tuple(name for name in EVENT_CLASSES[event_type].model_fields if name != "type")


def required_fields_of(event_type: str) -> tuple[str, ...]:
    model = EVENT_CLASSES[event_type]
    return tuple(name for name, f in model.model_fields.items() if f.is_required() and name != "type")
