"""The bar shown on a terminal while an append or a rebuild runs for more than about a second.

Never in `--json` output nor when stderr is not a terminal (a pipe, a log file, a test). It draws on
stderr, so that stdout keeps only the command's result.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, ContextManager

from tracker.application import progress

DELAY = 1.0  # seconds of work before the bar appears: short commands print nothing extra


class Bar:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.began = time.monotonic()
        self.total: float | None = None
        self.done = 0.0
        self.events = 0
        self.text = ""
        self.item_base, self.item_size, self.item_at, self.item_events = 0.0, 0.0, 0.0, 0
        self.shown: Any = None  # the rich Progress, once shown
        self.task: Any = None
        self.timer = threading.Timer(DELAY, self.show)
        self.timer.daemon = True
        if DELAY > 0:
            self.timer.start()
        else:
            self.show()

    # -- the Reporter protocol ---------------------------------------------------------------------
    def start(self, total: float, what: str) -> None:
        with self.lock:
            self.total, self.done, self.text = float(total) or None, 0.0, what
            self.refresh()

    def advance(self, amount: float, events: int = 0) -> None:
        with self.lock:
            self.done = (self.item_base if self.item_size else self.done) + amount
            self.events += events
            self.item_base, self.item_size, self.item_at, self.item_events = self.done, 0.0, 0.0, 0
            self.refresh()

    def item(self, amount: float) -> None:
        with self.lock:
            self.item_base, self.item_size, self.item_at, self.item_events = self.done, float(amount), 0.0, 0

    def phase(self, text: str, at: float | None = None, events: int | None = None) -> None:
        with self.lock:
            self.text = text
            if at is not None and self.item_size:
                self.item_at = at
                self.done = self.item_base + at * self.item_size
            if events is not None:
                self.item_events = events
            self.refresh()

    # -- drawing -------------------------------------------------------------------------------------
    def show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        with self.lock:
            # One short line, so that it fits 80 columns whole: what, the bar, events, rate, time left.
            self.shown = Progress(
                TextColumn("{task.description}"), BarColumn(bar_width=14), TextColumn("{task.fields[figures]}"),
                console=Console(file=sys.stderr, highlight=False, markup=False), transient=True,
            )
            self.task = self.shown.add_task(self.text, total=self.total, figures="")
            self.shown.start()
            self.refresh()

    def refresh(self) -> None:
        if self.shown is None:
            return
        elapsed = max(time.monotonic() - self.began, 1e-6)
        events = self.events + int(self.item_at * self.item_events)  # the current file's, by its share done
        share = self.done / self.total if self.total else 0.0
        left = _duration(elapsed * (1 - share) / share) if share > 0.01 else "?"
        self.shown.update(self.task, description=self.text[:26], total=self.total, completed=self.done,
                          figures=f"{events:,} events · {events / elapsed:,.0f}/s · {left} left")

    def close(self) -> None:
        self.timer.cancel()
        with self.lock:
            if self.shown is not None:
                self.shown.stop()


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"
    return f"{seconds // 3600:.0f} h {seconds % 3600 // 60:02.0f} min"


@contextmanager
def _bar() -> Iterator[None]:
    bar = Bar()
    try:
        with progress.reporting(bar):
            yield
    finally:
        bar.close()


def bar_for(as_json: bool) -> ContextManager[None]:
    """A progress bar on a terminal; nothing for JSON output or when stderr is not a terminal."""
    if as_json or not sys.stderr.isatty():
        return nullcontext()
    return _bar()
