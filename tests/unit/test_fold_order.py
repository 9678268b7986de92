"""Fold order: by date, ties by append order; imprecise dates count from their period's start, never before the proposal."""

from __future__ import annotations

from fold_kit import d, event, folded, in_store_order, proposed, status

from tracker.domain.dates import FuzzyDate
from tracker.domain.rules import check
from tracker.projections.history import changed_rows, decode, encode, in_fold_order, refold
from tracker.store.serialization import effective_day


def _check(state, e):  # type: ignore[no-untyped-def]
    return check(state, e, lambda p: False, lambda: ["truce-2025"])


class TestTieBreakByAppendOrder:
    def test_two_words_of_one_party_on_one_day_count_in_the_order_they_were_appended(self) -> None:
        accept, reject = event("accepted", "2025-03-18", party="RU"), event("rejected", "2025-03-18", party="RU")
        assert folded(*in_store_order(proposed(), accept, reject)).positions["RU"].position == "rejected"
        assert folded(*in_store_order(proposed(), reject, accept)).positions["RU"].position == "accepted"

    def test_an_earlier_date_appended_later_still_folds_first(self) -> None:
        late_news = event("accepted", "2025-03-12", party="RU")
        history = in_store_order(proposed(), event("rejected", "2025-03-18", party="RU"), late_news)
        assert history[1] is late_news
        assert folded(*history).positions["RU"].position == "rejected"

    def test_the_store_sorts_by_effective_day_then_position(self) -> None:
        a, b, c = event("reviewing", party="RU"), event("accepted", party="RU"), event("rejected", party="UA")
        triples = [(10, 7, c), (10, 3, b), (9, 8, a)]
        assert [t[2] for t in in_fold_order(triples)] == [a, b, c]


class TestImpreciseDates:
    def test_a_month_counts_from_its_first_day(self) -> None:
        assert effective_day(event("reviewing", "2025-04", party="RU"), d("2025-03-11")) == d("2025-04-01")

    def test_a_year_counts_from_the_first_of_january(self) -> None:
        assert effective_day(event("reviewing", "2026", party="RU"), d("2025-03-11")) == d("2026-01-01")

    def test_it_never_counts_before_its_proposals_proposed(self) -> None:
        assert effective_day(event("accepted", "2025-03", party="UA"), d("2025-03-11")) == d("2025-03-11")

    def test_an_event_of_the_proposals_own_month_folds_after_the_proposed(self) -> None:
        history = in_store_order(proposed("2025-03-11"), event("accepted", "2025-03", party="UA"))
        state = folded(*history)
        assert state.positions["UA"].since == "2025-03"
        assert status(state, "2025-03-11") == "negotiating"

    def test_it_is_before_its_proposal_only_when_its_whole_period_ends_before_it(self) -> None:
        state = folded(proposed("2025-03-11"))
        assert _check(state, event("accepted", "2025-03", party="UA")) == []
        assert _check(state, event("accepted", "2025", party="UA")) == []
        problems = _check(state, event("accepted", "2025-02", party="UA"))
        assert [(p.path, p.found) for p in problems] == [(("date",), "2025-02")]
        assert "before 'truce-2025' was proposed on 2025-03-11" in problems[0].message

    def test_a_day_before_the_proposal_is_before_it(self) -> None:
        problems = _check(folded(proposed("2025-03-11")), event("accepted", "2025-03-10", party="UA"))
        assert [p.path for p in problems] == [("date",)]

    def test_the_proposals_own_imprecise_date_is_compared_by_its_start(self) -> None:
        state = folded(proposed("2025-03"))
        assert _check(state, event("accepted", "2025-03-01", party="UA")) == []
        assert [p.path for p in _check(state, event("accepted", "2025-02-28", party="UA"))] == [("date",)]


class TestFuzzyDate:
    def test_a_day_month_and_year_are_printed_as_written(self) -> None:
        assert [str(FuzzyDate.parse(t)) for t in ("2025-03-11", "2025-03", "2025")] == ["2025-03-11", "2025-03", "2025"]

    def test_each_period_has_a_first_and_a_last_day(self) -> None:
        assert [(x.start, x.end) for x in map(FuzzyDate.parse, ("2025-03-11", "2024-02", "2025"))] == [
            (d("2025-03-11"), d("2025-03-11")), (d("2024-02-01"), d("2024-02-29")), (d("2025-01-01"), d("2025-12-31"))]

    def test_impossible_days_and_months_are_refused_with_the_reason(self) -> None:
        for text, reason in (("2025-02-30", "February 2025 has 28 days"), ("2025-13", "no month 13"),
                             ("2025-3-1", "is not a date"), ("11 March", "is not a date")):
            try:
                FuzzyDate.parse(text)
            except ValueError as exc:
                assert reason in str(exc), text
            else:
                raise AssertionError(f"{text} was accepted")


class TestDailyStates:
    def test_refold_keeps_one_state_per_day_on_which_something_changed(self) -> None:
        events = [proposed("2025-03-11"), event("talks_held", "2025-03-12", participants=["US"], location="Jeddah"),
                  event("accepted", "2025-03-13", party="UA"), event("rejected", "2025-03-13", party="RU")]
        triples = [(e.date.start.toordinal(), i, e) for i, e in enumerate(events)]
        days = refold(None, triples)
        assert sorted(days) == [d("2025-03-11").toordinal(), d("2025-03-13").toordinal()]
        assert status(days[d("2025-03-13").toordinal()], "2025-03-13") == "rejected"

    def test_refold_shows_each_event_the_state_just_before_it(self) -> None:
        seen = []
        events = [proposed(), event("accepted", party="UA")]
        refold(None, [(1, i, e) for i, e in enumerate(events)], lambda st, e, pos: seen.append((st, pos)))
        assert seen[0] == (None, 0) and seen[1][0] is not None and seen[1][1] == 1

    def test_a_state_survives_encoding_for_the_snapshot_table(self) -> None:
        state = folded(proposed(duration_days=30), event("accepted", party="RU", terms=["swap"], conditions=["x"]),
                       event("amended", "2025-03-20", party="UA", replace_terms=[{"id": "halt", "text": "new"}]),
                       event("in_force", "2025-03-21", starts="2025-03-22"), event("ended", "2025-03-25", reason="expired"),
                       event("violation_reported", "2025-03-23", party="UA", against="RU"))
        assert decode(encode(state)) == state

    def test_only_changed_days_are_closed_and_added(self) -> None:
        close, add = changed_rows({1: "a", 2: "b", 3: "c"}, {2: "b", 3: "C", 4: "d"})
        assert (close, add) == ([1, 3], [(3, "C"), (4, "d")])
