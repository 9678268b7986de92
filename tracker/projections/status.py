"""A proposal's status on a given day, from its folded state (DOMAIN.md, the five status rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tracker.domain.dates import add_days
from tracker.domain.state import Effect


class _Stand(Protocol):
    position: str
    revision: int | None


class Standing(Protocol):
    """What the status rules read: a folded state, or the same fields read from a stored snapshot."""

    @property
    def proposer(self) -> str: ...
    @property
    def parties(self) -> tuple[str, ...]: ...
    @property
    def revision(self) -> int: ...
    @property
    def withdrawn(self) -> bool: ...
    @property
    def effects(self) -> tuple[Effect, ...]: ...
    @property
    def positions(self) -> Mapping[str, _Stand]: ...

AGREEING_OR_PROPOSER = frozenset({"accepted", "conditional", "proposer"})


@dataclass(frozen=True, slots=True)
class Window:
    """When the proposal applied: `until` is the first day it no longer does (None: open-ended)."""

    start: date
    until: date | None


def _effect_status(state: Standing, as_of: date) -> tuple[str, Window] | None:
    latest = None
    for effect in state.effects:  # fold order: the last one that has started decides
        if effect.start <= as_of:
            latest = effect
    if latest is None:
        return None
    if latest.kind == "ended":  # the period it closes was found when it was folded
        return "ended", Window(latest.window_start or latest.start, latest.start)
    # Held at 9999-12-31: a stored `starts` near the calendar's end must not take the status down with it.
    until = add_days(latest.start, latest.duration_days) if latest.duration_days else None
    if until is not None and as_of >= until:
        return "expired", Window(latest.start, until)
    return "in_force", Window(latest.start, until)


def status_at(state: Standing, as_of: date) -> tuple[str, Window | None]:
    """The first rule that holds: withdrawn, ended/in force/expired, rejected, agreed, proposed/negotiating."""
    if state.withdrawn:
        return "withdrawn", None
    effect = _effect_status(state, as_of)
    if effect is not None:
        return effect
    current = [
        state.positions[p]
        for p in state.parties
        if p in state.positions and state.positions[p].revision == state.revision
    ]
    if any(pos.position == "rejected" for pos in current):
        return "rejected", None
    # A required party that proposed (or amended) the text stands by it: its `proposer` counts as agreeing.
    if all(
        p in state.positions
        and state.positions[p].revision == state.revision
        and state.positions[p].position in AGREEING_OR_PROPOSER
        for p in state.parties
    ):
        return "agreed", None
    if not any(_responded(state, p) for p in state.parties):
        return "proposed", None
    return "negotiating", None


def _responded(state: Standing, party: str) -> bool:
    position = state.positions.get(party)
    if position is None:
        return False
    return not (party == state.proposer and position.position == "proposer")
