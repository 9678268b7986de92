"""Reading the tracker: status, timeline, diff, replay and history, as of a date and as known at an instant."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
import gc
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from tracker.application.views import (
    Change,
    EventView,
    PartyView,
    PositionView,
    ProposalView,
    ReplayStep,
    SourceView,
    StatusReport,
    StoreMark,
    TermView,
    ViolationView,
    WindowView,
)
from tracker.domain.dates import add_days
from tracker.domain.lazy import LazyMapping
from tracker.domain.state import Effect, ProposalState, effects_from
from tracker.projections.proposal import apply
from tracker.projections.status import Standing, status_at
from tracker.store import Session, Store, StoredEvent, parse_instant
from tracker.store.light import light_event


def proposal_view(state: ProposalState, as_of: date, violations: tuple[ViolationView, ...] | None = ()) -> ProposalView:
    return _dated(state, _static_view(state), as_of, violations)


def _dated(state: Standing, static: ProposalView, as_of: date,
           violations: tuple[ViolationView, ...] | None) -> ProposalView:
    """The parts of a view that depend on the day (status, in-force window) and on what was asked (violations)."""
    status, window = status_at(state, as_of)
    # A shallow copy of the frozen view through its __dict__: copy.copy goes through __reduce_ex__,
    # which cost more than the rest of a status of all proposals put together.
    view = object.__new__(ProposalView)
    fields = view.__dict__
    fields.update(static.__dict__)
    fields["status"] = status
    fields["in_force"] = WindowView(window.start, window.until) if window else None
    fields["violations"] = violations or ()
    fields["violations_listed"] = violations is not None
    return view


@dataclass(frozen=True, slots=True)
class _Standing:
    """What the status rules read of a state (see `status_at`), taken from a stored snapshot."""

    id: str
    proposer: str
    parties: tuple[str, ...]
    revision: int
    withdrawn: bool
    effects: tuple[Effect, ...]
    positions: dict[str, PositionView]  # the parties that have spoken


@lru_cache(maxsize=16384)
def _snapshot(text: str) -> tuple[_Standing, ProposalView]:
    """A stored snapshot decoded once: stepping through dates reads the same snapshots again and again.

    The view is built straight from the stored form, without the full state in between: a status of
    every proposal decodes hundreds of snapshots, and building each state first doubled the cost.
    """
    data = orjson.loads(text)
    revision = data["revision"]
    spoken = _spoken(data["positions"], revision)
    parties = tuple(data["parties"])
    view = ProposalView(
        id=data["id"], title=data["title"], kind=data["kind"], status="", revision=revision,
        proposed_by=data["proposer"], proposed_on=data["proposed_on"], parties=parties,
        positions=_with_unknowns(parties, spoken), terms=LazyMapping(data["terms"], _term_views) if data["terms"] else {},
        in_force=None, violations=(), last_change=data["last_change"], duration_days=data["duration_days"],
        counter_to=data["counter_to"],
    )
    standing = _Standing(data["id"], data["proposer"], parties, revision, data["withdrawn"],
                         effects_from(data["effects"]), spoken)
    return standing, view


# A state's Position and TermState, and their stored lists, hold the same fields in the same order: the
# views are built from either.
def _spoken(positions: Mapping[str, Sequence[Any]], revision: int) -> dict[str, PositionView]:
    return {
        party: PositionView(party, pos, since, rev, rev < revision, tuple(cond), conf, eid, counter, reason,
                            tuple(disputed[0]) if disputed else ())
        for party, (pos, since, rev, cond, conf, eid, counter, reason, *disputed) in positions.items()
    }


def _with_unknowns(parties: tuple[str, ...], spoken: dict[str, PositionView]) -> dict[str, PositionView]:
    """Every required party first (as `unknown` until it speaks), then the others that have spoken."""
    return {p: spoken.get(p) or PositionView(p, "unknown", None, None) for p in parties} | spoken


def _term_views(terms: Mapping[str, Sequence[Any]]) -> dict[str, TermView]:
    return {tid: TermView(tid, text, rev, {p: tp[0] for p, tp in positions.items()})
            for tid, (text, rev, positions) in terms.items()}


_SETTLE_AFTER = 32  # newly decoded snapshots in one status that make it worth settling them


def _settle() -> None:
    """Move the decoded snapshots out of the cyclic collector's sight.

    The cache holds up to 16,384 decoded snapshots, hundreds of thousands of objects that live
    long and hold no cycles; every full collection walked them all, a pause of 100-500 ms that
    landed in one status call in twenty at 10^6 events. The young generations are collected
    first, so that the only garbage frozen with them is cyclic garbage already old enough to
    have waited for a full collection.
    """
    gc.collect(1)
    gc.freeze()


def _static_view(state: ProposalState) -> ProposalView:
    return ProposalView(
        id=state.id, title=state.title, kind=state.kind, status="", revision=state.revision,
        proposed_by=state.proposer, proposed_on=state.proposed_on, parties=state.parties,
        positions=_with_unknowns(state.parties, _spoken(state.positions, state.revision)),
        terms=LazyMapping(state.terms, _term_views) if state.terms else {}, in_force=None, violations=(),
        last_change=state.last_change, duration_days=state.duration_days, counter_to=state.counter_to,
    )


def _violation(event_id: str, date_text: str, payload: str) -> ViolationView:
    data = orjson.loads(payload)
    return ViolationView(event_id, date_text, data["against"], data["party"], tuple(data.get("disputed_by", ())),
                         tuple(data.get("terms", ())), data.get("description"), data.get("confidence", "reported"),
                         data.get("note"), data.get("dispute"), tuple(data.get("sources", ())))


def source_views(refs: Sequence[Any], registry: Mapping[str, str]) -> tuple[SourceView, ...]:
    """Sources as an event cites them (registry ids or inline), with the registry's entries filled in."""
    out = []
    for ref in refs:
        if isinstance(ref, str):
            body = orjson.loads(registry[ref]) if ref in registry else {"outlet": "(unregistered)"}
            out.append(SourceView(ref, body.get("outlet", ""), body.get("published"), body.get("language"),
                                  body.get("url"), body.get("title"), body.get("quote")))
        else:
            out.append(SourceView(None, ref.get("outlet", ""), ref.get("published"), ref.get("language"),
                                  ref.get("url"), None, ref.get("quote")))
    return tuple(out)


def diff_views(before: ProposalView | None, after: ProposalView | None) -> list[Change]:
    pid = (after or before).id  # type: ignore[union-attr]
    changes: list[Change] = []
    if (before.status if before else None) != (after.status if after else None):
        changes.append(Change(pid, "status", None, before.status if before else None, after.status if after else None))
    parties = dict.fromkeys([*(before.positions if before else ()), *(after.positions if after else ())])
    for party in parties:
        old = before.positions.get(party) if before else None
        new = after.positions.get(party) if after else None
        if _label(old) != _label(new):
            changes.append(Change(pid, "position", party, _label(old), _label(new), old, new))
    return changes


def _label(pos: PositionView | None) -> str | None:
    if pos is None:
        return None
    return pos.position + ("*" if pos.stale else "")


class Queries:
    """The read side: every method opens one read transaction, so it sees one consistent state."""

    def __init__(self, store: Store, today: Callable[[], date] | None = None) -> None:
        self.store = store
        self.today = today or (lambda: store.clock().date())

    def _upto(self, session: Session, known_on: datetime | None) -> int | None:
        return None if known_on is None else session.position_known_on(known_on)

    def change_feed(self) -> Any:
        """Something to wait on for other sessions' appends (see the store's ChangeFeed): `wait(timeout)`."""
        return self.store.change_feed()

    def head(self) -> int:
        with self.store.session() as session:
            return session.head()

    def status(self, as_of: date | None = None, known_on: datetime | None = None, proposal: str | None = None,
               violations: bool = True) -> StatusReport:
        day = as_of or self.today()
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            if proposal is None:
                texts = s.snapshots_at(day.toordinal(), upto)
            else:
                row = s.snapshot_at(proposal, day.toordinal(), upto)
                texts = [row.state] if row else []
            misses = _snapshot.cache_info().misses
            decoded = [_snapshot(t) for t in texts]
            if _snapshot.cache_info().misses - misses >= _SETTLE_AFTER:
                _settle()
            states = [state for state, _ in decoded]
            listed: dict[str, list[ViolationView]] = {}
            if violations and states:
                retracted = s.all_retractions(upto) if proposal is None else s.retractions(proposal, upto)
                wanted = {st.id for st in states}
                for stream_id, event_id, date_text, payload in s.violations(day.toordinal(), upto, proposal):
                    if stream_id in wanted and event_id not in retracted:
                        listed.setdefault(stream_id, []).append(_violation(event_id, date_text, payload))
        views = tuple(_dated(st, static, day, tuple(listed.get(st.id, ())) if violations else None)
                      for st, static in decoded)
        return StatusReport(day, known_on, views)

    def timeline(self, proposal: str, as_of: date | None = None, known_on: datetime | None = None) -> list[EventView]:
        """The proposal's events in fold order, retracted ones marked, each with the revision it applied to."""
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            rows = s.stream_events(proposal, upto=upto, until_effective=as_of.toordinal() if as_of else None)
            retractions = s.retractions(proposal, upto)
            sources = s.sources()
        state: ProposalState | None = None
        out = []
        for row in rows:
            if row.event_id not in retractions:
                state = apply(state, light_event(row.event_id, row.payload))
            out.append(self._event_view(row, orjson.loads(row.payload), state.revision if state else None,
                                        retractions.get(row.event_id), sources))
        return out

    def recent_events(self, proposal: str, as_of: date, known_on: datetime | None = None,
                      limit: int = 60) -> list[EventView]:
        """The newest events behind a view, newest first, read without folding the stream.

        For panels that list what happened lately: `revision` is left unknown (None); `timeline` has it.
        """
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            rows = s.latest_events(proposal, as_of.toordinal(), upto, limit)
            retractions = s.retractions(proposal, upto)
            sources = s.sources()
        return [self._event_view(row, orjson.loads(row.payload), None, retractions.get(row.event_id), sources)
                for row in rows]

    def event(self, event_id: str) -> EventView | None:
        with self.store.session() as s:
            row = s.events_by_id([event_id]).get(event_id)
            if row is None:
                return None
        for view in self.timeline(row.stream_id):
            if view.id == event_id:
                return view
        return None

    def _event_view(self, row: StoredEvent, data: dict[str, Any], revision: int | None, retracted_by: str | None,
                    registry: dict[str, str]) -> EventView:
        sources = source_views(data.get("sources", ()), registry)
        # `disputed_by` and `dispute` stay among the fields too: screens that list an event's fields show them.
        fields = {k: v for k, v in data.items() if k not in ("id", "type", "proposal", "date", "party", "sources", "note", "confidence")}
        return EventView(row.position, row.event_id, row.type, row.stream_id, row.date_text,
                         date.fromordinal(row.effective), row.party, row.recorded_at, revision,
                         retracted_by is not None, retracted_by, data.get("confidence", "reported"), data.get("note"),
                         fields, tuple(sources), tuple(data.get("disputed_by", ())), data.get("dispute"),
                         row.recorded_by)

    def mark(self, known_on: datetime | None = None) -> StoreMark | None:
        """The log's last event known on the instant (the head when None); None for an empty store."""
        with self.store.session() as s:
            found = s.mark(self._upto(s, known_on))
        return StoreMark(found[0], parse_instant(found[1]), found[2]) if found else None

    def source_registry(self) -> dict[str, str]:
        """Registered sources, id -> stored body (for `source_views`)."""
        with self.store.session() as s:
            return s.sources()

    def events(self, event_ids: Sequence[str], known_on: datetime | None = None) -> dict[str, EventView]:
        """Events by id as known on the instant (retractions then visible marked); the revision is left unknown."""
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            rows = s.events_by_id(sorted(set(event_ids)))
            retracted = s.all_retractions(upto) if rows else {}
            registry = s.sources() if rows else {}
        return {eid: self._event_view(row, orjson.loads(row.payload), None, retracted.get(eid), registry)
                for eid, row in rows.items() if upto is None or row.position <= upto}

    def effect_events(self, as_of: date, known_on: datetime | None = None) -> list[EventView]:
        """The `in_force` and `ended` events that count as of the date, as known on the instant, in fold order."""
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            rows = s.typed_events(("in_force", "ended"), as_of.toordinal(), upto)
            retracted = s.all_retractions(upto) if rows else {}
            registry = s.sources() if rows else {}
        return [self._event_view(row, orjson.loads(row.payload), None, None, registry)
                for row in rows if row.event_id not in retracted]

    def diff(self, start: date, end: date, known_on: datetime | None = None) -> list[Change]:
        before = {p.id: p for p in self.status(start, known_on, violations=False).proposals}
        after = {p.id: p for p in self.status(end, known_on, violations=False).proposals}
        changes: list[Change] = []
        for pid in sorted(set(before) | set(after)):
            changes += diff_views(before.get(pid), after.get(pid))
        return changes

    def first_recorded(self) -> datetime | None:
        """When the store's history starts: the instant of its first append (None while it is empty)."""
        with self.store.session() as s:
            first = s.first_instant()
        return datetime.fromisoformat(first) if first else None

    def event_days(self, known_on: datetime | None = None) -> list[date]:
        """Every day on which some event counts: the stops of the dashboard's previous/next event keys."""
        with self.store.session() as s:
            return [date.fromordinal(d) for d in s.effective_days(self._upto(s, known_on))]

    def history(self, proposal: str, known_on: datetime | None = None) -> list[tuple[date, ProposalView]]:
        """The proposal's state on each day it changed (for swimlanes)."""
        with self.store.session() as s:
            rows = s.snapshot_history(proposal, self._upto(s, known_on))
        out = []
        for d, text in rows:
            state, static = _snapshot(text)
            out.append((date.fromordinal(d), _dated(state, static, date.fromordinal(d), None)))
        return out

    def position_histories(self, proposals: Sequence[str], until: date, known_on: datetime | None = None
                           ) -> dict[str, list[tuple[int, int, dict[str, list[Any]]]]]:
        """Each proposal's stored positions on each day they may have changed, up to `until`.

        Rows of (day ordinal, revision, party -> stored position list: [position, since, revision, ...]),
        decoded and nothing more: a briefing's swimlanes read every stored state, and building views of
        them cost more than reading them.
        """
        out: dict[str, list[tuple[int, int, dict[str, list[Any]]]]] = {pid: [] for pid in proposals}
        with self.store.session() as s:
            rows = s.snapshot_histories(until.toordinal(), self._upto(s, known_on))
        for pid, day, text in rows:
            days = out.get(pid)
            if days is not None:
                data = orjson.loads(text)
                days.append((day, data["revision"], data["positions"]))
        return out

    def parties(self) -> dict[str, PartyView]:
        with self.store.session() as s:
            return {pid: PartyView(pid, name, aliases) for pid, (name, aliases) in sorted(s.parties().items())}

    def proposal_ids(self) -> list[str]:
        with self.store.session() as s:
            return sorted(p for p, start in s.proposals().items() if start is not None)

    def replay(self, to: date, start: date | None = None, known_on: datetime | None = None) -> Iterator[ReplayStep]:
        """Walk the history event by event (after `start`, up to `to`), with what each one changed."""
        with self.store.session() as s:
            upto = self._upto(s, known_on)
            retracted = s.all_retractions(upto)
            rows = [r for p in sorted(s.proposals()) for r in s.stream_events(p, upto=upto, until_effective=to.toordinal())]
            registry = s.sources()
        rows.sort(key=lambda r: (r.effective, r.position))
        states: dict[str, ProposalState] = {}
        views: dict[str, ProposalView] = {}
        first = start.toordinal() if start else 0
        for row in rows:
            if row.event_id in retracted:
                continue
            day = date.fromordinal(row.effective)
            if row.effective > first:
                yield from _expiries(states, views, day)
            state = apply(states.get(row.stream_id), light_event(row.event_id, row.payload))
            if state is None:
                continue
            states[row.stream_id] = state
            view = proposal_view(state, day)
            changes = diff_views(views.get(row.stream_id), view)
            views[row.stream_id] = view
            if row.effective > first:
                ev = self._event_view(row, orjson.loads(row.payload), state.revision, None, registry)
                yield ReplayStep(row.date_text, ev, tuple(changes))
        yield from _expiries(states, views, add_days(to, 1))  # held at 9999-12-31: --to may be the last day


def _expiries(states: dict[str, ProposalState], views: dict[str, ProposalView], day: date) -> Iterator[ReplayStep]:
    """Changes that time alone brings before `day`: an in-force proposal reaching the end of its duration."""
    for pid, view in list(views.items()):
        if view.status == "in_force" and view.in_force and view.in_force.until and view.in_force.until < day:
            until = view.in_force.until
            new = proposal_view(states[pid], until)
            views[pid] = new
            yield ReplayStep(until.isoformat(), None, tuple(diff_views(view, new)))


def utc(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)
