"""The dashboard on a store of 100,000 events: the first screen within 1 s, a date step within 100 ms.

Long variant only (TRACKER_LONG_TESTS=1): building the store takes about a minute.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from dashboard_kit import bundled_tracker

from tracker.ui.app import TrackerApp

LONG = os.environ.get("TRACKER_LONG_TESTS") == "1"
PARTIES = ("UA", "RU", "US", "EU", "TR", "SA")


def write_journal(folder: Path, proposals: int, per_proposal: int) -> None:
    """One file per proposal: proposed, then positions and talks day after day."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in range(proposals):
        start = date(2010, 1, 1) + timedelta(days=p * 37)
        pid = f"perf-{p:04d}"
        proposer, others = PARTIES[p % 6], [x for x in PARTIES if x != PARTIES[p % 6]][:3]
        head = f"defaults:\n  proposal: {pid}\n  sources:\n    - outlet: Perf wire\n      published: {start}\nevents:"
        lines = [head,
                 f"  - id: {pid}-0\n    type: proposed\n    date: {start}\n    party: {proposer}\n"
                 f"    title: Perf proposal {p}\n    kind: partial_ceasefire\n    parties: [{', '.join(others)}]"]
        day = start
        for i in range(1, per_proposal):
            day = min(day + timedelta(days=1 + (i % 3 == 0)), date(2025, 12, 31))
            party = others[i % 3]
            if i % 10 == 0:
                lines.append(f"  - id: {pid}-{i}\n    type: talks_held\n    date: {day}\n"
                             f"    participants: [{proposer}, {party}]\n    location: somewhere")
            else:
                kind = "reviewing" if i % 2 else "rejected" if i % 7 == 0 else "accepted"
                lines.append(f"  - id: {pid}-{i}\n    type: {kind}\n    date: {day}\n    party: {party}")
        (folder / f"{pid}.yaml").write_text("\n".join(lines) + "\n")


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="long variant: TRACKER_LONG_TESTS=1")
async def test_first_screen_within_a_second_and_date_steps_within_100_ms(tmp_path: Path, clock: object) -> None:
    tracker = bundled_tracker(f"sqlite:///{tmp_path / 'big.db'}", clock)
    write_journal(tmp_path / "journal", 100, 1000)
    outcomes = tracker.services.append_paths([tmp_path / "journal"])
    assert all(o.outcome == "appended" for o in outcomes)
    assert tracker.queries.head() >= 100_000

    started = time.perf_counter()
    app = TrackerApp(tracker.queries, tracker.services, as_of=date(2020, 6, 1), poll_interval=0)
    async with app.run_test(size=(200, 50)) as pilot:
        matrix = app.overview.matrix
        while matrix.shown is None:
            await asyncio.sleep(0.002)
        first = time.perf_counter() - started
        steps = []
        for key in ["shift+right", "right_square_bracket", "shift+left"] * 8:
            await pilot.pause(0.3)  # an analyst's pace: the next key after a look
            before = app.when
            pressed = time.perf_counter()
            app.simulate_key(key)
            while app.when == before or matrix.shown is None or matrix.shown.when != app.when:
                await asyncio.sleep(0.001)
            steps.append(time.perf_counter() - pressed)
    tracker.close()
    assert first < 1.0, f"first screen {first * 1000:.0f} ms"
    assert statistics.median(steps) < 0.1, f"steps {[round(s * 1000) for s in steps]} ms"
