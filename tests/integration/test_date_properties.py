"""Properties of the fold rule for dates, on every backend.

1. The as-of view of a history whose dates are intervals, months, marked or unspecified days equals the
   view of the same history with every date replaced by the first day it counts from.
2. The fold order is (first day, append order) and it is stable: events that count from the same day keep
   the order they were appended, and appending more never reorders the events already there.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.domain.dates import FuzzyDate

# The shared conftest (tests/conftest.py) makes each PostgreSQL store its own schema; it is imported by path
# because the integration tests' own conftest takes the module name.
_SHARED = importlib.util.spec_from_file_location("shared_conftest", Path(__file__).parents[1] / "conftest.py")
shared = sys.modules.setdefault("shared_conftest", importlib.util.module_from_spec(_SHARED))  # type: ignore[arg-type]
_SHARED.loader.exec_module(shared)  # type: ignore[union-attr]
POSTGRES_URL, REQUIRE_POSTGRES, postgres_schema_url = shared.POSTGRES_URL, shared.REQUIRE_POSTGRES, shared.postgres_schema_url

REGISTRY = "parties: [{id: UA, name: Ukraine}, {id: RU, name: Russia}, {id: US, name: United States}]\n"
TODAY = datetime(2025, 6, 1, tzinfo=timezone.utc)
PROBES = [date(2025, 3, d) for d in (1, 4, 9, 10, 12, 15, 16, 20, 31)] + [date(2025, 4, 5), date(2025, 5, 31)]
BACKENDS = ["sqlite", "postgres"] if (POSTGRES_URL or REQUIRE_POSTGRES) else ["sqlite"]
EXAMPLES = {"sqlite": int(os.environ.get("TRACKER_PROPERTY_EXAMPLES", "25")), "postgres": 6}
FAST_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else None


def _day(d: int, month: int = 3) -> str:
    return f"2025-{month:02d}-{d:02d}"


# Every form a source gives: a day, a month, an interval (within a month or across two), a marked day,
# unspecified digits.
DATES = st.one_of(
    st.integers(1, 31).map(_day),
    st.sampled_from(["2025-03", "2025-04", "2025-03-1X", "2025-03-0X", "2025-04-0X", "2025-03/2025-04"]),
    st.tuples(st.integers(1, 31), st.integers(0, 12)).map(lambda t: f"{_day(t[0])}/{_day(min(31, t[0] + t[1]))}"),
    st.tuples(st.integers(1, 31), st.integers(1, 20)).map(lambda t: f"{_day(t[0])}/{_day(t[1], 4)}"),
    st.tuples(st.integers(1, 31), st.sampled_from("?~%")).map(lambda t: _day(t[0]) + t[1]),
)
KINDS = ["accepted", "accepted", "rejected", "reviewing", "withdrawn", "amended", "in_force", "ended"]


@st.composite
def histories(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Batches of events of one proposal, the `proposed` first, every date in any form."""
    first = {"id": "p", "type": "proposed", "proposal": "a", "date": draw(st.sampled_from(
        ["2025-03-05", "2025-03", "2025-03-04/2025-03-08", "2025-03-05?", "2025-03-0X"])), "party": "US",
        "title": "a", "kind": "other", "parties": ["UA", "RU"], "duration_days": draw(st.sampled_from([None, 10]))}
    start = FuzzyDate.parse(first["date"]).start
    batches: list[list[dict[str, Any]]] = [[first]]
    counter = 0
    for _ in range(draw(st.integers(1, 3))):
        batch = []
        for _ in range(draw(st.integers(1, 4))):
            counter += 1
            kind = draw(st.sampled_from(KINDS))
            e: dict[str, Any] = {"id": f"e{counter}", "type": kind, "proposal": "a", "date": draw(DATES)}
            if FuzzyDate.parse(e["date"]).end < start:
                continue  # refused as dated before the proposal, in either history
            if kind in ("accepted", "rejected", "reviewing", "withdrawn", "amended"):
                e["party"] = draw(st.sampled_from(["UA", "RU", "US"]))
            if kind == "accepted" and draw(st.booleans()):
                e["conditions"] = ["monitors"]
            if kind == "amended":
                e["title"] = "a, amended"
            if kind == "in_force":
                e["starts"] = draw(st.one_of(st.none(), DATES))
                e["duration_days"] = draw(st.sampled_from([None, 5]))
            if kind == "ended":
                e["reason"] = "collapsed"
            batch.append({k: v for k, v in e.items() if v is not None})
        if batch:
            batches.append(batch)
    return batches


def on_first_days(batches: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """The same history with every date a plain day: the first day it counts from (never before the proposal)."""
    start = FuzzyDate.parse(batches[0][0]["date"]).start
    out = []
    for batch in batches:
        plain = []
        for e in batch:
            first = FuzzyDate.parse(e["date"]).start
            e = dict(e, date=(first if e["type"] == "proposed" else max(first, start)).isoformat())
            if "starts" in e:
                e["starts"] = FuzzyDate.parse(e["starts"]).start.isoformat()
            plain.append(e)
        out.append(plain)
    return out


def _open(backend: str) -> tuple[Tracker, list[datetime]]:
    now = [TODAY]
    url = (f"sqlite:///{tempfile.mkdtemp(dir=FAST_DIR)}/d.db" if backend == "sqlite"
           else postgres_schema_url(POSTGRES_URL or ""))
    tracker = open_tracker(url, clock=lambda: now[0])
    assert tracker.services.append_bytes(REGISTRY.encode(), "registry.yaml").outcome == "appended"
    return tracker, now


def _append(tracker: Tracker, now: list[datetime], batches: list[list[dict[str, Any]]]) -> None:
    for i, batch in enumerate(batches):
        now[0] = TODAY + timedelta(hours=i + 1)
        outcome = tracker.services.append_bytes(yaml.safe_dump({"events": batch}).encode(), f"b{i}.yaml")
        assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]


def _view(tracker: Tracker, as_of: date, start: date) -> dict[str, Any] | None:
    view = tracker.queries.status(as_of).get("a")
    if view is None:
        return None

    def counts_from(text: str | None) -> date | None:
        return None if text is None else max(FuzzyDate.parse(text).start, start)

    return {"status": view.status, "revision": view.revision, "title": view.title,
            "window": None if view.in_force is None else (view.in_force.start, view.in_force.until),
            "positions": {p: (v.position, v.revision, v.stale, v.conditions, counts_from(v.since))
                          for p, v in view.positions.items()}}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_date_in_any_form_counts_as_the_first_day_it_allows(backend: str) -> None:
    @settings(max_examples=EXAMPLES[backend], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(histories())
    def check(batches: list[list[dict[str, Any]]]) -> None:
        written, now = _open(backend)
        plain, now_plain = _open(backend)
        try:
            _append(written, now, batches)
            _append(plain, now_plain, on_first_days(batches))
            start = FuzzyDate.parse(batches[0][0]["date"]).start
            for as_of in PROBES:
                assert _view(written, as_of, start) == _view(plain, as_of, start), as_of
        finally:
            written.close()
            plain.close()

    check()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_fold_order_is_first_day_then_append_order_and_appending_never_reorders_it(backend: str) -> None:
    @settings(max_examples=EXAMPLES[backend], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(histories())
    def check(batches: list[list[dict[str, Any]]]) -> None:
        tracker, now = _open(backend)
        try:
            start = FuzzyDate.parse(batches[0][0]["date"]).start
            appended: list[dict[str, Any]] = []
            before: list[str] = []
            for i, batch in enumerate(batches):
                _append(tracker, now, [batch]) if i == 0 else _append_at(tracker, now, batch, i)
                appended += batch
                order = [e.id for e in tracker.queries.timeline("a")]

                def key(e: dict[str, Any]) -> date:
                    first = FuzzyDate.parse(e["date"]).start
                    return first if e["type"] == "proposed" else max(first, start)

                # sorted() is stable: events with the same first day stay in append order
                assert order == [e["id"] for e in sorted(appended, key=key)]
                assert [x for x in order if x in before] == before  # nothing already there moved
                before = order
        finally:
            tracker.close()

    check()


def _append_at(tracker: Tracker, now: list[datetime], batch: list[dict[str, Any]], i: int) -> None:
    now[0] = TODAY + timedelta(hours=i + 1)
    outcome = tracker.services.append_bytes(yaml.safe_dump({"events": batch}).encode(), f"b{i}.yaml")
    assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
