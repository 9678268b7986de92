"""Dates shown to people, as the sources put them: one function for every table, timeline and screen."""

from __future__ import annotations

import calendar
from datetime import date

from tracker.domain.dates import FuzzyDate, Precision, endpoints

def _day(d: date, year: bool = True) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]}" + (f" {d.year:04d}" if year else "")


def _month(d: date, year: bool = True) -> str:
    return calendar.month_abbr[d.month] + (f" {d.year:04d}" if year else "")


def _unit(start: date, end: date) -> Precision:
    """The coarsest unit a run of days is made of: whole years, whole months, or days."""
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return Precision.YEAR if (start.month, end.month) == (1, 12) else Precision.MONTH
    return Precision.DAY


def _span(start: date, end: date, unit: Precision) -> str:
    """A run of days in `unit`s, shared month and year written once: 10-16 Mar 2025, 28 Feb - 3 Mar 2025,
    Mar-Apr 2025, Dec 2024 - Jan 2025, 2024-2025."""
    if unit is Precision.YEAR:
        return f"{start.year:04d}" if start.year == end.year else f"{start.year:04d}-{end.year:04d}"
    if unit is Precision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        return f"{_month(start, False)}-{_month(end)}" if start.year == end.year else f"{_month(start)} - {_month(end)}"
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{_day(end)}"
    return f"{_day(start, False)} - {_day(end)}" if start.year == end.year else f"{_day(start)} - {_day(end)}"


def _single(value: FuzzyDate) -> str:
    if value.unspecified:
        body = _span(value.start, value.end, _unit(value.start, value.end))
    else:
        body = _span(value.start, value.end, value.precision)
    return ("~" if value.approximate else "") + body + ("?" if value.uncertain else "")


def format_date(value: FuzzyDate | date | str | None) -> str:
    """A date for people, as the source put it: `19 Mar 2025`, `Mar 2025`, `2025`, `10-16 Mar 2025`,
    `19 Mar 2025?` (uncertain), `~19 Mar 2025` (approximate), `~19 Mar 2025?` (both), `10-19 Mar 2025`
    (2025-03-1X). Text that is not a date is returned as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = FuzzyDate.parse(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return _day(value)
    ends = endpoints(value)
    if ends is None:
        return _single(value)
    first, last = ends
    if first.text == last.text:
        return _single(first)
    if first.qualified or last.qualified or first.precision is not last.precision:
        return f"{_single(first)} - {_single(last)}"
    return _span(value.start, value.end, first.precision)


