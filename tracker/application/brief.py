"""A briefing: the state as of a date as known on an instant, everything in it traced to its sources.

A briefing is a pure function of (as of, known on, proposals, since) and the store's log up to the
known-on instant: `make_briefing` pins the instant (by default the store's last recorded one) before
reading anything, so the same arguments give the same briefing whatever is appended later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from datetime import date, datetime, timedelta

from tracker.application import lookups
from tracker.application.json_output import instant
from tracker.application.queries import Queries, source_views
from tracker.application.views import Change, EventView, ProposalView, SourceView, StoreMark, ViolationView
from tracker.application.why import deciding_effect, looked_up, status_reason

DEFAULT_SINCE_DAYS = 7  # with no --since, "what changed" covers the week before the as-of date


@dataclass(frozen=True)
class Lane:
    """One party's positions over time: (first day, label, stale) segments, in order."""

    party: str
    segments: tuple[tuple[date, str, bool], ...]


@dataclass(frozen=True)
class ProposalBrief:
    view: ProposalView
    why: str
    deciding: tuple[str, ...]
    lanes: tuple[Lane, ...] = ()


@dataclass
class Footnotes:
    """Sources numbered in order of first citation; the same source cited twice keeps its number."""

    sources: list[SourceView] = field(default_factory=list)
    _numbers: dict[SourceView, int] = field(default_factory=dict)

    def cite(self, sources: Iterable[SourceView]) -> tuple[int, ...]:
        out = []
        for source in sources:
            number = self._numbers.get(source)
            if number is None:
                self.sources.append(source)
                number = self._numbers[source] = len(self.sources)
            if number not in out:
                out.append(number)
        return tuple(out)


@dataclass(frozen=True)
class Briefing:
    as_of: date
    known_on: datetime
    since: date
    mark: StoreMark | None
    selected: tuple[str, ...]  # the --proposal ids asked for (empty: every proposal)
    parties: tuple[str, ...]  # matrix columns, in order of first appearance
    proposals: tuple[ProposalBrief, ...]
    changes: tuple[Change, ...]
    events: dict[str, EventView]  # the events the briefing cites, by id
    citations: dict[str, tuple[int, ...]]  # event id -> footnote numbers
    sources: tuple[SourceView, ...]  # footnote n is sources[n - 1]

    def command(self) -> str:
        """The command line that regenerates this briefing byte for byte (format and -o aside)."""
        parts = ["tracker brief", f"--as-of {self.as_of.isoformat()}", f"--known-on {instant_text(self.known_on)}",
                 f"--since {self.since.isoformat()}"]
        parts += [f"--proposal {p}" for p in self.selected]
        return " ".join(parts)


def instant_text(value: datetime) -> str:
    """The instant as the CLI's JSON writes it (UTC, `Z`), which `--known-on` reads back unchanged."""
    return instant(value) or ""


def make_briefing(queries: Queries, as_of: date | None = None, known_on: datetime | None = None,
                  proposals: Sequence[str] = (), since: date | None = None, lanes: bool = False,
                  violations: bool = True) -> Briefing:
    """Read everything a briefing shows at one (as of, known on).

    `lanes` adds the swimlanes (for HTML); `violations=False` leaves the reports out (CSV has no place for them).
    """
    mark = queries.mark(known_on)
    if known_on is None:  # the store's last recorded instant, so that the header can name it
        known_on = mark.recorded_at if mark else queries.store.clock()
        day = as_of or queries.today()
    else:  # a past instant: by default, what was known then about then ("Monday's briefing")
        day = as_of or known_on.date()
    since = since or day - timedelta(days=DEFAULT_SINCE_DAYS)
    _check(queries, proposals)
    report = queries.status(day, known_on, violations=violations)
    wanted = set(proposals)
    views = [v for v in report.proposals if not wanted or v.id in wanted]
    effects: dict[str, list[EventView]] = {}
    for event in queries.effect_events(day, known_on):
        effects.setdefault(event.proposal, []).append(event)
    briefs = []
    for view in views:
        _, sentence, ids = status_reason(view, deciding_effect(effects.get(view.id, ()), day))
        briefs.append(ProposalBrief(view, sentence, ids))
    if lanes:
        histories = queries.position_histories([b.view.id for b in briefs], day, known_on)
        briefs = [ProposalBrief(b.view, b.why, b.deciding, _lanes(b.view, histories.get(b.view.id, ()))) for b in briefs]
    cited = {eid for b in briefs for eid in b.deciding}
    cited |= {p.event_id for v in views for p in v.positions.values() if p.event_id}
    events = queries.events(sorted(cited), known_on)
    citations, sources = _footnotes(queries, briefs, events)
    changes = [c for c in queries.diff(since, day, known_on) if not wanted or c.proposal in wanted]
    parties = tuple(dict.fromkeys(p for v in views for p in v.positions))
    return Briefing(day, known_on, since, mark, tuple(proposals), parties, tuple(briefs), tuple(changes), events,
                    citations, sources)


def _check(queries: Queries, proposals: Sequence[str]) -> None:
    if not proposals:
        return
    for pid in proposals:
        looked_up(lookups.proposal, queries, pid)


def _footnotes(queries: Queries, briefs: Sequence[ProposalBrief],
               events: dict[str, EventView]) -> tuple[dict[str, tuple[int, ...]], tuple[SourceView, ...]]:
    """Number every cited source in reading order: each proposal's status, positions, then violations."""
    notes = Footnotes()
    citations: dict[str, tuple[int, ...]] = {}
    registry = queries.source_registry()
    resolved: dict[str, SourceView] = {}
    cited: dict[object, tuple[int, ...]] = {}

    def of_violation(v: ViolationView) -> tuple[SourceView, ...]:
        out = []
        for ref in v.sources:  # each registry id resolved once, however many reports cite it
            if isinstance(ref, str):
                found = resolved.get(ref)
                if found is None:
                    found = resolved[ref] = source_views((ref,), registry)[0]
                out.append(found)
            else:
                out.extend(source_views((ref,), registry))
        return tuple(out)

    for brief in briefs:
        ids = [*brief.deciding, *(p.event_id for p in brief.view.positions.values() if p.event_id)]
        for eid in ids:
            if eid in events and eid not in citations:
                citations[eid] = notes.cite(events[eid].sources)
        for v in brief.view.violations:
            try:  # the same sources cited again get the same numbers: cite once per distinct list
                numbers = cited.get(v.sources)
                if numbers is None:
                    numbers = cited[v.sources] = notes.cite(of_violation(v))
            except TypeError:  # inline sources (mappings) are not hashable
                numbers = notes.cite(of_violation(v))
            citations[v.event_id] = numbers
    return citations, tuple(notes.sources)


def _lanes(view: ProposalView, history: Iterable[tuple[int, int, dict[str, list[Any]]]]) -> tuple[Lane, ...]:
    """Each party's position over the proposal's life up to the as-of date, from the stored daily states.

    A stored position is [position, since, revision, ...]; it is stale when given to an older revision.
    """
    segments: dict[str, list[tuple[date, str, bool]]] = {p: [] for p in view.positions}
    last: dict[str, tuple[str, bool]] = {}
    for day, revision, positions in history:
        for party, stored in positions.items():
            key = (stored[0], stored[2] < revision)
            if last.get(party) != key:
                last[party] = key
                segments.setdefault(party, []).append((date.fromordinal(day), *key))
    return tuple(Lane(p, tuple(s)) for p, s in segments.items() if s)
