"""Rules an event must keep against its proposal's state just before it; and stored rows folding like models."""

from __future__ import annotations

from fold_kit import event, folded, proposed

from tracker.domain.errors import nearest
from tracker.domain.rules import check
from tracker.projections.proposal import fold
from tracker.store.light import light_event
from tracker.store.serialization import canonical_payload, from_row, to_row


def problems(state, e, existing=()):  # type: ignore[no-untyped-def]
    return check(state, e, lambda p: p in existing, lambda: ["truce-2025", "grain-deal"])


class TestProposalMustExistOnce:
    def test_an_event_on_a_never_proposed_proposal_is_refused_with_the_nearest_id(self) -> None:
        found = problems(None, event("accepted", party="UA").model_copy(update={"proposal": "truce-2026"}))
        assert [(p.path, p.found, p.suggestion) for p in found] == [(("proposal",), "truce-2026", "truce-2025")]

    def test_a_second_proposed_is_refused_whether_stored_or_earlier_in_the_file(self) -> None:
        assert [p.path for p in problems(folded(proposed()), proposed("2025-03-20"))] == [("type",)]
        assert [p.path for p in problems(None, proposed(), existing=("truce-2025",))] == [("type",)]

    def test_a_first_proposed_is_fine(self) -> None:
        assert problems(None, proposed()) == []


class TestTermsOfTheRevisionItAppliesTo:
    def test_accepting_rejecting_or_reporting_a_violation_of_an_unknown_term_is_refused(self) -> None:
        state = folded(proposed())
        for e in (event("accepted", party="UA", terms=["swap", "halts"]), event("rejected", party="UA", terms=["halts"]),
                  event("violation_reported", party="UA", against="RU", terms=["halts"])):
            found = problems(state, e)
            assert [(p.path[0], p.found, p.suggestion) for p in found] == [("terms", "halts", "halt")], e.type
            assert "one of: halt, swap" in (found[0].expected or "")

    def test_the_index_of_the_bad_term_is_named(self) -> None:
        assert problems(folded(proposed()), event("accepted", party="UA", terms=["swap", "nope"]))[0].path == ("terms", 1)

    def test_a_term_added_by_a_later_amendment_is_unknown_before_it(self) -> None:
        state = folded(proposed())
        assert problems(state, event("accepted", party="UA", terms=["monitors"]))
        later = folded(proposed(), event("amended", party="US", add_terms=[{"id": "monitors", "text": "OSCE"}]))
        assert problems(later, event("accepted", party="UA", terms=["monitors"])) == []

    def test_a_removed_term_is_unknown_after_the_amendment(self) -> None:
        state = folded(proposed(), event("amended", party="US", remove_terms=["halt"]))
        assert [p.found for p in problems(state, event("rejected", party="RU", terms=["halt"]))] == ["halt"]

    def test_an_amendment_may_only_remove_or_replace_existing_terms(self) -> None:
        state = folded(proposed())
        found = problems(state, event("amended", party="US", remove_terms=["nope"],
                                      replace_terms=[{"id": "hlat", "text": "x"}]))
        assert [(p.path, p.found) for p in found] == [(("remove_terms", 0), "nope"), (("replace_terms", 0, "id"), "hlat")]
        assert found[1].suggestion == "halt"

    def test_an_amendment_may_not_add_a_term_that_already_exists(self) -> None:
        found = problems(folded(proposed()), event("amended", party="US", add_terms=[{"id": "halt", "text": "x"}]))
        assert [p.path for p in found] == [("add_terms", 0, "id")]
        assert "replace_terms" in found[0].message


class TestNearest:
    def test_a_letter_too_many_at_the_end_suggests_the_shorter_id(self) -> None:
        assert nearest("RUS", ["RU", "UA", "US"]) == "RU"

    def test_case_does_not_matter(self) -> None:
        assert nearest("kremlin", ["Kremlin", "Kyiv"]) == "Kremlin"

    def test_a_typo_suggests_the_closest_and_nonsense_suggests_nothing(self) -> None:
        assert nearest("acepted", ["accepted", "rejected", "amended"]) == "accepted"
        assert nearest("zzzzzz", ["accepted", "rejected"]) is None


class TestStoredRowsFoldLikeModels:
    def test_the_light_events_the_store_folds_give_the_same_state_as_validated_models(self) -> None:
        history = [
            proposed(duration_days=30, counter_to="plan-28", id="p"),
            event("accepted", "2025-03-12", party="UA", conditions=["monitors"], id="a"),
            event("accepted", "2025-03-13", party="RU", terms=["swap"], confidence="claimed", id="b"),
            event("amended", "2025-03-20", party="EU", title="t2", add_terms=[{"id": "m", "text": "M"}],
                  remove_terms=["swap"], replace_terms=[{"id": "halt", "text": "H2"}], duration_days=10,
                  parties=["UA", "RU", "EU"], id="c"),
            event("rejected", "2025-03-21", party="RU", terms=["m"], reason="no", id="e"),
            event("countered", "2025-03-22", party="UA", counter_proposal="other", id="f"),
            event("violation_reported", "2025-03-22", party="UA", against="RU", terms=["halt"], id="g"),
            event("in_force", "2025-03-23", starts="2025-04", id="h"),
            event("ended", "2025-04-05", reason="collapsed", id="i"),
            event("withdrawn", "2025-04-06", party="RU", id="j"),
        ]
        light = [light_event(e.id or "", canonical_payload(e)) for e in history]
        assert fold(light) == fold(history)

    def test_a_row_maps_back_to_the_same_event(self) -> None:
        e = event("accepted", "2025-03", party="UA", terms=["halt"], id="ua-yes")
        row = to_row(e, "ua-yes", None)
        assert (row.date_text, row.party, row.stream_id) == ("2025-03", "UA", "truce-2025")
        assert from_row(row) == e
