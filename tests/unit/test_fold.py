"""The proposal fold, one use case per class: what each event type does to a proposal's state."""

from __future__ import annotations

from fold_kit import event, folded, proposed, status

from tracker.domain.state import Position
from tracker.projections.proposal import NEUTRAL_TYPES, apply, fold


class TestProposed:
    def test_opens_the_stream_at_revision_1_with_the_proposer_standing_by_it(self) -> None:
        state = folded(proposed(duration_days=30))
        assert state.revision == 1
        assert state.proposer == "US"
        assert state.proposed_on == "2025-03-11"
        assert state.parties == ("UA", "RU")
        assert state.duration_days == 30
        assert state.positions == {"US": Position("proposer", "2025-03-11", 1, event_id=None)}

    def test_its_terms_belong_to_revision_1_and_nobody_has_a_position_on_them(self) -> None:
        state = folded(proposed())
        assert {tid: (t.text, t.revision, t.positions) for tid, t in state.terms.items()} == {
            "halt": ("Halt all hostilities", 1, {}),
            "swap": ("Exchange prisoners", 1, {}),
        }

    def test_the_required_parties_have_said_nothing_yet(self) -> None:
        state = folded(proposed())
        assert "UA" not in state.positions and "RU" not in state.positions
        assert status(state, "2025-03-11") == "proposed"

    def test_an_imprecise_date_is_kept_as_written_and_counts_from_the_start_of_its_period(self) -> None:
        state = folded(proposed(day="2025-03"))
        assert state.proposed_on == "2025-03"
        assert str(state.proposed_start) == "2025-03-01"
        assert state.positions["US"].since == "2025-03"

    def test_a_counter_proposal_remembers_what_it_answers(self) -> None:
        assert folded(proposed(counter_to="plan-28")).counter_to == "plan-28"

    def test_a_second_proposed_never_replaces_the_first(self) -> None:
        first = folded(proposed())
        again = apply(first, proposed(day="2025-03-20", party="UA"))
        assert again is first

    def test_events_without_a_visible_proposed_have_nothing_to_act_on(self) -> None:
        assert fold([event("accepted", party="UA"), event("in_force")]) is None


class TestAccepted:
    def test_a_plain_acceptance_is_accepted_at_the_current_revision(self) -> None:
        state = folded(proposed(), event("accepted", "2025-03-12", party="UA", id="ua-yes"))
        assert state.positions["UA"] == Position("accepted", "2025-03-12", 1, (), "reported", "ua-yes")

    def test_an_acceptance_with_conditions_is_conditional_and_keeps_them(self) -> None:
        state = folded(proposed(), event("accepted", party="RU", conditions=["no foreign aid", "no mobilisation"]))
        assert state.positions["RU"].position == "conditional"
        assert state.positions["RU"].conditions == ("no foreign aid", "no mobilisation")

    def test_an_acceptance_of_some_terms_is_partial_and_still_records_its_conditions(self) -> None:
        state = folded(proposed(), event("accepted", party="RU", terms=["swap"], conditions=["monitors first"]))
        assert state.positions["RU"].position == "partial"
        assert state.positions["RU"].conditions == ("monitors first",)
        assert state.terms["swap"].positions["RU"].position == "accepted"
        assert "RU" not in state.terms["halt"].positions

    def test_a_claimed_acceptance_is_still_an_acceptance_shown_as_claimed(self) -> None:
        state = folded(proposed(), event("accepted", party="UA", confidence="claimed"))
        assert state.positions["UA"].position == "accepted"
        assert state.positions["UA"].confidence == "claimed"

    def test_the_latest_word_of_a_party_replaces_its_earlier_one(self) -> None:
        state = folded(proposed(), event("reviewing", "2025-03-12", party="UA"), event("accepted", "2025-03-14", party="UA"))
        assert (state.positions["UA"].position, state.positions["UA"].since) == ("accepted", "2025-03-14")

    def test_the_change_is_remembered_as_the_last_change(self) -> None:
        assert folded(proposed(), event("accepted", "2025-03-14", party="UA")).last_change == "2025-03-14"


class TestRejected:
    def test_a_plain_rejection_is_rejected_with_its_reason(self) -> None:
        state = folded(proposed(), event("rejected", "2025-03-18", party="RU", reason="aid must stop first"))
        assert state.positions["RU"].position == "rejected"
        assert state.positions["RU"].reason == "aid must stop first"
        assert state.positions["RU"].since == "2025-03-18"

    def test_a_rejection_of_some_terms_is_partial(self) -> None:
        state = folded(proposed(), event("rejected", party="RU", terms=["halt"]))
        assert state.positions["RU"].position == "partial"
        assert state.terms["halt"].positions["RU"].position == "rejected"

    def test_accepting_some_terms_and_rejecting_others_keeps_both_per_term(self) -> None:
        state = folded(
            proposed(),
            event("accepted", "2025-03-12", party="RU", terms=["swap"]),
            event("rejected", "2025-03-13", party="RU", terms=["halt"]),
        )
        assert {tid: t.positions["RU"].position for tid, t in state.terms.items()} == {
            "halt": "rejected", "swap": "accepted"}
        assert state.positions["RU"].position == "partial"


class TestReviewingAndCountered:
    def test_a_party_studying_the_text_is_reviewing(self) -> None:
        state = folded(proposed(), event("reviewing", party="RU"))
        assert state.positions["RU"].position == "reviewing"

    def test_a_party_answering_with_another_proposal_is_countered_and_names_it(self) -> None:
        state = folded(proposed(), event("countered", party="EU", counter_proposal="eu-counter"))
        assert state.positions["EU"].position == "countered"
        assert state.positions["EU"].counter_proposal == "eu-counter"


class TestWithdrawn:
    def test_withdrawn_by_its_proposer_the_proposal_is_withdrawn(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("withdrawn", "2025-03-20", party="US"))
        assert state.withdrawn
        assert status(state, "2025-03-20") == "withdrawn"

    def test_withdrawn_by_another_party_it_only_takes_back_that_partys_acceptance(self) -> None:
        state = folded(
            proposed(),
            event("accepted", party="UA"),
            event("accepted", party="RU"),
            event("withdrawn", "2025-03-20", party="RU"),
        )
        assert not state.withdrawn
        assert state.positions["RU"].position == "withdrawn"
        assert status(state, "2025-03-20") == "negotiating"


class TestNeutralEvents:
    def test_violations_talks_and_retractions_leave_the_state_as_it_was(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"))
        neutral = [
            event("violation_reported", party="UA", against="RU", terms=["halt"], disputed_by=["RU"]),
            event("talks_held", participants=["US", "UA"], location="Jeddah"),
            event("retracted", retracts="some-event", reason="misread the source"),
        ]
        assert {e.type for e in neutral} == NEUTRAL_TYPES  # type: ignore[attr-defined]
        for e in neutral:
            assert apply(state, e) is state


class TestInForceAndEnded:
    def test_in_force_starts_on_its_date_unless_it_names_another_start(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"),
                       event("in_force", "2025-03-19", starts="2025-03-25", duration_days=10))
        assert [(e.kind, str(e.start), e.duration_days) for e in state.effects] == [
            ("in_force", "2025-03-18", 30), ("in_force", "2025-03-25", 10)]

    def test_in_force_takes_the_proposals_duration_unless_it_has_its_own(self) -> None:
        state = folded(proposed(duration_days=30), event("in_force", "2025-03-18"))
        assert state.effects[0].duration_days == 30
        state = folded(proposed(), event("in_force", "2025-03-18"))
        assert state.effects[0].duration_days is None

    def test_ended_records_why_it_stopped(self) -> None:
        state = folded(proposed(), event("in_force", "2025-03-18"), event("ended", "2025-03-25", reason="collapsed"))
        assert (state.effects[-1].kind, str(state.effects[-1].start), state.effects[-1].reason) == (
            "ended", "2025-03-25", "collapsed")
