"""States and views decoded from the store build their terms on first read, and behave as plain dicts."""

from __future__ import annotations

from tracker.domain.lazy import LazyMapping
from tracker.domain.state import ProposalState, TermPosition, TermState
from datetime import date


def test_built_once_on_first_read_and_equal_to_the_same_dict() -> None:
    calls: list[int] = []

    def build(raw: dict[str, int]) -> dict[str, int]:
        calls.append(1)
        return {k: v * 2 for k, v in raw.items()}

    lazy = LazyMapping({"a": 1, "b": 2}, build)
    assert calls == []
    assert lazy == {"a": 2, "b": 4} and {"a": 2, "b": 4} == lazy
    assert lazy != {"a": 2}
    assert list(lazy) == ["a", "b"] and "a" in lazy and "z" not in lazy and lazy.get("z") is None
    assert dict(lazy) == {"a": 2, "b": 4} and len(lazy) == 2
    assert calls == [1]


def test_a_state_round_trips_through_its_stored_form_with_its_terms() -> None:
    state = ProposalState(
        id="p", title="T", kind="ceasefire", proposer="US", proposed_on="2025-03-11",
        proposed_start=date(2025, 3, 11), parties=("UA", "RU"),
        terms={"halt": TermState("Halt", 1, {"UA": TermPosition("accepted", "2025-03-12", 1)}), "swap": TermState("Swap", 2)},
    )
    again = ProposalState.from_dict(state.to_dict())
    assert again == state
    assert again.terms["halt"].positions["UA"].position == "accepted"
    assert again.to_dict() == state.to_dict()


def test_counting_or_testing_for_emptiness_builds_nothing() -> None:
    calls: list[int] = []
    lazy = LazyMapping({"a": 1}, lambda raw: calls.append(1) or dict(raw))
    assert len(lazy) == 1 and bool(lazy) and calls == []
    assert not LazyMapping({}, dict)
