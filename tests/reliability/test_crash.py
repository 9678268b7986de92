"""kill -9 of `tracker append` of a large file at random moments, on SQLite and PostgreSQL.

After each kill the file is wholly in the store or wholly out, the hash chain and positions verify, the
projection equals a rebuild, and appending the file again completes it. The random delays are drawn
between the CLI's start-up time and the time a whole append takes, so that most kills land while it
parses, validates or writes; the seed is printed on failure.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tracker.application.bootstrap import open_tracker

from ._support import (
    Run,
    assert_log_sound,
    assert_projection_equals_rebuild,
    big_file,
    cli_env,
    finish,
    pick,
    record,
    run_cli,
    seed_file,
    start_cli,
    startup_seconds,
)
from .conftest import backend

pytestmark = pytest.mark.crash

TRIALS = pick(1, 25)
EVENTS = pick(1000, 3000)
SEED = int(os.environ.get("TRACKER_CRASH_SEED", "20250311"))
PAUSED = Path(__file__).resolve().parent / "_paused_cli.py"


def _count(url: str, tag: str) -> int:
    tracker = open_tracker(url)
    try:
        with tracker.services.store.raw().connect() as conn:
            return conn.execute(text("SELECT count(*) FROM events WHERE event_id LIKE :a OR event_id LIKE :b"),
                                {"a": f"{tag}-e%", "b": f"big-{tag}-%"}).scalar_one()
    finally:
        tracker.close()


def _sound(url: str) -> int:
    tracker = open_tracker(url)
    try:
        n = assert_log_sound(tracker.services.store)
        assert_projection_equals_rebuild(tracker.services)
        return n
    finally:
        tracker.close()


def _after_the_kill(url: str, path: Path, tag: str, where: str) -> int:
    """The file wholly in or out, the log and projection sound; appending it again completes it. Returns the count
    found after the kill."""
    count = _count(url, tag)
    assert count in (0, EVENTS), f"{where}: {count} of {EVENTS} events in the store: a torn batch"
    _sound(url)
    tracker = open_tracker(url)  # the same path as `tracker append`, without another interpreter start-up
    again = tracker.services.append_file(path)
    tracker.close()
    assert (again.outcome, again.appended, again.unchanged) == (
        ("appended", EVENTS, 0) if count == 0 else ("unchanged", 0, EVENTS)), f"{where}: appending again: {again}"
    assert _count(url, tag) == EVENTS
    return count


def _kill_when_paused(url: str, path: Path, point: str) -> Run:
    flag = path.with_suffix(".paused")
    env = cli_env(TRACKER_PAUSE_AT=point, TRACKER_PAUSE_FLAG=str(flag))
    started = start_cli(["--db", url, "append", str(path)], env=env, program=[sys.executable, str(PAUSED)])
    deadline = time.monotonic() + 120
    while not flag.exists() and started.proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert flag.exists(), f"never reached {point}: {started.proc.poll()}"
    return finish(started, kill_after=0)


def test_kill_9_during_append_leaves_the_file_wholly_in_or_out(fresh: Any, tmp_path: Path) -> None:
    url = fresh.url
    assert fresh.services.append_bytes(seed_file(["crash-base"]), "seed.yaml").outcome == "appended"
    files = 0
    results: Counter[str] = Counter()

    # Targeted: inside the write transaction (rows written; snapshots updated too) and just after the commit.
    for point, expected in (("rows", 0), ("projection", 0), ("commit", EVENTS)):
        tag = f"at-{point}"
        path = tmp_path / f"{tag}.yaml"
        path.write_bytes(big_file(tag, EVENTS))
        run = _kill_when_paused(url, path, point)
        assert run.killed
        count = _after_the_kill(url, path, tag, f"killed at {point} ({backend(url)})")
        assert count == expected, f"killed at {point}: {count} events in the store, expected {expected}"
        results[f"killed at {point}, file {'in' if count else 'out'}"] += 1
        files += 1

    # Random moments, from start-up to the end of a whole append; every other one within its last part,
    # where the write transaction runs.
    startup = startup_seconds(url)
    calibration = tmp_path / "calibration.yaml"
    calibration.write_bytes(big_file("cal", EVENTS))
    full = run_cli(["--db", url, "append", str(calibration)], timeout=300)
    assert full.returncode == 0, full.err
    files += 1
    rng = random.Random(f"{SEED}-{backend(url)}")
    whole = full.wall  # the shortest whole append seen: a busy machine makes the first one slow
    for trial in range(TRIALS):
        tag = f"t{trial}"
        path = tmp_path / f"{tag}.yaml"
        path.write_bytes(big_file(tag, EVENTS))
        late = trial % 2 == 1
        delay = rng.uniform(whole - 0.45 * (whole - startup) if late else startup * 0.9, whole * 1.05)
        run = finish(start_cli(["--db", url, "append", str(path)]), timeout=300, kill_after=delay)
        where = f"trial {trial} (seed {SEED}, kill after {delay:.2f}s of {whole:.2f}s, {backend(url)})"
        if not run.killed:
            assert run.returncode == 0, f"{where}: finished with {run.returncode}: {run.err}"
        count = _after_the_kill(url, path, tag, where)
        if not run.killed:
            assert count == EVENTS, f"{where}: the append finished, the store has {count} of its events"
            results["random: finished before the kill"] += 1
            whole = min(whole, run.wall)
        else:
            results["random: killed, file in" if count else "random: killed, file out"] += 1
        files += 1
    n = _sound(url)
    assert n == 1 + EVENTS * files, f"{n} events in the store"
    record("crash", backend=backend(url), random_trials=TRIALS, targeted_kills=3, events_per_file=EVENTS,
           full_append_s=round(full.wall, 2), startup_s=round(startup, 2), events_in_store=n, lost=0, torn=0,
           **dict(results))
