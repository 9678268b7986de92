"""Random histories: every view the store serves equals a plain fold of the events visible at (as of D, known on T).

The oracle here is deliberately naive: keep the events recorded by T, drop those retracted by T, sort by
(effective day, position), keep those on or before D, fold. The store answers from its maintained snapshots.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from projection_check import assert_snapshots_equal_a_rebuild
from tracker.application.bootstrap import open_tracker
from tracker.domain.events import EVENT_ADAPTER, BaseEvent
from tracker.domain.state import ProposalState
from tracker.projections.proposal import apply
from tracker.projections.status import status_at
from tracker.store.serialization import effective_day

REGISTRY = (
    "parties: [{id: UA, name: Ukraine}, {id: RU, name: Russia}, {id: US, name: United States},"
    " {id: EU, name: European Union}]\n"
)
PARTIES = ["UA", "RU", "US", "EU"]
DATES = ["2025-03", "2025-04", "2025-03-10", "2025-03-12", "2025-03-15", "2025-03-20", "2025-04-01", "2025-04-12"]
PROBES = [date(2025, 3, 9), date(2025, 3, 12), date(2025, 3, 20), date(2025, 4, 5), date(2025, 5, 20)]
KINDS = ["accepted", "accepted", "rejected", "reviewing", "countered", "withdrawn", "amended", "in_force", "ended",
         "violation_reported", "talks_held", "retracted", "retracted"]
START = datetime(2025, 6, 1, tzinfo=timezone.utc)
FAST_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else None


@dataclass
class History:
    batches: list[list[dict[str, Any]]] = field(default_factory=list)


@st.composite
def histories(draw: st.DrawFn) -> History:
    history = History()
    opened: dict[str, str] = {}
    appended: list[tuple[str, str, str]] = []  # (id, proposal, type)
    retracted: set[str] = set()
    counter = 0
    for b in range(draw(st.integers(2, 5))):
        batch: list[dict[str, Any]] = []
        for pid in ("a", "b"):
            if pid not in opened and (b == 0 or draw(st.booleans())) and not (pid == "b" and b == 0):
                counter += 1
                opened[pid] = f"e{counter}"
                batch.append({"id": f"e{counter}", "type": "proposed", "proposal": pid,
                              "date": draw(st.sampled_from(["2025-03-05", "2025-03", "2025-03-10"])),
                              "party": "US", "title": pid, "kind": "other", "parties": ["UA", "RU"],
                              "duration_days": draw(st.sampled_from([None, 10, 30]))})
        for _ in range(draw(st.integers(1, 4))):
            pid = draw(st.sampled_from(sorted(opened)))
            kind = draw(st.sampled_from(KINDS))
            counter += 1
            e: dict[str, Any] = {"id": f"e{counter}", "type": kind, "proposal": pid, "date": draw(st.sampled_from(DATES))}
            if kind in ("accepted", "rejected", "reviewing", "countered", "withdrawn", "amended", "violation_reported"):
                e["party"] = draw(st.sampled_from(PARTIES))
            if kind == "accepted" and draw(st.booleans()):
                e["conditions"] = ["monitors"]
            if kind == "countered":
                e["counter_proposal"] = draw(st.sampled_from(sorted(opened)))
            if kind == "amended":
                e["title"] = f"{pid} rev"
            if kind == "in_force":
                e["starts"] = draw(st.sampled_from([None, "2025-03-25", "2025-04"]))
                e["duration_days"] = draw(st.sampled_from([None, 5]))
            if kind == "ended":
                e["reason"] = "collapsed"
            if kind == "violation_reported":
                e["against"] = draw(st.sampled_from(PARTIES))
            if kind == "talks_held":
                e["participants"], e["location"] = ["UA", "US"], "Jeddah"
            if kind == "retracted":
                targets = [i for i, p, t in appended + [(x["id"], x["proposal"], x["type"]) for x in batch]
                           if p == pid and t not in ("retracted", "proposed") and i not in retracted]
                if not targets:
                    continue
                e["retracts"] = draw(st.sampled_from(targets))
                e["reason"] = "correction"
                retracted.add(e["retracts"])
            batch.append({k: v for k, v in e.items() if v is not None})
        appended += [(x["id"], x["proposal"], x["type"]) for x in batch]
        if batch:
            history.batches.append(batch)
    return history


def oracle(events: list[tuple[int, BaseEvent]], upto: int, as_of: date) -> dict[str, ProposalState]:
    """The naive fold of what was visible: recorded up to `upto`, not retracted by then, dated on or before `as_of`."""
    known = [(p, e) for p, e in events if p <= upto]
    gone = {e.retracts for _, e in known if e.type == "retracted"}  # type: ignore[attr-defined]
    starts = {e.proposal: e.date.start for _, e in known if e.type == "proposed"}  # type: ignore[attr-defined]
    ordered = sorted(((effective_day(e, starts.get(e.proposal)), p, e) for p, e in known if e.id not in gone),
                     key=lambda t: (t[0], t[1]))
    states: dict[str, ProposalState] = {}
    for day, _, e in ordered:
        if day <= as_of:
            after = apply(states.get(e.proposal), e)
            if after is not None:
                states[e.proposal] = after
    return states


def summary(state: ProposalState, as_of: date, violations: int) -> dict[str, Any]:
    status, window = status_at(state, as_of)
    return {
        "status": status, "revision": state.revision, "title": state.title, "violations": violations,
        "window": None if window is None else (window.start, window.until),
        "positions": {p: (v.position, v.since, v.revision, v.revision < state.revision, v.conditions)
                      for p, v in state.positions.items()},
    }


def served(view: Any) -> dict[str, Any]:
    return {
        "status": view.status, "revision": view.revision, "title": view.title, "violations": len(view.violations),
        "window": None if view.in_force is None else (view.in_force.start, view.in_force.until),
        "positions": {p: (v.position, v.since, v.revision, v.stale, v.conditions)
                      for p, v in view.positions.items() if v.position != "unknown"},
    }


# A file whose events are not in date order, appended after an earlier batch of the same proposal:
# the store once merged them into the fold unsorted, and served a 2025-04 rejection as of March.
UNSORTED_FILE = History([
    [{"id": "e1", "type": "proposed", "proposal": "a", "date": "2025-03-05", "party": "US", "title": "a",
      "kind": "other", "parties": ["UA", "RU"]},
     {"id": "e2", "type": "accepted", "proposal": "a", "date": "2025-03", "party": "UA"}],
    [{"id": "e5", "type": "rejected", "proposal": "a", "date": "2025-04", "party": "UA"},
     {"id": "e6", "type": "rejected", "proposal": "a", "date": "2025-03", "party": "RU"}],
])


@settings(max_examples=int(os.environ.get("TRACKER_PROPERTY_EXAMPLES", "20")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
@example(UNSORTED_FILE)
def test_every_view_equals_a_fold_of_the_visible_events_and_the_snapshots_equal_a_rebuild(history: History) -> None:
    check(history)


def check(history: History) -> None:
    folder = tempfile.mkdtemp(dir=FAST_DIR)
    now = [START]
    tracker = open_tracker(f"sqlite:///{folder}/p.db", clock=lambda: now[0])
    try:
        assert tracker.services.append_bytes(REGISTRY.encode(), "registry.yaml").outcome == "appended"
        events: list[tuple[int, BaseEvent]] = []
        instants: list[tuple[datetime, int]] = []
        for i, batch in enumerate(history.batches):
            now[0] = START + timedelta(hours=i + 1)
            outcome = tracker.services.append_bytes(yaml.safe_dump({"events": batch}).encode(), f"b{i}.yaml")
            assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
            assert outcome.positions is not None
            first = outcome.positions[0]
            events += [(first + j, EVENT_ADAPTER.validate_python(e)) for j, e in enumerate(batch)]  # type: ignore[misc]
            instants.append((now[0], outcome.positions[1]))
        for known_on, upto in [*instants, (None, len(events))]:
            for as_of in PROBES:
                expected_states = oracle(events, upto, as_of)
                counts = {pid: 0 for pid in expected_states}
                for _, e in events:
                    if e.type == "violation_reported" and e.proposal in counts and _visible(e, events, upto, as_of):  # type: ignore[attr-defined]
                        counts[e.proposal] += 1
                expected = {pid: summary(s, as_of, counts[pid]) for pid, s in expected_states.items()}
                report = tracker.queries.status(as_of, known_on)
                assert {p.id: served(p) for p in report.proposals} == expected, (known_on, as_of)
        assert_snapshots_equal_a_rebuild(tracker)
    finally:
        tracker.close()


def _visible(event: BaseEvent, events: list[tuple[int, BaseEvent]], upto: int, as_of: date) -> bool:
    position = next(p for p, e in events if e is event)
    gone = {e.retracts for p, e in events if p <= upto and e.type == "retracted"}  # type: ignore[attr-defined]
    start = next(e.date.start for _, e in events if e.type == "proposed" and e.proposal == event.proposal)  # type: ignore[attr-defined]
    return position <= upto and event.id not in gone and effective_day(event, start) <= as_of
