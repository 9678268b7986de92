"""The events of a proposal's stream: frozen, validated, and never changed once stored."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    model_validator,
)

from tracker.domain.date_schema import DATE_JSON_SCHEMA  # noqa: F401 - the editor schema's `$defs/Date`
from tracker.domain.dates import FuzzyDate


# A date field: validated, serialised and described in JSON Schema by FuzzyDate itself (tracker.domain.dates).
DateText = FuzzyDate

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


class Fact(_Frozen):
    """One statement of a source, in our own words, with the events that carry it or why none does."""

    fact: LongText
    at: ShortText | None = None  # where in the document: paragraph and sentence, e.g. "p3 s2"
    events: tuple[Identifier, ...] = ()
    none: LongText | None = None  # why no event carries it: context, after the source's date, too vague

    @model_validator(mode="after")
    def _carried_or_explained(self) -> "Fact":
        if not self.events and not self.none:
            raise ValueError("a fact lists the events that carry it, or says under `none` why no event does")
        return self


class Source(_Frozen):
    """A registered source document, cited by id."""

    id: Identifier
    outlet: ShortText
    published: DateText | None = None
    language: Annotated[str, StringConstraints(max_length=16)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    title: ShortText | None = None
    document: ShortText | None = None
    # A fact is plain text, or (as in the bundled audit) a Fact: the tag keeps refusals to the form written.
    facts: tuple[Annotated[Union[Annotated[LongText, Tag("text")], Annotated[Fact, Tag("fact")]],
                           Discriminator(lambda v: "text" if isinstance(v, str) else "fact")], ...] = ()
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
    # Who contests what the event states, and how. Like `confidence`, it never changes the fold: the event
    # counts as it is, and is shown as disputed wherever it is shown.
    disputed_by: tuple[PartyRef, ...] = ()
    dispute: LongText | None = None


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
