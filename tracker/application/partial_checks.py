"""The store checks of events that failed validation, so that one run reports every problem of a file.

An event with a missing or malformed field cannot be folded, but the references it holds (its proposal, the
event it retracts, the proposal it counters) can still be looked up. And a `proposed` that failed validation
must not make every later event of its proposal an "unknown proposal": those follow from the first problem.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from tracker.domain.errors import Problem, nearest
from tracker.ingest.batch import Batch, Partial

if TYPE_CHECKING:
    from tracker.store import Session

_PROPOSAL_REFERENCES = ("proposal", "counter_proposal", "counter_to")


def complete(session: Session, batch: Batch, problems: list[Problem]) -> list[Problem]:
    """`problems` without the ones that follow from a failed event, plus the failed events' own reference problems.

    Called inside the write transaction, after the batch's valid events were written to it (and before it is
    rolled back), so the store's proposals and event ids include those of this file.
    """
    if not batch.partials:
        return problems
    proposed = {p.references["proposal"] for p in batch.partials if p.type == "proposed" and "proposal" in p.references}
    failed_ids = {p.references["id"] for p in batch.partials if "id" in p.references}
    kept = [p for p in problems if not _follows(p, proposed, failed_ids)]
    opened = {p for p, start in session.proposals().items() if start is not None} | proposed
    file_ids = [e.id for _, e in batch.events if e.id] + sorted(failed_ids)
    retracted = {p.references["retracts"] for p in batch.partials if "retracts" in p.references}
    targets = session.events_by_id(sorted(retracted))
    for partial in batch.partials:
        kept += [problem.under("events", partial.index)
                 for problem in _reference_problems(session, partial, opened, targets, file_ids)]
    return kept


def _follows(problem: Problem, proposed: Collection[str], failed_ids: Collection[str]) -> bool:
    """A problem that only says again that an earlier event failed: its proposal, or the event it retracts."""
    field = problem.path[-1] if problem.path else None
    if field in _PROPOSAL_REFERENCES and problem.message.startswith("unknown proposal"):
        return problem.found in proposed
    if field == "retracts" and problem.message.startswith("unknown event"):
        return problem.found in failed_ids
    return False


def _reference_problems(session: Session, partial: Partial, opened: Collection[str], targets: Collection[str],
                        file_ids: Iterable[str]) -> list[Problem]:
    problems = []
    refs = partial.references
    for name in _PROPOSAL_REFERENCES:
        ref = refs.get(name)
        if ref is None or ref in opened or (name == "proposal" and partial.type == "proposed"):
            continue
        problems.append(Problem((name,), f"unknown proposal '{ref}'",
                                expected="a proposal opened by a `proposed` event in the store or in this file",
                                found=ref, suggestion=nearest(ref, opened)))
    target = refs.get("retracts")
    if target is not None and target not in targets and target not in file_ids:
        known = [r.event_id for r in session.stream_events(refs["proposal"])] if "proposal" in refs else []
        problems.append(Problem(("retracts",), f"unknown event '{target}' to retract",
                                expected="the id of a stored event", found=target,
                                suggestion=nearest(target, [*known, *file_ids])))
    return problems
