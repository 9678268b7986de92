"""A read that fails in a worker (a damaged store, a database gone away) becomes one line on screen, never a
traceback: the line is the command line's (`tracker.application.faults.explain`), shown in the overview's
error panel and as a toast, and in the screen that was reading."""

from __future__ import annotations

import os

from textual.worker import Worker, WorkerState

from tracker.application.faults import explain

UNEXPECTED = "unexpected error ("
"""How `explain` begins the line for an exception it does not recognise (a bug, not the store's state)."""


def failure_line(error: BaseException) -> str:
    return explain(error)


class ReportsFailures:
    """Mixed into a screen whose thread workers read the store (declared with `exit_on_error=False`)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        line = failure_line(error)
        if line.startswith(UNEXPECTED) and os.environ.get("TRACKER_DEBUG"):
            raise error  # a bug, with the details asked for: the traceback, as the command line gives it
        self.app.report_failure(line)  # type: ignore[attr-defined]
        self.show_failure(line)

    def show_failure(self, line: str) -> None:
        """What the screen itself shows in place of what it could not read (nothing by default)."""
