"""A harness for the snapshot tests: the bundled dataset recorded at a fixed instant, the dashboard at a fixed date.

Run by hand to look at it: `python tests/ui/snapshot_app.py 2025-03-19`.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

from tracker.application.bootstrap import open_tracker
from tracker.ui.app import TrackerApp

RECORDED = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def snapshot_app(folder: Path, as_of: str = "2025-03-19") -> TrackerApp:
    """A dashboard on a new store in `folder`, loaded with the bundled dataset; no polling, dark theme."""
    tracker = open_tracker(f"sqlite:///{folder / 'snapshot.db'}", clock=lambda: RECORDED)
    refused = [r for o in tracker.services.load_bundled() for r in o.refusals]
    assert not refused, refused
    return TrackerApp(tracker.queries, tracker.services, as_of=date.fromisoformat(as_of), poll_interval=0)


if __name__ == "__main__":
    snapshot_app(Path(tempfile.mkdtemp()), *sys.argv[1:2]).run()
