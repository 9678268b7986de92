"""Dates as the sources give them: a day, a month or a year; an interval; uncertain, approximate or with
unspecified digits. The subset of EDTF (ISO 8601-2) levels 0 and 1 the tracker accepts.

Our own small parser rather than the `edtf` package: the domain imports only the standard library and
pydantic, the package accepts all of level 2 (sets, seasons, open ends) that we would then have to refuse
again, and its parse errors cannot say what is wrong or what to write instead, which every refusal must.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported only where a model is built: reading commands never load it
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import core_schema

from tracker.domain.date_schema import DATE_JSON_SCHEMA, FORMS


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class DateError(ValueError):
    """A date the tracker cannot read, with what it expected and, where one exists, what to write instead."""

    def __init__(self, message: str, suggestion: str | None = None, expected: str = FORMS, guess: bool = False) -> None:
        super().__init__(message)
        self.message, self.suggestion, self.expected = message, suggestion, expected
        self.guess = guess  # unreadable as a date: worth guessing what was meant (see suggest)

    def one_line(self) -> str:
        """The reason, what was expected, and the nearest valid value: for a command line or a prompt."""
        return f"{self.message} (expected {self.expected})" + (
            f" - did you mean '{self.suggestion}'?" if self.suggestion else "")


_POINT = re.compile(r"([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([?~%])?", re.ASCII)
_PLAIN_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)  # the common case, parsed first


@dataclass(frozen=True, slots=True)
class _Point:
    start: date
    end: date
    precision: Precision
    qualifier: str  # "", "?", "~" or "%"
    unspecified: bool


def _digits_range(text: str, low: int, high: int) -> tuple[int, int]:
    """The smallest and largest values of a number whose last digits may be X, within [low, high]."""
    return max(low, int(text.replace("X", "0"))), min(high, int(text.replace("X", "9")))


def _point(text: str, allow_x: bool) -> _Point:
    match = _POINT.fullmatch(text)
    if not match:
        raise DateError(f"'{text}' is not a date", guess=True)
    year, month, day, qualifier = match.groups()
    digits = year + (month or "") + (day or "")
    unspecified = "X" in digits
    if unspecified:
        if not re.fullmatch(r"[0-9]+X+", digits):
            fixed = _x_from(text)
            raise DateError(f"'{text}': X may only replace the last digits of a date", fixed,
                            expected="X for the last digits only (2025-03-1X, 2025-XX, 202X)")
        if not allow_x:
            raise DateError(f"'{text}': an interval's ends are written without X",
                            expected="START/END with both ends written in full digits")
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    y_low, y_high = _digits_range(year, 1, 9999)
    if y_low > y_high or year == "0000":
        raise DateError(f"'{text}': there is no year 0; the calendar starts at 0001", None,
                        expected="a year from 0001 to 9999")
    if month is None:
        return _Point(date(y_low, 1, 1), date(y_high, 12, 31), precision, qualifier or "", unspecified)
    m_low, m_high = _digits_range(month, 1, 12)
    if m_low > m_high:
        raise DateError(f"'{text}' has no month {month}", None, expected="a month from 01 to 12")
    if day is None:
        last = calendar.monthrange(y_high, m_high)[1]
        return _Point(date(y_low, m_low, 1), date(y_high, m_high, last), precision, qualifier or "", unspecified)
    first_last = calendar.monthrange(y_low, m_low)[1]
    last = calendar.monthrange(y_high, m_high)[1]
    d_low, d_high = _digits_range(day, 1, last)
    if "X" not in day and not 1 <= int(day) <= first_last:
        name = f"{calendar.month_name[m_low]} {y_low:04d}"
        clamped = text.replace(f"-{day}", f"-{first_last:02d}", 1) if int(day) > first_last else None
        raise DateError(f"'{text}' is not a day: {name} has {first_last} days", clamped,
                        expected=f"a day from 01 to {first_last:02d}")
    if d_low > d_high or d_low > first_last:
        raise DateError(f"'{text}' is not a day: {calendar.month_name[m_low]} {y_low:04d} has no day {day}",
                        text.replace(f"-{day}", "-XX", 1), expected=f"a day from 01 to {first_last:02d}")
    return _Point(date(y_low, m_low, d_low), date(y_high, m_high, d_high), precision, qualifier or "", unspecified)


def _x_from(text: str) -> str:
    """`2025-X3` -> `2025-XX`: every digit after the first X unspecified too."""
    seen = False
    out = []
    for ch in text:
        seen = seen or ch == "X"
        out.append("X" if seen and ch.isdigit() else ch)
    return "".join(out)


_LOOSE_DAY = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?([?~%]?)", re.ASCII)


def suggest(text: str) -> str | None:
    """A guess at what was meant: 2025-3-1 -> 2025-03-01, 2025-03-1x -> 2025-03-1X, ?2025-03-19 -> 2025-03-19?,
    2025-03-10..2025-03-16 or 2025-03-10 - 2025-03-16 -> 2025-03-10/2025-03-16, 2025-03-10/16 -> 2025-03-10/2025-03-16."""
    t = text.strip()
    candidates: list[str] = []
    if "x" in t:
        candidates.append(t.replace("x", "X"))
    if t[:1] in "?~%" and len(t) > 1:
        candidates.append(t[1:] + t[0])
    for sep in ("..", " - ", " to ", "--", " – ", "–"):
        if sep in t:
            candidates.append("/".join(p.strip() for p in t.split(sep, 1)))
    loose = _LOOSE_DAY.fullmatch(t)
    if loose:
        y, m, d, q = loose.groups()
        candidates.append(f"{y}-{int(m):02d}" + (f"-{int(d):02d}" if d else "") + q)
    if "/" in t and not candidates:
        parts = [_checked(p) or suggest(p) for p in t.split("/", 1)]
        if all(parts):
            candidates.append("/".join(parts))  # type: ignore[arg-type]
    return next((c for c in map(_checked, candidates) if c), None)


def _checked(candidate: str) -> str | None:
    """The candidate if it reads as a date (without guessing again: no suggestion chases another)."""
    try:
        return _parse(candidate.strip()).text
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as written, with the first and the last day it can be.

    `start` is where the date counts from in the fold; `end` the last day it may be. `precision` is that of
    the (first) date written; `interval`, `uncertain` (?), `approximate` (~) and `unspecified` (X digits)
    say how the source put it. Printed as written.
    """

    text: str
    start: date
    end: date
    precision: Precision = Precision.DAY
    interval: bool = False
    uncertain: bool = False
    approximate: bool = False
    unspecified: bool = False

    @classmethod
    def parse(cls, text: str) -> "FuzzyDate":
        """Parse the accepted forms (see FORMS); raise DateError (a ValueError) on anything else."""
        try:
            return _parse(text.strip())
        except DateError as exc:
            if exc.guess and exc.suggestion is None:
                exc.suggestion = suggest(text)
            raise

    @classmethod
    def of(cls, value: "FuzzyDate | date | str") -> "FuzzyDate":
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls(value.isoformat(), value, value)
        return cls.parse(value)

    @property
    def qualified(self) -> bool:
        return self.uncertain or self.approximate

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"FuzzyDate('{self.text}')"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # `ref` names the form once in a JSON Schema ($defs/Date), wherever a date field appears.
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validated, ref="Date", serialization=core_schema.to_string_ser_schema(when_used="always"))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
                                     ) -> dict[str, Any]:
        return {"title": "Date", **DATE_JSON_SCHEMA}


def _validated(value: Any) -> FuzzyDate:
    """A model field's date: text, a bare year (YAML reads `2025` as a number) or a date."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return FuzzyDate.of(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    from pydantic_core import PydanticCustomError  # only a refusal needs it

    if not isinstance(value, str):
        raise PydanticCustomError("date", "expected a date, found {kind}", {"kind": type(value).__name__,
                                                                          "expected": FORMS})
    try:
        return FuzzyDate.parse(value)
    except DateError as exc:
        # The reason, what was expected and the nearest valid value travel in the error's context, so that
        # a refusal can name all three.
        raise PydanticCustomError("date", "{reason}", {"reason": exc.message, "expected": exc.expected,
                                                       "suggestion": exc.suggestion}) from None


@lru_cache(maxsize=65536)
def _parse(text: str) -> FuzzyDate:
    plain = _PLAIN_DAY.fullmatch(text)
    if plain:
        try:
            day = date(int(plain[1]), int(plain[2]), int(plain[3]))
            return FuzzyDate(text, day, day)
        except ValueError:
            pass  # fall through to the careful path, which says what is wrong
    if "/" in text:
        return _interval(text)
    p = _point(text, allow_x=True)
    return FuzzyDate(text, p.start, p.end, p.precision, False, p.qualifier in ("?", "%"),
                     p.qualifier in ("~", "%"), p.unspecified)


def _interval(text: str) -> FuzzyDate:
    first_text, _, last_text = text.partition("/")
    if "/" in last_text:
        raise DateError(f"'{text}' has more than one '/'", None, expected="START/END (2025-03-10/2025-03-16)")
    if first_text in ("", "..") or last_text in ("", ".."):
        raise DateError(f"'{text}' has an open or unknown end: write the first and the last day it can be",
                        None, expected="START/END, both ends written (2025-03-10/2025-03-16)")
    if last_text.isdigit() and len(last_text) <= 2 and _PLAIN_DAY.fullmatch(first_text):
        raise DateError(f"'{text}': write the end in full", _checked(f"{first_text}/{first_text[:8]}{int(last_text):02d}"),
                        expected="START/END, both full dates (2025-03-10/2025-03-16)")
    try:
        first, last = _point(first_text, allow_x=False), _point(last_text, allow_x=False)
    except DateError as exc:
        if "X" in text and exc.suggestion is None and not exc.guess:  # the days the X forms span, in full
            first_day, last_day = _day_of(first_text, "start"), _day_of(last_text, "end")
            if first_day and last_day:
                exc.suggestion = _checked(f"{first_day}/{last_day}")
        raise
    if last.end < first.start:
        raise DateError(f"'{text}' ends before it starts", _checked(f"{last_text}/{first_text}"),
                        expected="START/END with START on or before END")
    quals = first.qualifier + last.qualifier
    return FuzzyDate(text, first.start, last.end, first.precision, True, "?" in quals or "%" in quals,
                     "~" in quals or "%" in quals, False)


def _day_of(text: str, end: str) -> str | None:
    """The first (`start`) or last (`end`) day of one date, in full; None if it is no date."""
    try:
        return getattr(_point(text, allow_x=True), end).isoformat()
    except DateError:
        return None


def endpoints(value: FuzzyDate) -> tuple[FuzzyDate, FuzzyDate] | None:
    """An interval's two ends, each as a date of its own; None for a single date."""
    if not value.interval:
        return None
    first, _, last = value.text.partition("/")
    return FuzzyDate.parse(first), FuzzyDate.parse(last)


@lru_cache(maxsize=4096)
def open_until(text: str | None) -> date | None:
    """The last day a date written as a range of days leaves open (an interval, or X digits: 2025-03-1X);
    None for a day, and for a month or a year written as such, which read as periods, not as doubt."""
    if text is None:
        return None
    try:
        value = FuzzyDate.parse(text)
    except ValueError:
        return None
    return value.end if value.interval or value.unspecified else None


# --- what may be dated when -----------------------------------------------------------------------------

def future_problem(value: FuzzyDate, today: date, what: str = "dated") -> DateError | None:
    """Why a date is in the future, or None. A date counts from its start, so that start must have come;
    an interval names its last day itself, so the whole interval must have passed. (A month or a year,
    or a date with unspecified digits, may still be running: only its first day must have come.)"""
    if value.start > today:
        return DateError(f"{what} {value}, in the future (today is {today.isoformat()})", None,
                         expected=f"{today.isoformat()} or earlier")
    if value.interval and value.end > today:
        first = value.text.partition("/")[0]
        return DateError(f"{what} {value}, an interval ending in the future (today is {today.isoformat()})",
                         f"{first}/{today.isoformat()}", expected=f"an interval ending {today.isoformat()} or earlier")
    return None


# --- arithmetic that never leaves the calendar ---------------------------------------------------------------

def add_days(day: date, days: int) -> date:
    """`day + days`, held at 0001-01-01 and 9999-12-31: stepping past either end stays at it."""
    ordinal = day.toordinal() + days
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter), held at the calendar's ends."""
    index = day.year * 12 + day.month - 1 + months
    if index < 12:
        return date.min
    if index >= 10000 * 12:
        return date.max
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_ELSEWHERE = {"format_date": "tracker.domain.date_display", "parse_as_of": "tracker.domain.date_input",
              "parse_instant": "tracker.domain.date_input"}


def __getattr__(name: str) -> Any:
    """Display and what readers type live in their own modules, importable from here too (lazily: they
    import this module, so importing them here at load time would be circular)."""
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
