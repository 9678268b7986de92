"""Keeps the snapshots (the projection kept in the database) equal to a fold of the visible events.

Snapshots are versioned by position: a row is current from `rec_from` until `rec_to`, so that
"as known at T" reads the rows that were current at T, and "as of D" reads the latest row dated
on or before D. Both are index seeks; nothing replays the log at query time.
"""

from __future__ import annotations

import bisect
import heapq
from datetime import date
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from tracker.application import progress
from tracker.application.parallel_replay import replayed, workers_for
from tracker.domain.events import BaseEvent
from tracker.domain.state import ProposalState
from tracker.projections.history import Check, changed_rows, decode, encode, refold
from tracker.projections.proposal import apply
from tracker.projections.proposal import NEUTRAL_TYPES
from tracker.store import OPEN, Session, Store, StoredEvent, VerifyProblem
from tracker.store.light import light_event


def update(
    session: Session,
    from_days: Mapping[str, int],
    fresh: Sequence[tuple[StoredEvent, BaseEvent]],
    check: Check | None = None,
) -> None:
    """Refold each proposal from the earliest day a new event (or retraction) touches.

    `fresh` is the batch just written (rows and their events): only the older rows are read back.
    """
    position = fresh[-1][0].position
    first = fresh[0][0].position
    by_stream: dict[str, list[tuple[int, int, BaseEvent]]] = {}
    for row, event in fresh:
        by_stream.setdefault(row.stream_id, []).append((row.effective, row.position, event))
    plans = []
    for proposal, from_day in sorted(from_days.items()):
        # heapq.merge needs both inputs in fold order; a file's events need not be listed in date order.
        newer = sorted((t for t in by_stream.get(proposal, ()) if t[0] >= from_day), key=_order)
        # Stored events that cannot change a state are left out: the checks look only at the new events,
        # and an older violation report or talk leaves every state as it was.
        changes = any(e.type not in _REPORTS for _, _, e in newer)  # type: ignore[attr-defined]
        until = None if changes else newer[-1][0] if newer else from_day
        plans.append((proposal, from_day, newer, changes, until))
    for i in range(0, len(plans), _PROPOSALS_AT_ONCE):
        _refold_some(session, plans[i : i + _PROPOSALS_AT_ONCE], first, position, check)


# Proposals refolded together: what they need is read in one statement each, and held in memory at once
# (a large back-dated file can bring a good part of each proposal's history back).
_PROPOSALS_AT_ONCE = 50


def _refold_some(session: Session, plans: list[tuple[str, int, list[tuple[int, int, BaseEvent]], bool, int | None]],
                 first: int, position: int, check: Check | None) -> None:
    bases, currents, stored = session.refold_inputs(
        [(p, day - 1) for p, day, *_ in plans], [(p, day) for p, day, _, changes, _ in plans if changes],
        [(p, day, until) for p, day, _, _, until in plans], first - 1, NEUTRAL_TYPES)
    for proposal, from_day, newer, changes, _ in plans:
        base = bases.get(proposal)
        state = decode(base.state) if base else None
        older = [(r.effective, r.position, light_event(r.event_id, r.payload)) for r in stored.get(proposal, ())]
        # A stored retraction can only hide a stored event: without older events, the plan's own are enough.
        retracted = session.retractions(proposal, stored=bool(older))
        triples = [t for t in heapq.merge(older, newer, key=_order) if t[2].id not in retracted]
        days = refold(state, triples, check)
        if not changes:
            continue  # only reports and talks: checked against the states, which they leave as they were
        fresh = {d: encode(s, remember=True) for d, s in days.items()}  # the next append starts from these
        close, add = changed_rows(currents.get(proposal, {}), fresh)
        session.replace_snapshots(proposal, close, add, position)


# What a batch may hold for a proposal and still leave its states as they were (a retraction may not).
_REPORTS = NEUTRAL_TYPES - {"retracted"}


def _order(triple: tuple[int, int, BaseEvent]) -> tuple[int, int]:
    return triple[0], triple[1]


@dataclass
class _Replay:
    """One proposal's projection rebuilt batch by batch, in memory, exactly as appends maintained it."""

    proposal: str
    visible: list[tuple[int, int, BaseEvent]] = field(default_factory=list)
    retracted: set[str] = field(default_factory=set)
    effective_of: dict[str, int] = field(default_factory=dict)
    current: dict[int, tuple[int, str, ProposalState]] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)  # the keys of `current`, sorted
    rows: list[dict[str, object]] = field(default_factory=list)

    def batch(self, events: list[tuple[Any, BaseEvent]], position: int) -> None:
        if self._follows(events):
            self._extend(events, position)
            return
        touched = []
        for row, event in events:
            if row.retracts is not None:  # a retraction counts through what it retracts, not on its own day
                self.retracted.add(row.retracts)
                if row.retracts in self.effective_of:
                    touched.append(self.effective_of[row.retracts])
                continue
            self.effective_of[row.event_id] = row.effective
            touched.append(row.effective)
            bisect.insort(self.visible, (row.effective, row.position, event), key=_order)
        if not touched:
            return
        from_day = min(touched)
        before = bisect.bisect_left(self.days, from_day)
        state = self.current[self.days[before - 1]][2] if before else None
        start = bisect.bisect_left(self.visible, (from_day, 0), key=_order)
        triples = [t for t in self.visible[start:] if t[2].id not in self.retracted]
        fresh, cut = self._refold(state, triples, max(touched))
        encoded = {d: encode(s) for d, s in fresh.items()}
        kept = self.days[before:] if cut is None else self.days[before:bisect.bisect_left(self.days, cut)]
        close, add = changed_rows({d: self.current[d][1] for d in kept}, encoded)
        for day in close:
            rec_from, text, _ = self.current.pop(day)
            self.rows.append(self._row(day, rec_from, position, text))
        for day, text in add:
            self.current[day] = (position, text, fresh[day])
        if close or add:
            self.days[before:] = sorted(d for d in self.current if d >= from_day)

    def _refold(self, state: ProposalState | None, triples: list[tuple[int, int, BaseEvent]], last: int
                ) -> tuple[dict[int, ProposalState], int | None]:
        """`refold`, stopped at the first day after every day the batch touched on which the state is the one
        the previous fold had there: from then on the same events give the same states, so those days keep
        their rows (and are not encoded again). Returns the states and that day (None: folded to the end)."""
        fresh: dict[int, ProposalState] = {}
        previous_day = None
        for day, _, event in triples:
            if day > last and day != previous_day:
                k = bisect.bisect_left(self.days, day)  # the rows dated before `day`: the state it starts from
                # Compared as stored text, not as values: equal states can hold their dictionaries in another
                # order, and the rows kept must be the very text a full refold would give.
                if (self.current[self.days[k - 1]][1] if k else None) == (encode(state) if state else None):
                    return fresh, day
            previous_day = day
            after = apply(state, event)
            if after is not state and after is not None:
                fresh[day] = after
            state = after
        return fresh, None

    def _follows(self, events: list[tuple[Any, BaseEvent]]) -> bool:
        """True if the batch only continues the history: no retraction, each event folded after every earlier one
        (most batches: analysts record what happened since). Then the fold goes on from the last state."""
        last = self.visible[-1][0] if self.visible else None
        for row, _ in events:
            if row.retracts is not None or (last is not None and row.effective < last):
                return False
            last = row.effective
        return True

    def _extend(self, events: list[tuple[Any, BaseEvent]], position: int) -> None:
        """`batch` for a batch that continues the history: only its own events are folded, each changed day's
        state encoded once; an unchanged day keeps its row, as `changed_rows` would keep it."""
        state = self.current[self.days[-1]][2] if self.days else None
        fresh: dict[int, ProposalState] = {}
        for row, event in events:
            self.effective_of[row.event_id] = row.effective
            self.visible.append((row.effective, row.position, event))
            after = apply(state, event)
            if after is not state and after is not None:
                fresh[row.effective] = after
            state = after
        for day, after in fresh.items():
            text = encode(after)
            known = self.current.get(day)
            if known is not None:
                if known[1] == text:
                    continue
                self.rows.append(self._row(day, known[0], position, known[1]))
            else:
                self.days.append(day)
            self.current[day] = (position, text, after)

    def finish(self) -> list[dict[str, object]]:
        for day, (rec_from, text, _) in self.current.items():
            self.rows.append(self._row(day, rec_from, OPEN, text))
        return self.rows

    def _row(self, day: int, rec_from: int, rec_to: int, text: str) -> dict[str, object]:
        return {"proposal_id": self.proposal, "valid_from": day, "rec_from": rec_from, "rec_to": rec_to, "state": text}


def rebuild(store: Store) -> int:
    """Recreate every snapshot from the events alone, one proposal at a time; returns the events in the log."""
    with store.session(write=True) as session:
        count = session.head()
        batch_end = session.batch_ends()
        session.clear_snapshots()
        proposals = sorted(session.proposals())
        sizes = session.stream_versions(proposals)  # each proposal's events, reports included
        workers = workers_for(store, count)
        progress.start(count, "rebuilding")
        pending: list[dict[str, object]] = []  # written a few thousand at a time: one statement (or COPY) each
        for proposal, rows in replayed(store, session, proposals, sizes, batch_end, replayed_chunk, workers):
            progress.phase(f"folded {proposal}")
            pending += rows
            if len(pending) >= _WRITE_ROWS:
                session.insert_snapshots(pending)
                pending = []
            progress.advance(sizes.get(proposal, 0), sizes.get(proposal, 0))
        session.insert_snapshots(pending)
    return count


_WRITE_ROWS = 5_000


def replayed_chunk(session: Session, proposals: Sequence[str], batch_end: Mapping[str, int]
                   ) -> list[tuple[str, list[dict[str, object]]]]:
    """`replayed_rows` of several proposals, their events read in one statement."""
    # Reports and talks never change a state: most of an archive is never read back here.
    found = session.fold_rows_of([(p, 0, None) for p in proposals], upto=session.head(), skip_types=_REPORTS)
    return [(p, replayed_rows(session, p, batch_end, found.get(p, []))) for p in proposals]


def replayed_rows(session: Session, proposal: str, batch_end: Mapping[str, int],
                  stored: Sequence[Any] | None = None) -> list[dict[str, object]]:
    """The snapshot rows of one proposal, rebuilt in memory from its events, batch by batch (nothing written).
    `stored`: its events if already read (as `fold_rows` gives them)."""
    if stored is None:
        stored = session.fold_rows(proposal, skip_types=_REPORTS)
    rows = sorted(stored, key=lambda r: r.position)
    replay = _Replay(proposal)
    group: list[tuple[Any, BaseEvent]] = []
    for row in rows:
        if group and group[-1][0].recorded_at != row.recorded_at:
            replay.batch(group, batch_end[group[-1][0].recorded_at])
            group = []
        group.append((row, light_event(row.event_id, row.payload)))
    if group:
        replay.batch(group, batch_end[group[-1][0].recorded_at])
    return replay.finish()


def compare_with_rebuild(store: Store) -> list[VerifyProblem]:
    """Every stored snapshot row compared with a rebuild from the events, in memory, one proposal at a time.

    Catches what a row's checksum cannot: a forged row whose checksum was recomputed, a row moved in time,
    a row added or taken away. Reads one consistent snapshot of the store; writes nothing.
    """
    with store.session() as session:
        batch_end = session.batch_ends()
        for proposal in sorted(set(session.proposals()) | set(session.snapshot_proposals())):
            rebuilt = sorted((r["valid_from"], r["rec_from"], r["rec_to"], r["state"])
                             for r in replayed_rows(session, proposal, batch_end))
            stored = session.proposal_snapshots(proposal)
            if rebuilt != stored:
                return [_difference(proposal, stored, rebuilt)]
    return []


def _difference(proposal: str, stored: list[tuple[Any, ...]], rebuilt: list[tuple[Any, ...]]) -> VerifyProblem:
    fix = "run `tracker rebuild`"
    for have, want in zip(stored, rebuilt):
        if have != want:
            day = _day(have[0])
            if have[:3] != want[:3]:
                what = f"row dated {day} recorded at positions {have[1]}..{_end(have[2])}, a rebuild has it dated " \
                       f"{_day(want[0])} at {want[1]}..{_end(want[2])}"
            else:
                what = f"row dated {day} (recorded from position {have[1]}) holds {_changed_fields(have[3], want[3])} " \
                       "that the events do not give"
            return VerifyProblem(have[1], f"snapshots of proposal '{proposal}' differ from a rebuild: {what}; {fix}")
    extra = "more" if len(stored) > len(rebuilt) else "fewer"
    return VerifyProblem(0, f"snapshots of proposal '{proposal}': {len(stored)} rows, {extra} than the "
                         f"{len(rebuilt)} a rebuild from the events gives; {fix}")


def _day(ordinal: int) -> str:
    try:
        return date.fromordinal(ordinal).isoformat()
    except (ValueError, OverflowError):
        return f"day {ordinal}"


def _end(rec_to: int) -> str:
    return "now" if rec_to == OPEN else str(rec_to)


def _changed_fields(have: str, want: str) -> str:
    try:
        a, b = orjson.loads(have), orjson.loads(want)
    except orjson.JSONDecodeError:
        return "content that cannot be read"
    if not isinstance(a, dict) or not isinstance(b, dict):
        return "content"
    fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return "different " + ", ".join(f"'{f}'" for f in fields[:5]) if fields else "content"
