"""Progress of long work (appends, rebuilds), reported to whoever listens: the CLI's bar, or nobody.

The write side calls the module functions below at a few points; they cost nothing when nothing
listens (the dashboard, tests, `--json`, output that is not a terminal).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Reporter(Protocol):
    def start(self, total: float, what: str) -> None:
        """Work of `total` units (bytes of files, or events) begins."""

    def advance(self, amount: float, events: int = 0) -> None:
        """`amount` more units done, `events` more events handled."""

    def phase(self, text: str, at: float | None = None, events: int | None = None) -> None:
        """What is being done now (shown beside the bar); `at`: how much of the current item is done
        (0-1, from the measured share of each step), `events`: how many events the current item holds."""

    def item(self, amount: float) -> None:
        """A new item (a file) of `amount` units begins; `advance` ends it."""


_listener: ContextVar[Reporter | None] = ContextVar("tracker_progress", default=None)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    token = _listener.set(reporter)
    try:
        yield
    finally:
        _listener.reset(token)


def start(total: float, what: str) -> None:
    if (r := _listener.get()) is not None:
        r.start(total, what)


def advance(amount: float, events: int = 0) -> None:
    if (r := _listener.get()) is not None:
        r.advance(amount, events)


def phase(text: str, at: float | None = None, events: int | None = None) -> None:
    if (r := _listener.get()) is not None:
        r.phase(text, at, events)


def item(amount: float) -> None:
    if (r := _listener.get()) is not None:
        r.item(amount)
