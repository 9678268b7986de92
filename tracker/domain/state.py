"""Where a proposal stands after folding its events: the state every view is read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal, Mapping, NamedTuple

from tracker.domain.lazy import LazyMapping

PositionName = Literal[
    "proposer", "accepted", "conditional", "partial", "reviewing", "countered", "rejected", "withdrawn", "unknown"
]
POSITIONS: tuple[str, ...] = PositionName.__args__  # type: ignore[attr-defined]
StatusName = Literal["proposed", "negotiating", "agreed", "rejected", "in_force", "expired", "ended", "withdrawn"]
STATUSES: tuple[str, ...] = StatusName.__args__  # type: ignore[attr-defined]


# The leaves of a state are named tuples, not frozen dataclasses: as immutable, and built several times
# faster, which counts because every snapshot read from the store is decoded into them.
class Position(NamedTuple):
    """One party's stand on one proposal."""

    position: str
    since: str
    revision: int
    conditions: tuple[str, ...] = ()
    confidence: str = "reported"
    event_id: str | None = None
    counter_proposal: str | None = None
    reason: str | None = None
    disputed_by: tuple[str, ...] = ()  # from the deciding event; shown, never folded


class TermPosition(NamedTuple):
    position: str  # accepted | rejected
    since: str
    revision: int


class TermState(NamedTuple):
    text: str
    revision: int  # the revision whose text this is
    positions: Mapping[str, TermPosition] = MappingProxyType({})


class Effect(NamedTuple):
    """An `in_force` or `ended` event: what decides whether the proposal applies."""

    kind: str  # in_force | ended
    start: date
    duration_days: int | None = None
    reason: str | None = None
    # For `ended`: the start of the period it ends (its own start when nothing was in force), taken
    # when it is folded, so that the state need not keep every earlier `in_force` to answer it.
    window_start: date | None = None


@dataclass(frozen=True, slots=True)
class ProposalState:
    """A proposal's fold: text, revision, positions, per-term positions and effects."""

    id: str
    title: str
    kind: str
    proposer: str
    proposed_on: str
    proposed_start: date
    parties: tuple[str, ...]
    revision: int = 1
    duration_days: int | None = None
    counter_to: str | None = None
    terms: Mapping[str, TermState] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    withdrawn: bool = False
    effects: tuple[Effect, ...] = ()  # only those that can still decide, in fold order (see projections.proposal)
    last_change: str | None = None
    in_force_starts: tuple[int, ...] = ()  # ordinals, in fold order, of the in_force starts an `ended` may close

    def is_stale(self, position: Position) -> bool:
        return position.revision < self.revision

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, used to keep snapshots in the store."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "proposer": self.proposer,
            "proposed_on": self.proposed_on,
            "proposed_start": self.proposed_start.toordinal(),
            "parties": list(self.parties),
            "revision": self.revision,
            "duration_days": self.duration_days,
            "counter_to": self.counter_to,
            "terms": {
                tid: [t.text, t.revision, {p: [tp.position, tp.since, tp.revision] for p, tp in t.positions.items()}]
                for tid, t in self.terms.items()
            },
            "positions": {
                p: [
                    pos.position,
                    pos.since,
                    pos.revision,
                    list(pos.conditions),
                    pos.confidence,
                    pos.event_id,
                    pos.counter_proposal,
                    pos.reason,
                    # Only when there is one: snapshots of undisputed positions keep the form they always had.
                    *([list(pos.disputed_by)] if pos.disputed_by else []),
                ]
                for p, pos in self.positions.items()
            },
            "withdrawn": self.withdrawn,
            "effects": [
                [e.kind, e.start.toordinal(), e.duration_days, e.reason, e.window_start and e.window_start.toordinal()]
                for e in self.effects
            ],
            "last_change": self.last_change,
            "in_force_starts": list(self.in_force_starts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProposalState":
        return cls(
            id=data["id"],
            title=data["title"],
            kind=data["kind"],
            proposer=data["proposer"],
            proposed_on=data["proposed_on"],
            proposed_start=date.fromordinal(data["proposed_start"]),
            parties=tuple(data["parties"]),
            revision=data["revision"],
            duration_days=data["duration_days"],
            counter_to=data["counter_to"],
            terms=LazyMapping(data["terms"], _terms_from) if data["terms"] else {},
            positions={
                p: Position(pos, since, rev, tuple(cond), conf, eid, counter, reason, tuple(disputed[0]) if disputed else ())
                for p, (pos, since, rev, cond, conf, eid, counter, reason, *disputed) in data["positions"].items()
            },
            withdrawn=data["withdrawn"],
            effects=effects_from(data["effects"]),
            last_change=data["last_change"],
            in_force_starts=tuple(data["in_force_starts"]) if "in_force_starts" in data else tuple(
                s for k, s, *_ in data["effects"] if k == "in_force"),
        )


def _terms_from(stored: dict[str, Any]) -> dict[str, TermState]:
    return {
        tid: TermState(text, rev, {p: TermPosition(*tp) for p, tp in positions.items()})
        for tid, (text, rev, positions) in stored.items()
    }


def effects_from(stored: list[list[Any]]) -> tuple[Effect, ...]:
    effects = []
    for kind, start, duration, reason, *window in stored:
        if window:
            effects.append(Effect(kind, date.fromordinal(start), duration, reason,
                                  date.fromordinal(window[0]) if window[0] is not None else None))
        elif kind == "ended":  # stored before ended effects kept their window: every earlier effect is in the list
            started = [s for k, s, *_ in stored[: len(effects)] if k == "in_force" and s <= start]
            effects.append(Effect(kind, date.fromordinal(start), duration, reason,
                                  date.fromordinal(started[-1] if started else start)))
        else:
            effects.append(Effect(kind, date.fromordinal(start), duration, reason))
    return tuple(effects)
