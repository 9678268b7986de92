"""Why the tracker says what it says: a position traced to its events, a status to the rule that decided it.

Everything here is read through `Queries` (the store's read API) at one (as of, known on) point, so
an explanation is as reproducible as the view it explains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.application import lookups
from tracker.application.queries import Queries
from tracker.application.views import EventView, PositionView, ProposalView, ViolationView
from tracker.domain.dates import FuzzyDate

# Events that set a party's position (DOMAIN.md, "Positions"); an `amended` moves its author to the new text.
POSITION_TYPES = frozenset({"proposed", "amended", "accepted", "rejected", "reviewing", "countered", "withdrawn"})
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


DateShown = Callable[[str], str]
"""How a date as written appears in a sentence: as written (the CLI's text and JSON), or formatted (the
dashboard shows every date through format_date)."""


def as_written(day: str) -> str:
    return day


class WhyError(Exception):
    """A question the store cannot answer (unknown proposal or party); the message is one line for the user."""


def day_text(day: date) -> str:
    """18 Mar 2025, the same in every locale (a briefing must not change with the reader's settings)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def disputed_note(fields: Mapping[str, object]) -> str:
    """'disputed by RU (note)' when an event carries `disputed_by` / `dispute`, else ''."""
    who = fields.get("disputed_by") or ()
    note = fields.get("dispute")
    if not who and not note:
        return ""
    text = "disputed" + (f" by {', '.join(map(str, who))}" if who else "")  # type: ignore[call-overload]
    return text + (f" ({note})" if note else "")


@dataclass(frozen=True)
class Link:
    """One event of a position's chain, with the part it plays."""

    role: str  # deciding | replaced | made_stale | retracted
    event: EventView
    retraction: EventView | None = None  # for a retracted event: the retraction, when it could be read


@dataclass(frozen=True)
class PartyWhy:
    proposal: ProposalView
    party: str
    as_of: date
    known_on: datetime | None
    position: PositionView
    sentence: str
    chain: tuple[Link, ...]  # newest first


@dataclass(frozen=True)
class StatusWhy:
    proposal: ProposalView
    as_of: date
    known_on: datetime | None
    rule: str  # the status rule that held (DOMAIN.md, "Status"), named after the status it gives
    sentence: str
    deciding: tuple[str, ...]  # ids of the events the rule rests on
    effect_event: EventView | None  # the in_force / ended event behind rule 2


def _position_phrase(pos: PositionView, show: DateShown = as_written) -> str:
    if pos.position == "unknown":
        return "nothing said yet"
    text = pos.position + (" (stale)" if pos.stale else "")
    if pos.since:
        text += f" since {show(pos.since)}"
    return text + (f" (event {pos.event_id})" if pos.event_id else "")


def _effect_start(event: EventView) -> date:
    """When an in_force / ended event takes effect: its `starts` (in_force), else its own date."""
    starts = event.fields.get("starts") if event.type == "in_force" else None
    if isinstance(starts, str):
        try:
            return FuzzyDate.parse(starts).start
        except ValueError:  # a date form this module does not read: count from the event's own date
            pass
    return event.effective


def deciding_effect(events: Iterable[EventView], as_of: date) -> EventView | None:
    """Status rule 2's event: the last in_force/ended in fold order that has started by the date."""
    latest = None
    for event in events:
        if _effect_start(event) <= as_of:
            latest = event
    return latest


def status_reason(view: ProposalView, effect: EventView | None,
                  show: DateShown = as_written) -> tuple[str, str, tuple[str, ...]]:
    """(rule, sentence, deciding event ids) for the view's status, in words an analyst can check."""
    status = view.status
    positions = view.positions
    if status == "withdrawn":
        pos = positions.get(view.proposed_by)
        when = f" on {show(pos.since)}" if pos and pos.since else ""
        ref = (pos.event_id,) if pos and pos.event_id else ()
        return status, f"withdrawn: the proposer {view.proposed_by} withdrew it{when}" + _ref(ref), ref
    if status in ("in_force", "expired", "ended"):
        return _effect_reason(view, effect, show)
    required = [positions[p] for p in view.parties if p in positions]
    if status == "rejected":
        rejecting = [p for p in required if p.position == "rejected" and not p.stale]
        parts = [f"{p.party}'s current position is rejected, since {show(p.since or '')}" + _ref((p.event_id,) if p.event_id else ())
                 for p in rejecting]
        return status, "rejected: " + "; ".join(parts), tuple(p.event_id for p in rejecting if p.event_id)
    listed = ", ".join(f"{p.party} {_position_phrase(p, show)}" for p in required)
    ids = tuple(p.event_id for p in required if p.event_id and p.position != "unknown")
    if status == "agreed":
        return status, f"agreed: every required party stands by the current text: {listed}", ids
    if status == "proposed":
        return status, f"proposed: no required party has taken a position yet ({', '.join(view.parties)})", ()
    return status, f"negotiating: no current rejection, not every required party agrees: {listed}", ids


def _ref(ids: Sequence[str]) -> str:
    return f" (event {', '.join(ids)})" if ids else ""


def _effect_reason(view: ProposalView, effect: EventView | None,
                   show: DateShown = as_written) -> tuple[str, str, tuple[str, ...]]:
    status = view.status
    ref = (effect.id,) if effect else ()
    window = view.in_force
    if status == "ended":
        reason = effect.fields.get("reason") if effect else None
        when = show(effect.date) if effect else (day_text(window.until) if window and window.until else "?")
        return status, f"ended: {reason or 'ended'} on {when}" + _ref(ref), ref
    start = day_text(window.start) if window else "?"
    length = (f" for {(window.until - window.start).days} days" if window and window.until else ", open-ended")
    if status == "in_force":
        last = (f", to {day_text(window.until - timedelta(days=1))} inclusive" if window and window.until else "")
        return status, f"in force: from {start}{length}{last}" + _ref(ref), ref
    return status, f"expired: in force from {start}{length}, no event needed" + (
        f" (in force by event {effect.id})" if effect else ""), ref


def explain_status(queries: Queries, proposal: str, as_of: date | None = None,
                   known_on: datetime | None = None) -> StatusWhy:
    view, day = _view(queries, proposal, as_of, known_on)
    effects = [e for e in queries.effect_events(day, known_on) if e.proposal == proposal]
    effect = deciding_effect(effects, day)
    rule, sentence, ids = status_reason(view, effect)
    return StatusWhy(view, day, known_on, rule, sentence, ids, effect)


def _view(queries: Queries, proposal: str, as_of: date | None, known_on: datetime | None) -> tuple[ProposalView, date]:
    report = queries.status(as_of, known_on, proposal)
    view = report.get(proposal)
    if view is None:
        looked_up(lookups.proposal, queries, proposal)
        when = f" known on {known_on.isoformat()}" if known_on else ""
        raise WhyError(f"proposal '{proposal}' was not yet proposed as of {report.as_of}{when}")
    return view, report.as_of


def resolve_party(queries: Queries, text: str) -> str:
    """A party id, name or alias (any case) -> the id; WhyError naming the nearest id otherwise."""
    return looked_up(lookups.party, queries, text)


def looked_up(lookup: Callable[[Queries, str], str], queries: Queries, value: str) -> str:
    """The command line's and the dashboard's lookup (one "did you mean" everywhere), as a WhyError."""
    try:
        return lookup(queries, value)
    except lookups.UnknownId as exc:
        raise WhyError(str(exc)) from None


def explain_party(queries: Queries, proposal: str, party: str, as_of: date | None = None,
                  known_on: datetime | None = None) -> PartyWhy:
    view, day = _view(queries, proposal, as_of, known_on)
    party = resolve_party(queries, party)
    pos = view.positions.get(party) or PositionView(party, "unknown", None, None)
    events = queries.timeline(proposal, day, known_on)
    chain = _chain(events, party, pos)
    retractions = queries.events([link.event.retracted_by for link in chain if link.event.retracted_by], known_on)
    chain = [Link(link.role, link.event, retractions.get(link.event.retracted_by or "")) for link in chain]
    return PartyWhy(view, party, day, known_on, pos, party_sentence(view, pos, chain), tuple(reversed(chain)))


def _chain(events: Sequence[EventView], party: str, pos: PositionView) -> list[Link]:
    """The party's position events and the amendments that made its position stale, in fold order."""
    links = []
    for event in events:
        if event.type not in POSITION_TYPES:
            continue
        if event.retracted and event.party == party:
            links.append(Link("retracted", event))
        elif event.retracted:
            continue
        elif event.party == party and event.id == pos.event_id:
            links.append(Link("deciding", event))
        elif event.party == party:
            links.append(Link("replaced", event))
        elif (event.type == "amended" and pos.revision is not None and event.revision is not None
              and event.revision > pos.revision):
            links.append(Link("made_stale", event))
    return links


def party_sentence(view: ProposalView, pos: PositionView, chain: Sequence[Link], show: DateShown = as_written) -> str:
    if pos.position == "unknown":
        return f"{pos.party} has taken no position on {view.id} that counts as of this date"
    text = f"{pos.party} is {pos.position} on {view.id} since {show(pos.since or '')}, on revision {pos.revision}"
    if pos.conditions:
        text += f", on conditions: {'; '.join(pos.conditions)}"
    if pos.reason:
        text += f", because: {pos.reason}"
    if pos.counter_proposal:
        text += f", answered with {pos.counter_proposal}"
    if pos.event_id:
        text += f" (event {pos.event_id}, {pos.confidence or 'reported'})"
    if pos.stale:
        amendments = [link.event for link in chain if link.role == "made_stale"]
        first = amendments[0] if amendments else None
        text += (f"; stale: the text is at revision {view.revision}"
                 + (f" since {first.party}'s amendment of {show(first.date)} (event {first.id})" if first else ""))
    return text


def violation_line(v: ViolationView) -> str:
    disputed = f" · disputed by {', '.join(v.disputed_by)}" if v.disputed else ""
    terms = f" (terms: {', '.join(v.terms)})" if v.terms else ""
    what = f": {v.description}" if v.description else ""
    return f"{v.date}  {v.reported_by} reports a violation by {v.by}{terms}{what} [{v.confidence}]{disputed}"
