"""Filtering and sorting the overview rows: `status:rejected kind:maritime party:RU` and free text."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tracker.application.views import ProposalView
from tracker.domain.dates import FuzzyDate

SORTS: tuple[str, ...] = ("proposed", "last change", "status", "title")
_STATUS_ORDER = ("in_force", "agreed", "negotiating", "proposed", "rejected", "expired", "ended", "withdrawn")


@dataclass(frozen=True)
class RowFilter:
    """A parsed filter: every token must match. A plain word matches the title, id, kind, status, or a
    party's id or name (`names`: party id -> name)."""

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def parse(cls, text: str, names: Mapping[str, str] | None = None) -> "RowFilter":
        statuses, kinds, parties, words = [], [], [], []
        for token in text.lower().split():
            key, sep, value = token.partition(":")
            if sep and value and key in ("status", "s", "kind", "k", "party", "p"):
                target = {"s": statuses, "status": statuses, "k": kinds, "kind": kinds}.get(key, parties)
                target.append(value.replace(" ", "_"))
            else:
                words.append(token)
        return cls(tuple(statuses), tuple(kinds), tuple(parties), tuple(words), dict(names or {}))

    def __bool__(self) -> bool:
        return bool(self.statuses or self.kinds or self.parties or self.words)

    def _party_matches(self, wanted: str, party: str) -> bool:
        return wanted == party.lower() or wanted in self.names.get(party, "").lower()

    def matches(self, view: ProposalView) -> bool:
        if self.statuses and not any(s in view.status for s in self.statuses):
            return False
        if self.kinds and not any(k in view.kind.lower() for k in self.kinds):
            return False
        involved = (*view.parties, *view.positions)
        if self.parties and not all(any(self._party_matches(p, i) for i in involved) for p in self.parties):
            return False
        if not self.words:
            return True
        names = " ".join(self.names.get(p, "") for p in involved)
        haystack = f"{view.title} {view.id} {view.kind} {view.status} {view.status.replace('_', ' ')} " \
                   f"{' '.join(involved)} {names}".lower()
        return all(w in haystack for w in self.words)

    def problems(self, views: tuple[ProposalView, ...]) -> list[str]:
        """`status:`, `kind:` and `party:` values that can match nothing, each with the values that can."""
        found = []
        statuses = sorted({*_STATUS_ORDER, *(v.status for v in views)}, key=_status_rank)
        for value in self.statuses:
            if not any(value in s for s in statuses):
                found.append(f"status:{value} is no status; try " + ", ".join(s for s in statuses))
        kinds = sorted({v.kind for v in views})
        for value in self.kinds:
            if not any(value in k.lower() for k in kinds):
                found.append(f"kind:{value} is no kind here; try " + ", ".join(kinds))
        parties = sorted({p for v in views for p in (*v.parties, *v.positions)})
        for value in self.parties:
            if not any(self._party_matches(value, p) for p in parties):
                listed = ", ".join(f"{p} ({self.names[p]})" if self.names.get(p) else p for p in parties)
                found.append(f"party:{value} is no party here; try {listed}")
        return found


def _status_rank(status: str) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else 99


@lru_cache(maxsize=4096)
def _day(text: str | None) -> str:
    """The first day of a written date, for sorting (read once per text: every date step sorts the rows)."""
    if not text:
        return ""
    try:
        return FuzzyDate.parse(text).start.isoformat()
    except ValueError:
        return text


def sort_key(sort: str) -> tuple[Callable[[ProposalView], Any], bool]:
    """The key and whether to reverse, for one of SORTS."""
    if sort == "last change":
        return (lambda v: (_day(v.last_change), v.id)), True
    if sort == "status":
        return (lambda v: (_STATUS_ORDER.index(v.status) if v.status in _STATUS_ORDER else 99, v.id)), False
    if sort == "title":
        return (lambda v: (v.title.lower(), v.id)), False
    return (lambda v: (_day(v.proposed_on), v.id)), False


def arrange(views: tuple[ProposalView, ...], row_filter: RowFilter, sort: str) -> list[ProposalView]:
    key, reverse = sort_key(sort)
    shown = (v for v in views if row_filter.matches(v)) if row_filter else views
    return sorted(shown, key=key, reverse=reverse)
