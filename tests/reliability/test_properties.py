"""Properties of the projections, for random valid histories (SQLite, a new store per example).

- the view as of D (and known on T) equals a pure fold of the events dated on or before D (recorded by T);
- with distinct dates, the order in which events were recorded does not change an as-of view;
- appending a prefix of the history again changes nothing;
- a retraction gives the view of never having appended the event, and leaves earlier known-on views as they were;
- the snapshots the appends maintained equal those Services.rebuild() makes from the events alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker.application.views import ProposalView
from tracker.domain.dates import FuzzyDate

from ._histories import STEP, History, append_all, arrange, histories, model_views, store
from ._support import assert_projection_equals_rebuild, dump, pick, store_digest

pytestmark = pytest.mark.properties

EXAMPLES = pick(15, 300)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, print_blob=True, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _explain(actual: tuple[ProposalView, ...], expected: tuple[ProposalView, ...]) -> str:
    a, e = {v.id: v for v in actual}, {v.id: v for v in expected}
    if set(a) != set(e):
        return f"proposals shown {sorted(a)}, a fold gives {sorted(e)}"
    for pid in a:
        if a[pid] != e[pid]:
            diffs = [f"  {f}: store {getattr(a[pid], f)!r}\n  {' ' * len(f)}  fold  {getattr(e[pid], f)!r}"
                     for f in a[pid].__dataclass_fields__ if getattr(a[pid], f) != getattr(e[pid], f)]
            return f"{pid}:\n" + "\n".join(diffs)
    return "views differ in order"


def _same(actual: tuple[ProposalView, ...], expected: tuple[ProposalView, ...], what: str) -> None:
    assert actual == expected, f"{what}\n{_explain(actual, expected)}"


def _timeline_order(history: History, proposal: str) -> list[tuple[str, bool]]:
    recorded = [e for _, e in history.recorded()]
    retracted = {e["retracts"] for e in recorded if e["type"] == "retracted"}
    start = next(FuzzyDate.parse(e["date"]).start for e in history.proposeds if e["proposal"] == proposal)
    mine = [(max(FuzzyDate.parse(e["date"]).start, start), i, e) for i, e in enumerate(recorded)
            if e["proposal"] == proposal]
    return [(e["id"], e["id"] in retracted) for _, _, e in sorted(mine, key=lambda t: (t[0], t[1]))]


@SETTINGS
@given(histories())
def test_views_as_of_and_known_on_equal_a_pure_fold(history: History) -> None:
    rng = random.Random(len(history.others))
    with store() as (tracker, clock):
        instants = append_all(tracker, clock, history)
        q = tracker.queries
        days = history.days()
        for d in days:
            _same(q.status(as_of=d).proposals, model_views(history, d), f"as of {d}, known now")
        for i, instant in enumerate(instants):
            for d in rng.sample(days, min(6, len(days))):
                _same(q.status(as_of=d, known_on=instant).proposals, model_views(history, d, upto=i),
                      f"as of {d}, known on {instant} (after batch {i})")
                before = model_views(history, d, upto=i - 1) if i else ()
                _same(q.status(as_of=d, known_on=instant - timedelta(microseconds=1)).proposals, before,
                      f"as of {d}, known just before batch {i}")
        for p in history.proposeds:
            shown = [(e.id, e.retracted) for e in q.timeline(p["proposal"])]
            assert shown == _timeline_order(history, p["proposal"]), f"timeline of {p['proposal']}"


@SETTINGS
@given(histories(distinct_dates=True), st.data())
def test_recording_order_does_not_change_an_as_of_view(history: History, data: Any) -> None:
    other = History(history.proposeds, history.others, history.retractions)
    arrange(data.draw, other)
    with store() as (first, c1), store() as (second, c2):
        append_all(first, c1, history)
        append_all(second, c2, other)
        for d in history.days():
            a, b = first.queries.status(as_of=d).proposals, second.queries.status(as_of=d).proposals
            _same(a, b, f"as of {d}: recorded in two orders, two views")
            _same(a, model_views(history, d), f"as of {d}")


@SETTINGS
@given(histories(), st.data())
def test_appending_a_prefix_again_changes_nothing(history: History, data: Any) -> None:
    files = history.files()
    k = data.draw(st.integers(1, len(files)), label="batches appended again")
    with store() as (tracker, clock):
        append_all(tracker, clock, history)
        digest = store_digest(tracker.services.store)
        report = tracker.queries.status(as_of=date(2025, 12, 31))
        for i in range(k):
            clock.now += STEP
            outcome = tracker.services.append_bytes(files[i], f"again-{i}.yaml")
            assert outcome.outcome == "unchanged", (outcome.outcome, [str(r) for r in outcome.refusals])
            assert outcome.appended == 0 and outcome.unchanged == len(history.batches[i])
        assert store_digest(tracker.services.store) == digest
        assert tracker.queries.status(as_of=date(2025, 12, 31)) == report


@SETTINGS
@given(histories(), st.data())
def test_a_retraction_equals_never_having_appended_and_keeps_earlier_views(history: History, data: Any) -> None:
    retracted = {e["retracts"] for e in history.retractions}
    candidates = [e for e in history.others if e["id"] not in retracted]
    assume(candidates)
    target = data.draw(st.sampled_from(candidates), label="retracted event")
    offset = data.draw(st.integers(0, 300), label="retraction's day")
    start = next(FuzzyDate.parse(p["date"]).start for p in history.proposeds if p["proposal"] == target["proposal"])
    retraction = {"id": "late-retraction", "type": "retracted", "proposal": target["proposal"],
                  "date": max(start, date(2025, 1, 1) + timedelta(days=offset)).isoformat(),
                  "retracts": target["id"], "reason": "recorded in error"}
    days = history.days()
    with store() as (tracker, clock):
        append_all(tracker, clock, history)
        q = tracker.queries
        earlier = {d: q.status(as_of=d).proposals for d in days}
        known_before = clock.now
        clock.now += STEP
        outcome = tracker.services.append_bytes(dump({"events": [retraction]}), "retraction.yaml")
        assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
        for d in days:
            _same(q.status(as_of=d).proposals, model_views(history, d, leave_out=frozenset({target["id"]})),
                  f"as of {d}, after retracting {target['id']}: not the view of never having appended it")
            _same(q.status(as_of=d, known_on=known_before).proposals, earlier[d],
                  f"as of {d}, known before the retraction: the earlier view changed")
        assert_projection_equals_rebuild(tracker.services)


@SETTINGS
@given(histories())
def test_maintained_snapshots_equal_a_rebuild(history: History) -> None:
    with store() as (tracker, clock):
        append_all(tracker, clock, history)
        assert_projection_equals_rebuild(tracker.services)


def test_one_batch_out_of_date_order_projects_like_a_rebuild() -> None:
    """Regression: a file whose events are not in date order (an amendment listed before an earlier report)."""
    proposal = {"id": "p-proposed", "type": "proposed", "proposal": "p", "date": "2025-01-01", "party": "US",
                "title": "P", "kind": "other", "parties": ["UA", "RU"]}
    amended = {"id": "p-amended", "type": "amended", "proposal": "p", "date": "2025-01-22", "party": "US"}
    report = {"id": "p-report", "type": "violation_reported", "proposal": "p", "date": "2025-01-21", "party": "UA",
              "against": "RU"}
    history = History([proposal], [amended, report], [], [[proposal, amended, report]])
    with store() as (tracker, clock):
        append_all(tracker, clock, history)
        for d in history.days():
            _same(tracker.queries.status(as_of=d).proposals, model_views(history, d), f"as of {d}")
        assert_projection_equals_rebuild(tracker.services)

