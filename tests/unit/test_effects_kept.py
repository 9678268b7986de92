"""A state keeps only the in_force/ended effects that can still decide, and answers as if it kept all."""

from __future__ import annotations

from datetime import date, timedelta

from fold_kit import event, in_store_order, proposed
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.state import Effect, ProposalState
from tracker.projections.proposal import apply
from tracker.projections.status import Window
from tracker.store.serialization import effective_day

START = date(2025, 3, 11)


def reference(effects: list[Effect], as_of: date) -> tuple[str, Window] | None:
    """Status rule 2 read straight from DOMAIN.md, over every effect ever folded."""
    latest = None
    for effect in effects:
        if effect.start <= as_of:
            latest = effect
    if latest is None:
        return None
    if latest.kind == "ended":
        started = [e.start for e in effects if e.kind == "in_force" and e.start <= latest.start]
        return "ended", Window(started[-1] if started else latest.start, latest.start)
    until = latest.start + timedelta(days=latest.duration_days) if latest.duration_days else None
    if until is not None and as_of >= until:
        return "expired", Window(latest.start, until)
    return "in_force", Window(latest.start, until)


effect_events = st.lists(
    st.tuples(st.sampled_from(["in_force", "ended"]), st.integers(0, 60), st.integers(-15, 25),
              st.one_of(st.none(), st.integers(1, 30))),
    min_size=1, max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(effect_events)
def test_every_state_answers_as_a_fold_that_kept_every_effect(specs: list[tuple[str, int, int, int | None]]) -> None:
    events = [proposed(duration_days=10)]
    for kind, day, shift, duration in specs:
        when = (START + timedelta(days=day)).isoformat()
        if kind == "ended":
            events.append(event("ended", when, reason="collapsed"))
        else:
            starts = max(START, START + timedelta(days=day + shift)).isoformat()
            events.append(event("in_force", when, starts=starts, duration_days=duration))
    state, every = None, []
    ordered = in_store_order(*events)
    for i, e in enumerate(ordered):
        state = apply(state, e)
        if e.type == "in_force":  # type: ignore[attr-defined]
            every.append(Effect("in_force", (e.starts or e.date).start, e.duration_days or 10))  # type: ignore[attr-defined]
        elif e.type == "ended":  # type: ignore[attr-defined]
            every.append(Effect("ended", e.date.start, None, "collapsed"))
        day = effective_day(e, START).toordinal()
        following = effective_day(ordered[i + 1], START).toordinal() if i + 1 < len(ordered) else day + 90
        assert state is not None
        stored = ProposalState.from_dict(state.to_dict())
        for as_of in range(day, following):  # the days on which this state is the one shown
            expected = reference(every, date.fromordinal(as_of))
            assert _effect_part(state, as_of) == expected
            assert _effect_part(stored, as_of) == expected
        assert len(state.effects) <= 1 + sum(1 for e in state.effects if e.start.toordinal() > day)


def _effect_part(state: ProposalState, as_of: int) -> tuple[str, Window] | None:
    from tracker.projections.status import _effect_status

    return _effect_status(state, date.fromordinal(as_of))


def test_a_state_stored_before_effects_were_trimmed_reads_the_same() -> None:
    state = ProposalState.from_dict({
        "id": "p", "title": "T", "kind": "k", "proposer": "US", "proposed_on": "2025-03-11",
        "proposed_start": START.toordinal(), "parties": ["UA"], "revision": 1, "duration_days": None,
        "counter_to": None, "terms": {}, "positions": {}, "withdrawn": False, "last_change": None,
        "effects": [["in_force", date(2025, 3, 12).toordinal(), None, None],
                    ["in_force", date(2025, 3, 20).toordinal(), None, None],
                    ["ended", date(2025, 3, 15).toordinal(), None, "collapsed"]],
    })
    assert state.in_force_starts == (date(2025, 3, 12).toordinal(), date(2025, 3, 20).toordinal())
    assert _effect_part(state, date(2025, 3, 16).toordinal()) == ("ended", Window(date(2025, 3, 12), date(2025, 3, 15)))
