"""Driving the dashboard in tests: a store, an app, waiting for the reads, reading a cell as plain text."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.position_matrix import PositionMatrix


DATA = Path(__file__).parent / "data"
LOADED_AT = "2026-01-05T09:00:00Z"


def bundled_tracker(url: str, clock: Any) -> Tracker:
    opened = open_tracker(url, clock=clock)
    refused = [r for o in opened.services.load_bundled() for r in o.refusals]
    assert not refused, refused
    return opened


def make_app(tracker: Tracker, as_of: str | None = "2025-03-19", **kwargs: object) -> TrackerApp:
    kwargs.setdefault("poll_interval", 0)
    return TrackerApp(tracker.queries, tracker.services, as_of=date.fromisoformat(as_of) if as_of else None,
                      **kwargs)  # type: ignore[arg-type]


async def settle(pilot: Pilot[int]) -> None:
    """Let every read finish and its result be drawn (the lower panel follows after a short rest)."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    while app.overview.panel_pending:  # type: ignore[attr-defined]
        await asyncio.sleep(0.02)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[int], text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")


async def until(pilot: Pilot[int], check: Callable[[], bool], seconds: float = 10.0) -> float:
    """Wait until `check()` holds; return how long it took. Fails after `seconds`: a bound for "never", not a
    speed target (those are measured by the benchmark suite, e.g. benchmarks.live_latency), so that a slow or
    busy machine does not fail a test of behaviour."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.02)
        await pilot.pause()
    return time.monotonic() - start


def matrix(app: TrackerApp) -> PositionMatrix:
    return app.overview.query_one(PositionMatrix)


def cell(app: TrackerApp, proposal: str, column: str) -> str:
    """The text of one matrix cell; `column` is a party id, `title`, `status`, `rev` or `changed`."""
    table = matrix(app)
    key = column if column in ("title", "status", "rev", "changed") else f"party:{column}"
    return str(table.get_cell(proposal, key))


def rows(app: TrackerApp) -> list[str]:
    return list(matrix(app).row_ids)
