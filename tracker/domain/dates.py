"""Dates as analysts write them: a day, or only a month or a year."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cached_property

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=False)
class FuzzyDate:
    """A date known to a day, a month or a year; printed as it was written."""

    start: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> "FuzzyDate":
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; raise ValueError on anything else."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = match.groups()
        if month is None:
            return cls(date(int(year), 1, 1), Precision.YEAR)
        if not 1 <= int(month) <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is None:
            return cls(date(int(year), int(month), 1), Precision.MONTH)
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"'{text}' is not a day: {calendar.month_name[int(month)]} {year} has {last} days")
        return cls(date(int(year), int(month), int(day)), Precision.DAY)

    @classmethod
    def of(cls, value: "FuzzyDate | date | str") -> "FuzzyDate":
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls(value, Precision.DAY)
        return cls.parse(value)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.precision is Precision.DAY:
            return self.start
        if self.precision is Precision.MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start.replace(month=12, day=31)

    def __str__(self) -> str:
        return self.text

    @cached_property
    def text(self) -> str:
        """As written: 2025-03-19, 2025-03 or 2025."""
        if self.precision is Precision.DAY:
            return self.start.isoformat()
        if self.precision is Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"

    def __repr__(self) -> str:
        return f"FuzzyDate('{self}')"


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)
