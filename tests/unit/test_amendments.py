"""Amendments: new revisions, stale positions, and per-term positions that lapse with their term."""

from __future__ import annotations

from fold_kit import event, folded, proposed, status


def amended(day: str = "2025-03-20", party: str = "US", **fields: object):  # type: ignore[no-untyped-def]
    return event("amended", day, party=party, **fields)


class TestRevisions:
    def test_every_amendment_adds_one_revision(self) -> None:
        state = folded(proposed(), amended("2025-03-20"), amended("2025-03-25"))
        assert state.revision == 3

    def test_an_amendment_may_change_title_duration_and_required_parties(self) -> None:
        state = folded(proposed(duration_days=30), amended(title="45-day truce", duration_days=45, parties=["UA", "RU", "EU"]))
        assert (state.title, state.duration_days, state.parties) == ("45-day truce", 45, ("UA", "RU", "EU"))

    def test_what_an_amendment_does_not_mention_stays_as_it_was(self) -> None:
        state = folded(proposed(duration_days=30), amended())
        assert (state.title, state.duration_days, state.parties) == ("30-day truce", 30, ("UA", "RU"))


class TestStaleness:
    def test_positions_given_to_an_older_revision_are_stale(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("rejected", party="RU"), amended())
        assert state.is_stale(state.positions["UA"]) and state.positions["UA"].revision == 1
        assert state.is_stale(state.positions["RU"]) and state.positions["RU"].position == "rejected"

    def test_the_original_proposers_position_is_stale_when_another_party_amends(self) -> None:
        state = folded(proposed(), amended("2025-03-20", party="UA"))
        assert state.positions["US"].position == "proposer"
        assert state.is_stale(state.positions["US"])

    def test_an_amending_party_without_a_position_becomes_proposer_of_the_new_revision(self) -> None:
        state = folded(proposed(), amended("2025-03-20", party="UA", id="ua-amends"))
        ua = state.positions["UA"]
        assert (ua.position, ua.since, ua.revision) == ("proposer", "2025-03-20", 2)
        assert not state.is_stale(ua)

    def test_an_amending_party_keeps_its_position_and_moves_to_the_new_revision(self) -> None:
        state = folded(proposed(), event("accepted", "2025-03-12", party="UA", conditions=["monitors"]),
                       amended("2025-03-20", party="UA"))
        ua = state.positions["UA"]
        assert (ua.position, ua.since, ua.revision, ua.conditions) == ("conditional", "2025-03-20", 2, ("monitors",))
        assert not state.is_stale(ua)

    def test_the_proposer_amending_its_own_text_stays_proposer_and_current(self) -> None:
        state = folded(proposed(), amended("2025-03-20", party="US"))
        us = state.positions["US"]
        assert (us.position, us.since, us.revision) == ("proposer", "2025-03-20", 2)

    def test_an_imprecise_amendment_date_is_the_new_since_as_written(self) -> None:
        state = folded(proposed(day="2025-11"), amended("2025-11", party="US"))
        assert state.positions["US"].since == "2025-11"

    def test_a_position_taken_after_the_amendment_is_current(self) -> None:
        state = folded(proposed(), event("accepted", "2025-03-12", party="UA"), amended(),
                       event("accepted", "2025-03-21", party="UA"))
        assert state.positions["UA"].revision == 2 and not state.is_stale(state.positions["UA"])


class TestStaleAgreementDoesNotCount:
    def test_an_agreement_on_an_older_text_is_no_longer_agreed(self) -> None:
        state = folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU"))
        assert status(state, "2025-03-12") == "agreed"
        assert status(folded(proposed(), event("accepted", party="UA"), event("accepted", party="RU"), amended()),
                      "2025-03-20") == "negotiating"

    def test_a_rejection_of_an_older_text_no_longer_rejects_it(self) -> None:
        state = folded(proposed(), event("rejected", party="RU"), amended())
        assert status(state, "2025-03-20") == "negotiating"

    def test_a_stale_position_still_counts_as_taken(self) -> None:
        state = folded(proposed(), event("reviewing", party="RU"), amended())
        assert status(state, "2025-03-20") == "negotiating"


class TestPerTermPositions:
    def test_a_removed_term_takes_its_positions_with_it(self) -> None:
        state = folded(proposed(), event("accepted", party="RU", terms=["halt", "swap"]), amended(remove_terms=["halt"]))
        assert list(state.terms) == ["swap"]

    def test_a_replaced_text_lapses_every_position_on_that_term(self) -> None:
        state = folded(proposed(), event("accepted", party="RU", terms=["halt"]), event("rejected", party="UA", terms=["halt"]),
                       amended(replace_terms=[{"id": "halt", "text": "Halt strikes on energy only"}]))
        halt = state.terms["halt"]
        assert (halt.text, halt.revision, halt.positions) == ("Halt strikes on energy only", 2, {})

    def test_terms_the_amendment_leaves_unchanged_keep_their_positions(self) -> None:
        state = folded(proposed(), event("accepted", "2025-03-12", party="RU", terms=["swap"]),
                       amended(replace_terms=[{"id": "halt", "text": "new"}], add_terms=[{"id": "monitors", "text": "OSCE"}]))
        swap = state.terms["swap"]
        assert (swap.revision, swap.positions["RU"].position, swap.positions["RU"].since) == (1, "accepted", "2025-03-12")

    def test_an_added_term_belongs_to_the_new_revision_and_starts_with_no_positions(self) -> None:
        state = folded(proposed(), amended(add_terms=[{"id": "monitors", "text": "OSCE monitors"}]))
        monitors = state.terms["monitors"]
        assert (monitors.text, monitors.revision, monitors.positions) == ("OSCE monitors", 2, {})

    def test_a_term_removed_and_added_again_in_one_amendment_starts_afresh(self) -> None:
        state = folded(proposed(), event("accepted", party="RU", terms=["halt"]),
                       amended(remove_terms=["halt"], add_terms=[{"id": "halt", "text": "Halt, reworded"}]))
        assert (state.terms["halt"].text, state.terms["halt"].positions) == ("Halt, reworded", {})

    def test_a_term_position_records_the_revision_it_was_given_to(self) -> None:
        state = folded(proposed(), amended(), event("accepted", "2025-03-21", party="RU", terms=["swap"]))
        assert state.terms["swap"].positions["RU"].revision == 2
