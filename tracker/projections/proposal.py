"""The proposal fold: (state, event) -> new state, one small function per event type.

Events must arrive in fold order (effective date, then append order) and already
stripped of the ones a visible retraction cancels: choosing which events count
is the caller's business, folding them is this module's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from operator import attrgetter
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.state import Effect, Position, ProposalState, TermPosition, TermState

if TYPE_CHECKING:  # the fold reads attributes only: the read commands must not load the models (pydantic)
    from tracker.domain.events import (
        Accepted,
        Amended,
        BaseEvent,
        Countered,
        Ended,
        InForce,
        Proposed,
        Rejected,
        Reviewing,
        Withdrawn,
    )

State = ProposalState | None

_STATE_FIELDS = tuple(f.name for f in fields(ProposalState))
_FIELD_INDEX = {name: i for i, name in enumerate(_STATE_FIELDS)}
_ALL_FIELDS = attrgetter(*_STATE_FIELDS)


def evolve(state: ProposalState, **changes: Any) -> ProposalState:
    """`dataclasses.replace` without its per-call introspection: the fold's hot path (every field read in
    one call, the changed ones put in place)."""
    values = list(_ALL_FIELDS(state))
    for name, value in changes.items():
        values[_FIELD_INDEX[name]] = value
    return ProposalState(*values)


def _proposed(state: State, event: Proposed) -> State:
    if state is not None:
        return state  # a second `proposed` is refused at ingestion; never fold it over the first
    since = str(event.date)
    return ProposalState(
        id=event.proposal,
        title=event.title,
        kind=event.kind,
        proposer=event.party,
        proposed_on=since,
        proposed_start=event.date.start,
        parties=tuple(event.parties),
        revision=1,
        duration_days=event.duration_days,
        counter_to=event.counter_to,
        terms={t.id: TermState(t.text, 1) for t in event.terms},
        positions={event.party: Position("proposer", since, 1, (), event.confidence, event.id, disputed_by=tuple(event.disputed_by))},
        last_change=since,
    )


def _amended(state: ProposalState, event: Amended) -> ProposalState:
    revision = state.revision + 1
    since = str(event.date)
    terms = dict(state.terms)
    for term_id in event.remove_terms:
        terms.pop(term_id, None)
    for term in event.replace_terms:
        terms[term.id] = TermState(term.text, revision)  # new text: per-term positions lapse
    for term in event.add_terms:
        terms[term.id] = TermState(term.text, revision)
    positions = dict(state.positions)
    mine = positions.get(event.party)
    if mine is None:
        positions[event.party] = Position("proposer", since, revision, (), event.confidence, event.id, disputed_by=tuple(event.disputed_by))
    else:
        positions[event.party] = mine._replace(since=since, revision=revision, event_id=event.id)
    return evolve(
        state,
        revision=revision,
        title=event.title or state.title,
        duration_days=event.duration_days if event.duration_days is not None else state.duration_days,
        parties=tuple(event.parties) if event.parties is not None else state.parties,
        terms=terms,
        positions=positions,
        last_change=since,
    )


def _take_position(state: ProposalState, party: str, position: Position) -> ProposalState:
    positions = dict(state.positions)
    positions[party] = position
    return evolve(state, positions=positions, last_change=position.since)


def _with_term_positions(state: ProposalState, event: Accepted | Rejected, word: str) -> dict[str, TermState]:
    terms = dict(state.terms)
    since = str(event.date)
    for term_id in event.terms:
        term = terms.get(term_id)
        if term is None:
            continue
        positions = dict(term.positions)
        positions[event.party] = TermPosition(word, since, state.revision)
        terms[term_id] = TermState(term.text, term.revision, positions)
    return terms


def _accepted(state: ProposalState, event: Accepted) -> ProposalState:
    if event.terms:
        word = "partial"
        state = evolve(state, terms=_with_term_positions(state, event, "accepted"))
    else:
        word = "conditional" if event.conditions else "accepted"
    position = Position(word, str(event.date), state.revision, tuple(event.conditions), event.confidence, event.id,
                        disputed_by=tuple(event.disputed_by))
    return _take_position(state, event.party, position)


def _rejected(state: ProposalState, event: Rejected) -> ProposalState:
    if event.terms:
        word = "partial"
        state = evolve(state, terms=_with_term_positions(state, event, "rejected"))
    else:
        word = "rejected"
    position = Position(word, str(event.date), state.revision, (), event.confidence, event.id, reason=event.reason,
                        disputed_by=tuple(event.disputed_by))
    return _take_position(state, event.party, position)


def _reviewing(state: ProposalState, event: Reviewing) -> ProposalState:
    position = Position("reviewing", str(event.date), state.revision, (), event.confidence, event.id,
                        disputed_by=tuple(event.disputed_by))
    return _take_position(state, event.party, position)


def _countered(state: ProposalState, event: Countered) -> ProposalState:
    position = Position(
        "countered", str(event.date), state.revision, (), event.confidence, event.id, event.counter_proposal,
        disputed_by=tuple(event.disputed_by),
    )
    return _take_position(state, event.party, position)


def _withdrawn(state: ProposalState, event: Withdrawn) -> ProposalState:
    position = Position("withdrawn", str(event.date), state.revision, (), event.confidence, event.id,
                        disputed_by=tuple(event.disputed_by))
    state = _take_position(state, event.party, position)
    if event.party == state.proposer:
        state = evolve(state, withdrawn=True)
    return state


def _counts_from(state: ProposalState, event: BaseEvent) -> date:
    """The first day an event's date allows, never before its proposal was proposed (the fold rule)."""
    return max(event.date.start, state.proposed_start)


def _in_force(state: ProposalState, event: InForce) -> ProposalState:
    # An explicit `starts` is the analyst's word for when it took effect; by default, when the event counts.
    start = event.starts.start if event.starts else _counts_from(state, event)
    duration = event.duration_days if event.duration_days is not None else state.duration_days
    effect = Effect("in_force", start, duration)
    return evolve(state, effects=_still_deciding(state.effects, effect, _counts_from(state, event)),
                  in_force_starts=_staircase(state.in_force_starts, start.toordinal()), last_change=str(event.date))


def _ended(state: ProposalState, event: Ended) -> ProposalState:
    start = _counts_from(state, event)
    opened = next((s for s in reversed(state.in_force_starts) if s <= start.toordinal()), None)
    effect = Effect("ended", start, None, event.reason, date.fromordinal(opened) if opened is not None else start)
    return evolve(state, effects=_still_deciding(state.effects, effect, start), last_change=str(event.date))


def _still_deciding(effects: tuple[Effect, ...], new: Effect, day: date) -> tuple[Effect, ...]:
    """The effects that can still decide a status on `day` or later.

    The last effect in fold order that has started decides (status rule 2), so of those that have
    started by `day` only the last can ever decide again; those starting later are all kept. Without
    this, a state would carry every `in_force` and `ended` ever folded, and decoding it would cost
    more the longer the history.
    """
    every = (*effects, new)
    last_started = max((i for i, e in enumerate(every) if e.start <= day), default=-1)
    return tuple(e for i, e in enumerate(every) if i == last_started or e.start > day)


def _staircase(starts: tuple[int, ...], start: int) -> tuple[int, ...]:
    """In-force starts an `ended` may still close: it closes the last one in fold order that started
    by its date, so an earlier start that is not before a later one can never be that one."""
    return (*(s for s in starts if s < start), start)


_HANDLERS: dict[str, Callable[[Any, Any], State]] = {
    "amended": _amended,
    "accepted": _accepted,
    "rejected": _rejected,
    "reviewing": _reviewing,
    "countered": _countered,
    "withdrawn": _withdrawn,
    "in_force": _in_force,
    "ended": _ended,
}

# Types that leave the state as it is: violations and talks are listed, retractions decide which events count.
# Keeping violations out of the state also keeps a late violation report from rewriting later snapshots.
NEUTRAL_TYPES = frozenset({"violation_reported", "talks_held", "retracted"})


def apply(state: State, event: BaseEvent) -> State:
    """Fold one event into a proposal's state."""
    kind = event.type  # type: ignore[attr-defined]
    if kind == "proposed":
        return _proposed(state, event)  # type: ignore[arg-type]
    if state is None or kind in NEUTRAL_TYPES:
        return state  # an event without a visible `proposed` has nothing to act on
    return _HANDLERS[kind](state, event)


def fold(events: Iterable[BaseEvent], state: State = None) -> State:
    for event in events:
        state = apply(state, event)
    return state
