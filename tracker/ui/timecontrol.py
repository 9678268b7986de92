"""Moving through time: the as-of date, the step, typed dates and instants. No Textual here."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone

from tracker.domain.dates import DateError, add_days, add_months, format_date, parse_as_of
from tracker.domain.dates import parse_instant as parse_known_on

STEPS: tuple[str, ...] = ("day", "week", "month")
_RELATIVE = re.compile(r"^([+-])\s*(\d+)\s*([dwmy])$")


@dataclass(frozen=True)
class When:
    """Where the dashboard stands in time: the whole screen is always 'as of' this."""

    as_of: date
    known_on: datetime | None = None
    diff_since: date | None = None
    step: str = "day"

    def moved(self, as_of: date) -> "When":
        return replace(self, as_of=as_of)


def step_date(day: date, step: str, forward: bool) -> date:
    """One step on, held at 0001-01-01 and 9999-12-31 (stepping past the calendar's ends stays there)."""
    sign = 1 if forward else -1
    if step == "month":
        return add_months(day, sign)
    return add_days(day, sign * (7 if step == "week" else 1))


def longer_step(step: str, longer: bool) -> str:
    index = STEPS.index(step) + (1 if longer else -1)
    return STEPS[max(0, min(len(STEPS) - 1, index))]


def next_event_day(days: list[date], day: date) -> date | None:
    """The first event day after `day` (days sorted ascending)."""
    i = bisect.bisect_right(days, day)
    return days[i] if i < len(days) else None


def previous_event_day(days: list[date], day: date) -> date | None:
    i = bisect.bisect_left(days, day)
    return days[i - 1] if i > 0 else None


def parse_date(text: str, current: date, today: date) -> date:
    """A typed as-of date: 2025-03-19, 2025-03 or 2025 (the end of that period), -2w / +1m / -3d / +1y
    (relative to the current as-of date), or 'today'. Raises ValueError with a readable message."""
    text = text.strip().lower()
    if not text:
        raise ValueError("type a date, e.g. 2025-03-19, 2025-03, -2w or +1m")
    if text in ("today", "now", "t"):
        return today
    match = _RELATIVE.match(text)
    if match:
        sign, amount, unit = match.groups()
        n = int(amount) * (1 if sign == "+" else -1)
        if unit == "m":
            return add_months(current, n)
        if unit == "y":
            return add_months(current, 12 * n)
        return add_days(current, n * (7 if unit == "w" else 1))
    try:
        return parse_as_of(text)
    except DateError as exc:
        raise ValueError(f"{exc.one_line()}; or -2w, +1m, -3d, today") from None


def parse_instant(text: str) -> datetime | None:
    """A typed known-on instant: empty or 'now' for now; an ISO instant (UTC unless an offset is given);
    a date, meaning the end of that day (UTC)."""
    text = text.strip()
    if text.lower() in ("", "now"):
        return None
    try:
        return parse_known_on(text)
    except DateError as exc:
        raise ValueError(exc.one_line()) from None


def long_date(day: date) -> str:
    """19 Mar 2025 (Wed)."""
    return f"{format_date(day)} ({day:%a})"


def short_instant(instant: datetime) -> str:
    value = instant.astimezone(timezone.utc)
    if value.time() == time.max.replace(tzinfo=None) or (value.hour, value.minute, value.second) == (23, 59, 59):
        return f"end of {value.date().isoformat()} UTC"
    return f"{value.date().isoformat()} {value:%H:%M:%S} UTC"  # isoformat: %Y is unpadded before year 1000
