"""Problems found in an analyst's input, located by the path of the offending field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, where (a path into the file's data) and what would be right."""

    path: Path
    message: str
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None

    def under(self, *prefix: str | int) -> "Problem":
        return Problem(prefix + self.path, self.message, self.expected, self.found, self.suggestion)


class TrackerError(Exception):
    """Base of the errors the tracker reports to its users."""


class CorruptionFound(TrackerError):
    """Stored data failed its check before use (a damaged or hand-edited row): nothing was shown or written."""

    FIX = "run `tracker rebuild` to recreate the projections from the events, then `tracker verify --deep`"

    def __init__(self, what: str, fix: str = FIX) -> None:
        super().__init__(f"the store is corrupt: {what}; {fix}")
        self.what = what


class ConcurrencyConflict(TrackerError):
    """Another writer appended to a stream after the version this batch expected."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"proposal '{stream}' moved on: expected version {expected}, found {actual} (another writer appended first)"
        )
        self.stream, self.expected, self.actual = stream, expected, actual


class BatchRefused(TrackerError):
    """A batch broke a rule; nothing of it was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems[:3]))
        self.problems = problems


def nearest(value: str, candidates: Iterable[str]) -> str | None:
    """The closest valid value, for 'did you mean' hints (case-insensitive)."""
    pool = {c.lower(): c for c in candidates}
    key = value.lower()
    if key in pool:
        return pool[key]
    # A typo that adds or drops letters at the end ('RUS' for 'RU') is the commonest: prefer the longest prefix.
    prefixes = [c for c in pool if c and (key.startswith(c) or c.startswith(key))]
    if prefixes:
        return pool[max(prefixes, key=len)]
    match = difflib.get_close_matches(value.lower(), list(pool), n=1, cutoff=0.5)
    return pool[match[0]] if match else None
