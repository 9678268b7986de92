"""The five status rules of DOMAIN.md, in order: the first rule that holds decides."""

from __future__ import annotations

from fold_kit import d, event, folded, proposed, shown, status, window


class TestRule1Withdrawn:
    def test_a_proposal_its_proposer_withdrew_is_withdrawn_even_while_in_force(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"),
                       event("withdrawn", "2025-03-20", party="US"))
        assert status(state, "2025-03-25") == "withdrawn"
        assert window(state, "2025-03-25") is None

    def test_withdrawn_beats_a_rejection_and_an_agreement(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("rejected", party="RU"),
                       event("withdrawn", party="US"))
        assert status(state, "2025-03-12") == "withdrawn"


class TestRule2InForce:
    def test_in_force_lasts_until_starts_plus_duration_and_then_expires_with_no_event(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"))
        assert status(state, "2025-03-18") == "in_force"
        assert status(state, "2025-04-16") == "in_force"
        assert status(state, "2025-04-17") == "expired"
        assert status(state, "2026-01-01") == "expired"

    def test_the_window_runs_from_the_start_until_the_first_day_it_no_longer_applies(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"))
        for as_of in ("2025-03-18", "2025-04-17"):
            w = window(state, as_of)
            assert w is not None and (w.start, w.until) == (d("2025-03-18"), d("2025-04-17"))

    def test_the_in_force_events_own_duration_overrides_the_proposals(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18", duration_days=5))
        assert status(state, "2025-03-22") == "in_force"
        assert status(state, "2025-03-23") == "expired"

    def test_without_any_duration_it_stays_in_force_and_has_no_end(self) -> None:
        state = folded(proposed(), event("in_force", "2025-03-18"))
        assert status(state, "2030-01-01") == "in_force"
        w = window(state, "2030-01-01")
        assert w is not None and w.until is None

    def test_an_in_force_whose_start_is_after_the_day_asked_does_not_count_yet(self) -> None:
        state = folded(proposed(duration_days=30), event("accepted", party="UA"), event("accepted", party="RU"),
                       event("in_force", "2025-03-14", starts="2025-03-20"))
        assert status(state, "2025-03-19") == "agreed"
        assert window(state, "2025-03-19") is None
        assert status(state, "2025-03-20") == "in_force"
        w = window(state, "2025-03-20")
        assert w is not None and (w.start, w.until) == (d("2025-03-20"), d("2025-04-19"))

    def test_an_imprecise_start_counts_from_the_start_of_its_period(self) -> None:
        state = folded(proposed(), event("in_force", "2025-03-14", starts="2025-04"))
        assert status(state, "2025-03-31") == "proposed"
        assert status(state, "2025-04-01") == "in_force"

    def test_in_force_comes_before_a_rejection(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"), event("rejected", "2025-03-19", party="RU"))
        assert status(state, "2025-03-19") == "in_force"

    def test_after_ended_it_is_ended_with_the_window_closed_on_the_end_date(self) -> None:
        events = (proposed(duration_days=30), event("in_force", "2025-03-18"),
                  event("ended", "2025-03-25", reason="collapsed"))
        assert status(shown("2025-03-24", *events), "2025-03-24") == "in_force"
        assert status(shown("2025-03-25", *events), "2025-03-25") == "ended"
        w = window(shown("2025-04-30", *events), "2025-04-30")
        assert w is not None and (w.start, w.until) == (d("2025-03-18"), d("2025-03-25"))

    def test_the_latest_in_force_or_ended_that_has_started_decides(self) -> None:
        events = (proposed(duration_days=10), event("in_force", "2025-03-12"),
                  event("ended", "2025-03-15", reason="collapsed"), event("in_force", "2025-03-20"))
        assert status(shown("2025-03-16", *events), "2025-03-16") == "ended"
        assert status(shown("2025-03-20", *events), "2025-03-20") == "in_force"
        assert status(shown("2025-03-30", *events), "2025-03-30") == "expired"
        # Announced ahead: an in_force recorded on the 14th that starts on the 20th decides from the 20th.
        ahead = (proposed(duration_days=10), event("in_force", "2025-03-12"), event("ended", "2025-03-13", reason="collapsed"),
                 event("in_force", "2025-03-14", starts="2025-03-20"))
        assert status(shown("2025-03-16", *ahead), "2025-03-16") == "ended"
        assert status(shown("2025-03-16", *ahead), "2025-03-21") == "in_force"

    def test_ended_without_ever_being_in_force_is_ended(self) -> None:
        state = folded(proposed(), event("ended", "2025-03-20", reason="superseded"))
        assert status(state, "2025-03-20") == "ended"


class TestRule3Rejected:
    def test_a_required_party_rejecting_the_current_text_rejects_the_proposal(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("rejected", party="RU"))
        assert status(state, "2025-03-12") == "rejected"

    def test_a_party_whose_acceptance_is_not_needed_cannot_reject_it(self) -> None:
        state = folded(proposed(), event("rejected", party="EU"))
        assert status(state, "2025-03-12") == "proposed"

    def test_a_partial_rejection_is_not_a_rejection_of_the_whole(self) -> None:
        state = folded(proposed(), event("rejected", party="RU", terms=["halt"]))
        assert status(state, "2025-03-12") == "negotiating"


class TestRule4Agreed:
    def test_every_required_party_accepting_makes_it_agreed(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU"))
        assert status(state, "2025-03-12") == "agreed"

    def test_a_conditional_acceptance_counts_as_agreeing(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU", conditions=["aid stops"]))
        assert status(state, "2025-03-12") == "agreed"

    def test_a_partial_acceptance_does_not(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU", terms=["swap"]))
        assert status(state, "2025-03-12") == "negotiating"

    def test_a_required_party_that_proposed_the_text_counts_as_agreeing_to_it(self) -> None:
        state = folded(proposed(party="UA"), event("accepted", party="RU"))
        assert status(state, "2025-03-12") == "agreed"

    def test_an_acceptance_taken_back_undoes_the_agreement(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU"),
                       event("withdrawn", "2025-03-14", party="UA"))
        assert status(state, "2025-03-14") == "negotiating"


class TestRule5ProposedOrNegotiating:
    def test_proposed_while_no_required_party_has_said_anything(self) -> None:
        assert status(folded(proposed()), "2025-03-11") == "proposed"

    def test_a_proposer_that_is_also_a_required_party_has_not_answered_by_proposing(self) -> None:
        assert status(folded(proposed(party="UA")), "2025-03-11") == "proposed"

    def test_what_other_parties_say_does_not_move_it_out_of_proposed(self) -> None:
        state = folded(proposed(), event("reviewing", party="EU"), event("countered", party="TR", counter_proposal="x"))
        assert status(state, "2025-03-12") == "proposed"

    def test_negotiating_once_a_required_party_has_spoken_without_deciding_it(self) -> None:
        for word, extra in (("reviewing", {}), ("countered", {"counter_proposal": "x"}), ("accepted", {})):
            state = folded(proposed(), event(word, party="RU", **extra))
            assert status(state, "2025-03-12") == "negotiating", word
