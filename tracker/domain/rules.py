"""Rules an event must keep against the state of its proposal just before it (DOMAIN.md, 'What is refused')."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from tracker.domain.dates import future_problem
from tracker.domain.errors import Problem, nearest
from tracker.domain.events import BaseEvent, value_of
from tracker.domain.state import ProposalState


def _unknown_terms(field: str, named: tuple[str, ...], state: ProposalState, *suffix: str) -> list[Problem]:
    problems = []
    for i, term_id in enumerate(named):
        if term_id not in state.terms:
            problems.append(
                Problem(
                    (field, i, *suffix),
                    f"unknown term '{term_id}' of '{state.id}' revision {state.revision}",
                    expected=f"one of: {', '.join(state.terms) or '(the proposal has no terms)'}",
                    found=term_id,
                    suggestion=nearest(term_id, state.terms),
                )
            )
    return problems


def _amendment_terms(event: BaseEvent, state: ProposalState) -> list[Problem]:
    problems = _unknown_terms("remove_terms", event.remove_terms, state)  # type: ignore[attr-defined]
    problems += _unknown_terms("replace_terms", tuple(t.id for t in event.replace_terms), state, "id")  # type: ignore[attr-defined]
    removed = set(event.remove_terms)  # type: ignore[attr-defined]
    for i, term in enumerate(event.add_terms):  # type: ignore[attr-defined]
        if term.id in state.terms and term.id not in removed:
            problems.append(
                Problem(
                    ("add_terms", i, "id"),
                    f"term '{term.id}' already exists in '{state.id}'; use replace_terms to change its text",
                    expected="a new term id",
                    found=term.id,
                )
            )
    return problems


def check(
    state: ProposalState | None,
    event: BaseEvent,
    proposal_exists: Callable[[str], bool],
    known_proposals: Callable[[], Collection[str]],
    reopening: Callable[[BaseEvent], list[Problem]] | None = None,
) -> list[Problem]:
    """Problems with `event` given its proposal's state just before it (paths relative to the event).

    `reopening` judges a `proposed` for a stream that exists but has no state before it: a correction
    that replaces a retracted `proposed` is not a second one (the caller knows the stored stream).
    """
    kind = event.type  # type: ignore[attr-defined]
    if kind == "proposed":
        if state is None and reopening is not None and proposal_exists(event.proposal):
            return reopening(event)
        if state is not None or proposal_exists(event.proposal):
            return [Problem(("type",), f"proposal '{event.proposal}' was already proposed; a stream has one `proposed`",
                            expected="amended, to change its text", found="proposed")]
        return []
    if state is None and kind == "retracted" and proposal_exists(event.proposal):
        return []  # a retraction may correct the `proposed` itself: the stream exists, its state is gone
    if state is None and proposal_exists(event.proposal):
        return [Problem(("proposal",), f"proposal '{event.proposal}' no longer counts: its `proposed` was retracted",
                        expected="a proposal whose `proposed` stands", found=event.proposal)]
    if state is None:
        return [Problem(("proposal",), f"unknown proposal '{event.proposal}'",
                        expected="a proposal opened by a `proposed` event in the store or earlier in this file",
                        found=event.proposal, suggestion=nearest(event.proposal, known_proposals()))]
    if event.date.end < state.proposed_start:
        return [Problem(("date",), f"dated {event.date}, before '{state.id}' was proposed on {state.proposed_on}",
                        expected=f"{state.proposed_on} or later", found=str(event.date))]
    if kind in ("accepted", "rejected", "violation_reported"):
        return _unknown_terms("terms", event.terms, state)  # type: ignore[attr-defined]
    if kind == "amended":
        return _amendment_terms(event, state)
    return []


def future_dates(event: BaseEvent, today: date) -> list[Problem]:
    """An event's `date`, and an `in_force`'s `starts`, must have come by today (an interval: have ended)."""
    problems = []
    for name in ("date", "starts"):
        value = value_of(event, name)
        why = future_problem(value, today, "dated" if name == "date" else name) if value is not None else None
        if why is not None:
            problems.append(Problem((name,), why.message, expected=why.expected, found=str(value),
                                    suggestion=why.suggestion))
    return problems
