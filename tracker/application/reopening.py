"""A correction of a proposal's opening: a `proposed` that replaces a retracted one (DOMAIN.md allows one
`proposed` per stream; a retracted one no longer counts, so its replacement is not a second one)."""

from __future__ import annotations

from tracker.domain.errors import Problem
from tracker.domain.events import BaseEvent
from tracker.projections.proposal import NEUTRAL_TYPES
from tracker.store import Session


def reopening_problems(session: Session, event: BaseEvent) -> list[Problem]:
    """What keeps `event` (a `proposed` already written in this transaction) from replacing its stream's opening."""
    rows = session.stream_events(event.proposal)
    retracted = session.retractions(event.proposal)
    others = [r for r in rows if r.type == "proposed" and r.event_id != event.id]
    standing = [r for r in others if r.event_id not in retracted]
    if standing or not others:
        return [Problem(("type",), f"proposal '{event.proposal}' was already proposed; a stream has one `proposed`",
                        expected="amended, to change its text; or retract the `proposed` first, to replace it",
                        found="proposed")]
    original = others[0]
    if original.date_text != str(event.date):
        # Every event of the stream counts from the opening's day: a replacement may not move it.
        return [Problem(("date",), f"a replacement `proposed` keeps the date of the one it replaces "
                                   f"('{original.event_id}', {original.date_text})",
                        expected=original.date_text, found=str(event.date))]
    mine = next(r for r in rows if r.event_id == event.id)
    before = [r.event_id for r in rows if r.event_id not in retracted and r.type not in NEUTRAL_TYPES
              and r.type != "proposed" and (r.effective, r.position) < (mine.effective, mine.position)]
    if before:
        listed = ", ".join(f"'{i}'" for i in before[:3]) + (" ..." if len(before) > 3 else "")
        return [Problem(("type",), f"{listed} of '{event.proposal}' would fold before this replacement `proposed` "
                                   "(same day, recorded earlier) and no longer count",
                        expected="retract them too and append their replacements after the new `proposed`",
                        found="proposed")]
    return []
