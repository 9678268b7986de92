"""Readers never wait for writers: `tracker status` and the dashboard's first screen answer while an append holds
the write lock (both databases).

Opening a store only reads (no BEGIN IMMEDIATE, no advisory lock); schema creation and upgrades happen only in
the commands that write. The writer is a real `tracker append` of a large file, stopped (SIGSTOP) as soon as it
holds the lock and resumed once the readers are done: the lock stays held for as long as the readers take,
however fast or slow the machine, and a reader that waited for it would never finish. The bound is one for
"never"; how long the readers take during a 10^5-event append that is not stopped is measured by
`python -m benchmarks.readers_during_append`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tracker.application.bootstrap import Tracker, open_for, open_tracker
from tracker.store.backend import backend_for
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.position_matrix import PositionMatrix

from ._support import Started, big_file, finish, pick, record, run_cli, seed_file, start_cli
from .conftest import backend

pytestmark = pytest.mark.concurrency

NEVER = 10.0  # seconds: a reader behind the lock waited up to 60 s, then died with "database is locked"


def _writer_holds_the_lock(url: str) -> bool:
    """Another session holds this store's write lock (the backend tries it without waiting)."""
    backend = backend_for(url)
    engine = backend.make_engine(url, read_only=False)
    try:
        return backend.lock_held(engine)
    finally:
        engine.dispose()


def _stop_while_holding_the_lock(writer: Started, url: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert writer.proc.poll() is None, "the append ended before it was caught holding the lock"
        assert time.monotonic() < deadline, "the append never took the lock"
        if _writer_holds_the_lock(url):
            os.kill(writer.proc.pid, signal.SIGSTOP)
            if _writer_holds_the_lock(url):
                return
            os.kill(writer.proc.pid, signal.SIGCONT)  # it let go between the look and the stop
        time.sleep(0.01)


async def _dashboard_first_screen(url: str) -> tuple[float, list[str], str | None]:
    """The dashboard as `tracker --db URL` opens it: seconds to the overview's matrix filled for today, its rows,
    and the failure line the app shows, if any."""
    started = time.perf_counter()
    reader = open_for(url, write=False)
    try:
        app = TrackerApp(reader.queries, reader.services)
        async with app.run_test(size=(160, 50)) as pilot:
            while not (app.overview.data is not None and app.overview.data.when == app.when
                       and not app.loading_when and app.overview.query_one(PositionMatrix).row_ids):
                if app.failure is not None or time.perf_counter() - started > NEVER:
                    break
                await pilot.pause(0.02)
            took = time.perf_counter() - started
            return took, list(app.overview.query_one(PositionMatrix).row_ids), app.failure
    finally:
        reader.close()


async def test_status_and_the_dashboard_answer_while_an_append_holds_the_write_lock(fresh: Tracker,
                                                                                    tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_bytes(seed_file(["seeded"]))
    assert fresh.services.append_file(seed).outcome == "appended"
    n = pick(3_000, 100_000)  # enough to be caught holding the lock; the stop keeps it held
    big = tmp_path / "big.yaml"
    big.write_bytes(big_file("lock", n))
    writer = start_cli(["--db", fresh.url, "append", str(big)])
    # A reader that waits for the lock would wait for ever behind a stopped writer (PostgreSQL's advisory lock
    # has no timeout): past both readers' bounds the writer goes on, so that the test fails instead of hanging.
    watchdog = threading.Timer(2 * NEVER, os.kill, (writer.proc.pid, signal.SIGCONT))
    try:
        _stop_while_holding_the_lock(writer, fresh.url)
        watchdog.start()
        status = run_cli(["--db", fresh.url, "status"], timeout=NEVER)
        screen_seconds, rows, failure = await _dashboard_first_screen(fresh.url)
        still_locked = _writer_holds_the_lock(fresh.url)
    finally:
        watchdog.cancel()
        os.kill(writer.proc.pid, signal.SIGCONT)
        appended = finish(writer, timeout=600)
    assert still_locked, (f"the append went on before the readers finished (after {2 * NEVER:.0f} s): a reader "
                          "waited for its lock")
    assert not status.timed_out, f"`tracker status` did not answer within {NEVER:.0f} s behind the append"
    assert status.returncode == 0, status.err
    assert "seeded" in status.out and "big-lock" not in status.out, "status must show the state before the append"
    assert failure is None, failure
    assert rows == ["seeded"], f"the dashboard's first screen within {NEVER:.0f} s showed rows {rows}"
    assert appended.returncode == 0, appended.err
    after = open_tracker(fresh.url, create=False)
    try:
        assert len(after.queries.status().proposals) == 1 + 4, "the append did not complete after the readers"
    finally:
        after.close()
    record("readers", backend=backend(fresh.url), events=n, status_process_seconds=round(status.wall, 3),
           dashboard_first_screen_seconds=round(screen_seconds, 3))
