"""Random valid histories for the property tests, and the pure model of their views.

A history is a few proposals, each opened by a `proposed` and followed by events of every other type,
with retractions of earlier-recorded events. It is valid in any recording order that puts the
`proposed` events first and each retraction after its target: terms named by acceptances, rejections
and violation reports are the proposal's first terms, which amendments may re-word but never remove
(amendments remove only the extra terms nothing else names, each at most once, and add only new ids).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.application.queries import proposal_view
from tracker.application.views import ProposalView, ViolationView
from tracker.domain.dates import FuzzyDate
from tracker.domain.events import CONFIDENCES, EVENT_ADAPTER, KINDS
from tracker.ingest.screening import is_placeholder
from tracker.projections.proposal import fold
from tracker.projections.status import status_at

from ._support import PARTIES, dump

PARTY_IDS = tuple(p["id"] for p in PARTIES)
ALIAS_OF = {p["id"]: p["aliases"][0] for p in PARTIES}
BASE = date(2025, 1, 1)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
STEP = timedelta(hours=1)
OTHER_TYPES = ("amended", "accepted", "rejected", "reviewing", "countered", "withdrawn", "in_force", "ended",
               "violation_reported", "talks_held")
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12).map(lambda s: s.strip() or "x")
# A template's placeholder (`<YYYY-MM-DD>`) is refused until filled in, by design: not a note an analyst keeps.
NOTES = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20).filter(
    lambda text: not is_placeholder(text))


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class History:
    proposeds: list[dict[str, Any]]
    others: list[dict[str, Any]]  # every event but the `proposed` ones and the retractions
    retractions: list[dict[str, Any]]
    batches: list[list[dict[str, Any]]] = field(default_factory=list)

    def recorded(self, upto: int | None = None) -> list[tuple[int, dict[str, Any]]]:
        """(batch index, event) in recording order, for the batches up to `upto` (all by default)."""
        last = len(self.batches) - 1 if upto is None else upto
        return [(i, e) for i, b in enumerate(self.batches) if i <= last for e in b]

    def files(self) -> list[bytes]:
        return [dump({**({"parties": PARTIES} if i == 0 else {}), "events": [_yaml_form(e) for e in b]})
                for i, b in enumerate(self.batches)]

    def days(self) -> list[date]:
        """Days on which views may change: each event's day and the day before, in-force windows, and the ends."""
        out = {BASE - timedelta(days=1), BASE + timedelta(days=400)}
        for e in [*self.proposeds, *self.others, *self.retractions]:
            start = FuzzyDate.parse(e["date"]).start
            out.update((start, start - timedelta(days=1)))
            if e.get("starts"):
                s = FuzzyDate.parse(e["starts"]).start
                out.update((s, s - timedelta(days=1)))
                for d in (e.get("duration_days") or 0, 30):
                    out.add(s + timedelta(days=d))
        return sorted(out)


def _yaml_form(event: dict[str, Any]) -> dict[str, Any]:
    """The event as an analyst would write it (a party by its alias, when the history chose so)."""
    data = {k: v for k, v in event.items() if not k.startswith("_")}
    if event.get("_alias"):
        data["party"] = ALIAS_OF[data["party"]]
    return data


_MODELS: dict[str, tuple[dict[str, Any], Any]] = {}


def _model(event: dict[str, Any]) -> Any:
    """The validated event (cached: the pure model folds the same events for many dates)."""
    key = repr(event)
    if key not in _MODELS:
        if len(_MODELS) > 50_000:
            _MODELS.clear()
        _MODELS[key] = (event, EVENT_ADAPTER.validate_python({k: v for k, v in event.items() if not k.startswith("_")}))
    return _MODELS[key][1]


def _subset(draw: Any, items: tuple[str, ...] | list[str], max_size: int = 3, min_size: int = 0) -> list[str]:
    return draw(st.lists(st.sampled_from(list(items)), min_size=min_size, max_size=max_size, unique=True))


@st.composite
def histories(draw: Any, distinct_dates: bool = False, max_proposals: int = 3, max_events: int = 10) -> History:
    ids = itertools.count()
    names = [f"p{i}" for i in range(draw(st.integers(1, max_proposals)))]

    def text_of(offset: int, precise: bool = False) -> str:
        d = BASE + timedelta(days=offset)
        precision = "day" if precise or distinct_dates else draw(st.sampled_from(["day"] * 6 + ["month", "year"]))
        return d.isoformat() if precision == "day" else d.isoformat()[:7] if precision == "month" else str(d.year)

    def common(e: dict[str, Any]) -> dict[str, Any]:
        if draw(st.booleans()):
            e["confidence"] = draw(st.sampled_from(CONFIDENCES))
        if draw(st.integers(0, 3)) == 0:
            e["note"] = draw(NOTES)
        return e

    proposeds, others, retractions = [], [], []
    starts: dict[str, int] = {}
    for i, p in enumerate(names):
        p0 = draw(st.integers(0, 120))
        starts[p] = p0
        extra = [f"x{j}" for j in range(draw(st.integers(0, 2)))]
        proposal = {"id": f"{p}-proposed", "type": "proposed", "proposal": p, "date": text_of(p0),
                    "party": draw(st.sampled_from(PARTY_IDS)), "title": draw(WORDS),
                    "kind": draw(st.sampled_from(KINDS)),
                    "parties": _subset(draw, PARTY_IDS, min_size=1),
                    "terms": [{"id": t, "text": f"term {t} of {p}"} for t in ("t1", "t2", *extra)]}
        if draw(st.booleans()):
            proposal["duration_days"] = draw(st.integers(1, 60))
        if i and draw(st.booleans()):
            proposal["counter_to"] = draw(st.sampled_from(names[:i]))
        proposeds.append(common(proposal))
        count = draw(st.integers(0, max_events))
        if distinct_dates:
            deltas = draw(st.lists(st.integers(1, 150), min_size=count, max_size=count, unique=True))
        else:
            deltas = [draw(st.integers(0, 150)) for _ in range(count)]
        removable = list(extra)
        for delta in deltas:
            kind = draw(st.sampled_from(OTHER_TYPES))
            e: dict[str, Any] = {"id": f"{p}-e{next(ids)}", "type": kind, "proposal": p, "date": text_of(p0 + delta)}
            party = draw(st.sampled_from(PARTY_IDS))
            if kind in ("amended", "accepted", "rejected", "reviewing", "countered", "withdrawn", "violation_reported"):
                e["party"] = party
                e["_alias"] = draw(st.integers(0, 4)) == 0
            elif kind in ("in_force", "ended", "talks_held") and draw(st.booleans()):
                e["party"] = party
            if kind == "amended":
                if draw(st.booleans()):
                    e["add_terms"] = [{"id": f"n{next(ids)}", "text": draw(WORDS)}]
                if removable and draw(st.booleans()):
                    e["remove_terms"] = [removable.pop(draw(st.integers(0, len(removable) - 1)))]
                if draw(st.booleans()):
                    e["replace_terms"] = [{"id": t, "text": draw(WORDS)} for t in _subset(draw, ("t1", "t2"), 2, 1)]
                if draw(st.integers(0, 3)) == 0:
                    e["title"] = draw(WORDS)
                if draw(st.integers(0, 3)) == 0:
                    e["duration_days"] = draw(st.integers(1, 60))
                if draw(st.integers(0, 3)) == 0:
                    e["parties"] = _subset(draw, PARTY_IDS, min_size=1)
            elif kind in ("accepted", "rejected"):
                terms = _subset(draw, ("t1", "t2"), 2)
                if terms:
                    e["terms"] = terms
                if kind == "accepted" and draw(st.booleans()):
                    e["conditions"] = [draw(WORDS)]
                if kind == "rejected" and draw(st.booleans()):
                    e["reason"] = draw(WORDS)
            elif kind == "countered":
                e["counter_proposal"] = draw(st.sampled_from(names))
            elif kind == "in_force":
                if draw(st.booleans()):
                    e["starts"] = (BASE + timedelta(days=p0 + delta + draw(st.integers(0, 40)))).isoformat()
                if draw(st.booleans()):
                    e["duration_days"] = draw(st.integers(1, 60))
            elif kind == "ended":
                e["reason"] = draw(st.sampled_from(["expired", "terminated", "collapsed", "superseded"]))
            elif kind == "violation_reported":
                e["against"] = draw(st.sampled_from(PARTY_IDS))
                terms = _subset(draw, ("t1", "t2"), 2)
                if terms:
                    e["terms"] = terms
                disputed = _subset(draw, PARTY_IDS, 2)
                if disputed:
                    e["disputed_by"] = disputed
                if draw(st.booleans()):
                    e["description"] = draw(WORDS)
            elif kind == "talks_held":
                e["participants"] = _subset(draw, PARTY_IDS, min_size=1)
                e["location"] = draw(WORDS)
            others.append(common(e))
    candidates = [e["id"] for e in others]
    targets = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=3)) if candidates else []
    by_id = {e["id"]: e for e in others}
    for k, target in enumerate(targets):
        p = by_id[target]["proposal"]
        offset = starts[p] + (151 + k if distinct_dates else draw(st.integers(0, 150)))
        retractions.append({"id": f"{p}-r{k}", "type": "retracted", "proposal": p, "date": text_of(offset),
                            "retracts": target, "reason": draw(WORDS)})
    history = History(proposeds, others, retractions)
    arrange(draw, history)
    return history


def arrange(draw: Any, history: History) -> None:
    """Draw a recording order (proposals first, each retraction after its target) and cut it into batches."""
    seq = [*history.proposeds, *draw(st.permutations(history.others))]
    for r in history.retractions:
        at = next(i for i, e in enumerate(seq) if e["id"] == r["retracts"])
        seq.insert(draw(st.integers(at + 1, len(seq))), r)
    cuts = sorted(draw(st.lists(st.integers(1, max(1, len(seq) - 1)), unique=True, max_size=min(5, len(seq) - 1))))
    bounds = [0, *[c for c in cuts if 0 < c < len(seq)], len(seq)]
    history.batches = [seq[a:b] for a, b in zip(bounds, bounds[1:]) if a < b]


@contextmanager
def store() -> Iterator[tuple[Tracker, Clock]]:
    """A new SQLite store in a temporary directory, with a clock the test moves batch by batch."""
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # no fsync cost: these stores are thrown away
    with tempfile.TemporaryDirectory(prefix="tracker-prop-", dir=shm) as tmp:
        clock = Clock()
        tracker = open_tracker(f"sqlite:///{tmp}/store.db", clock=clock)
        try:
            yield tracker, clock
        finally:
            tracker.close()


def append_all(tracker: Tracker, clock: Clock, history: History) -> list[datetime]:
    """Append each batch at its own instant (an hour apart); every batch must be accepted."""
    instants = []
    for i, data in enumerate(history.files()):
        clock.now = T0 + i * STEP
        outcome = tracker.services.append_bytes(data, f"batch-{i}.yaml")
        assert outcome.outcome == "appended", "\n".join(str(r) for r in outcome.refusals) or outcome
        instants.append(clock.now)
    return instants


def model_views(history: History, as_of: date, upto: int | None = None,
                leave_out: frozenset[str] = frozenset()) -> tuple[ProposalView, ...]:
    """The views a pure fold gives: events recorded in batches up to `upto`, minus the retracted ones (and
    `leave_out`), dated on or before `as_of` (an imprecise date from its period's start, never before its
    proposal's `proposed`), folded by date then recording order."""
    recorded = history.recorded(upto)
    retracted = {e["retracts"] for _, e in recorded if e["type"] == "retracted"} | leave_out
    proposed_start = {e["proposal"]: FuzzyDate.parse(e["date"]).start for e in history.proposeds}
    streams: dict[str, list[tuple[date, int, dict[str, Any]]]] = {}
    for order, (_, e) in enumerate(recorded):
        if e["id"] in retracted:
            continue
        effective = max(FuzzyDate.parse(e["date"]).start, proposed_start[e["proposal"]])
        if effective <= as_of:
            streams.setdefault(e["proposal"], []).append((effective, order, e))
    views = []
    for proposal in sorted(streams):
        ordered = [e for _, _, e in sorted(streams[proposal], key=lambda t: (t[0], t[1]))]
        state = fold(_model(e) for e in ordered)
        if state is None:
            continue
        violations = tuple(
            ViolationView(m.id, str(m.date), m.against, m.party, tuple(m.disputed_by), tuple(m.terms), m.description,
                          m.confidence, m.note)
            for m in map(_model, ordered) if m.type == "violation_reported")
        view = proposal_view(state, as_of, violations)
        assert view.status == status_at(state, as_of)[0]
        views.append(view)
    return tuple(views)
