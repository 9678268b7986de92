"""`tracker` / `tracker dashboard`: the Textual dashboard (the only command that loads Textual)."""

from __future__ import annotations

import argparse

from tracker.application.bootstrap import Tracker


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    from tracker.ui.app import run_dashboard

    return run_dashboard(tracker, args)
