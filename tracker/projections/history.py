"""A proposal's states over time: one per day on which something counted, from a fold."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

import orjson

from tracker.domain.events import BaseEvent
from tracker.domain.state import ProposalState
from tracker.projections.proposal import State, apply

Check = Callable[[State, BaseEvent, int], None]


def refold(
    state: State, events: Iterable[tuple[int, int, BaseEvent]], check: Check | None = None
) -> dict[int, ProposalState]:
    """Fold (effective day, position, event) triples in fold order; the state at the end of each day.

    `check` sees every event with the state just before it, so that ingestion can refuse one
    that breaks a rule at the place it takes in the history.
    """
    days: dict[int, ProposalState] = {}
    for day, position, event in events:
        if check is not None:
            check(state, event, position)
        after = apply(state, event)
        if after is not state and after is not None:  # neutral events return the very same state
            days[day] = after
        state = after
    return days


def encode(state: ProposalState, remember: bool = False) -> str:
    """The snapshot text of a state; `remember`: an append's new state, which the next append to the
    proposal starts from (see decode)."""
    text = orjson.dumps(state.to_dict()).decode()
    if remember:
        _DECODED[text] = state
        if len(_DECODED) > _DECODED_MAX:
            _DECODED.popitem(last=False)  # the oldest: appends that go round many proposals still find theirs
    return text


def decode(text: str) -> ProposalState:
    """The state a snapshot's text holds: the one an append of this process remembered, else decoded."""
    state = _DECODED.get(text)
    return state if state is not None else ProposalState.from_dict(orjson.loads(text))


# Text -> state of the states appends encoded lately (a few MB at most): `decode` of those is a lookup.
_DECODED: OrderedDict[str, ProposalState] = OrderedDict()
_DECODED_MAX = 2048


def changed_rows(
    current: Mapping[int, str], fresh: Mapping[int, str]
) -> tuple[list[int], list[tuple[int, str]]]:
    """Which current rows to close and which to add, so that unchanged days keep their rows."""
    close = sorted(d for d, text in current.items() if fresh.get(d) != text)
    add = sorted((d, text) for d, text in fresh.items() if current.get(d) != text)
    return close, add


def in_fold_order(triples: Sequence[tuple[int, int, BaseEvent]]) -> list[tuple[int, int, BaseEvent]]:
    return sorted(triples, key=lambda t: (t[0], t[1]))
