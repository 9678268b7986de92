"""Dates and instants a reader types (`--as-of`, `--known-on`, the dashboard's `g` and `k`): only the ISO
forms the README documents, and never a value the calendar cannot hold."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from tracker.domain.dates import DateError, FuzzyDate, suggest

AS_OF_FORMS = "YYYY-MM-DD, or YYYY-MM / YYYY meaning the end of that period"
INSTANT_FORMS = "an ISO 8601 instant (2025-03-19T12:00:00Z; without an offset it is UTC) or a date YYYY-MM-DD"
_AS_OF = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", re.ASCII)
_INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6})[0-9]*)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII,
)


def parse_as_of(text: str) -> date:
    """An as-of date as typed: a day, or a month or year meaning its last day. Intervals, marks and other
    ISO spellings (20250319) are refused: an as-of date is a day the reader picks, not a source's date."""
    text = text.strip()
    if not _AS_OF.fullmatch(text):
        raise DateError(f"'{text}' is not an as-of date", _as_of_suggestion(text), expected=AS_OF_FORMS)
    return FuzzyDate.parse(text).end


def _as_of_suggestion(text: str) -> str | None:
    if re.fullmatch(r"[0-9]{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        value = FuzzyDate.parse(text)
    except ValueError:
        return suggest(text)
    return value.end.isoformat()


def parse_instant(text: str) -> datetime:
    """A known-on instant, in UTC: `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` with an optional `Z` or `±HH:MM`
    (UTC without one), or a date meaning the end of that day, UTC. Instants past either end of the
    calendar once moved to UTC (9999-12-31T23:00-05:00) saturate at that end: known then, everything
    recorded is known (or nothing is)."""
    text = text.strip()
    match = _INSTANT.fullmatch(text)
    if not match:
        raise DateError(f"'{text}' is not an instant", _instant_suggestion(text), expected=INSTANT_FORMS)
    y, mo, d, h, mi, s, frac, offset = match.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError as exc:
        raise DateError(f"'{text}' is not an instant: {exc}", None, expected=INSTANT_FORMS) from None
    if h is None:
        return datetime.combine(day, time.max, tzinfo=timezone.utc)
    try:
        clock = time(int(h), int(mi), int(s or 0), int((frac or "0").ljust(6, "0")))
    except ValueError as exc:
        raise DateError(f"'{text}' is not an instant: {exc}", None, expected=INSTANT_FORMS) from None
    shift = timedelta(0)
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise DateError(f"'{text}' has no offset {offset}", None, expected=INSTANT_FORMS)
        shift = sign * timedelta(hours=hours, minutes=minutes)
    local = datetime.combine(day, clock)
    try:
        return (local - shift).replace(tzinfo=timezone.utc)
    except OverflowError:
        return FIRST_INSTANT if shift > timedelta(0) else LAST_INSTANT


def _instant_suggestion(text: str) -> str | None:
    """ISO 8601's basic format in the extended one the README documents: 20250319 -> 2025-03-19,
    20250319T1200Z -> 2025-03-19T12:00Z, 2025-03-19T12:00+0200 -> 2025-03-19T12:00+02:00."""
    basic = re.fullmatch(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:T([0-9]{2}):?([0-9]{2})(?::?([0-9]{2}))?"
                         r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?", text)
    if basic is None:
        return None
    y, mo, d, h, mi, sec, offset = basic.groups()
    candidate = f"{y}-{mo}-{d}"
    if h is not None:
        candidate += f"T{h}:{mi}" + (f":{sec}" if sec else "")
        if offset:
            candidate += offset if offset == "Z" or ":" in offset else f"{offset[:3]}:{offset[3:]}"
    try:
        parse_instant(candidate)
    except DateError:
        return None
    return candidate


FIRST_INSTANT = datetime.min.replace(tzinfo=timezone.utc)
LAST_INSTANT = datetime.max.replace(tzinfo=timezone.utc)


