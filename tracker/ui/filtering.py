"""Filtering and sorting the overview rows: `status:rejected kind:maritime party:RU` and free text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.application.views import ProposalView
from tracker.domain.dates import FuzzyDate

SORTS: tuple[str, ...] = ("proposed", "last change", "status", "title")
_STATUS_ORDER = ("in_force", "agreed", "negotiating", "proposed", "rejected", "expired", "ended", "withdrawn")


@dataclass(frozen=True)
class RowFilter:
    """A parsed filter: every token must match (free words match the title, id or kind)."""

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "RowFilter":
        statuses, kinds, parties, words = [], [], [], []
        for token in text.lower().split():
            key, sep, value = token.partition(":")
            if sep and value and key in ("status", "s", "kind", "k", "party", "p"):
                target = {"s": statuses, "status": statuses, "k": kinds, "kind": kinds}.get(key, parties)
                target.append(value.replace(" ", "_"))
            else:
                words.append(token)
        return cls(tuple(statuses), tuple(kinds), tuple(parties), tuple(words))

    def __bool__(self) -> bool:
        return bool(self.statuses or self.kinds or self.parties or self.words)

    def matches(self, view: ProposalView) -> bool:
        if self.statuses and not any(s in view.status for s in self.statuses):
            return False
        if self.kinds and not any(k in view.kind.lower() for k in self.kinds):
            return False
        involved = {p.lower() for p in (*view.parties, *view.positions)}
        if self.parties and not all(p in involved for p in self.parties):
            return False
        haystack = f"{view.title} {view.id} {view.kind}".lower()
        return all(w in haystack for w in self.words)


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
