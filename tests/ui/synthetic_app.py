"""The dashboard on a synthetic store from the benchmark generator: about 300 proposals and 40 parties.

Run by hand to look at it: `python tests/ui/synthetic_app.py [2025-06-30]` (the store is built once, under
the system's temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

from benchmarks.generate import generate
from tracker.application.bootstrap import Tracker, open_tracker
from tracker.ui.app import TrackerApp

EVENTS = 20_000  # above 15,000 the generator opens its full 300 proposals
RECORDED = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def synthetic_tracker(path: Path, events: int = EVENTS, seed: int = 7) -> Tracker:
    """The store at `path`, filled from the generator the first time."""
    fresh = not path.exists()
    tracker = open_tracker(f"sqlite:///{path}", clock=lambda: RECORDED)
    if fresh:
        for i, text in enumerate(generate(events, seed)):
            outcome = tracker.services.append_bytes(text.encode(), f"synthetic-{i:04d}.yaml")
            assert outcome.outcome != "refused", outcome.refusals
    return tracker


def synthetic_app(path: Path, as_of: str = "2025-06-30") -> TrackerApp:
    tracker = synthetic_tracker(path)
    return TrackerApp(tracker.queries, tracker.services, as_of=date.fromisoformat(as_of), poll_interval=0)


if __name__ == "__main__":
    synthetic_app(Path(tempfile.gettempdir()) / "tracker-synthetic.db", *sys.argv[1:2]).run()
