"""Readers never wait for writers: `status` answers while a large append holds the write lock (both databases).

Opening a store only reads (no BEGIN IMMEDIATE, no advisory lock); schema creation and upgrades happen
only in the commands that write. The bound of one second is far below the 60 s a reader behind the lock
used to wait, so it tests the lock, not the machine's speed.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tracker.application.bootstrap import Tracker, open_tracker

from ._support import big_file, finish, pick, record, seed_file, start_cli
from .conftest import backend

pytestmark = pytest.mark.concurrency


def _writer_holds_the_lock(url: str) -> bool:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                          "AND granted AND pid <> pg_backend_pid()")).scalar())
    finally:
        engine.dispose()


def test_status_answers_while_a_large_append_holds_the_write_lock(fresh: Tracker, tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_bytes(seed_file(["seeded"]))
    assert fresh.services.append_file(seed).outcome == "appended"
    n = pick(20_000, 100_000)
    big = tmp_path / "big.yaml"
    big.write_bytes(big_file("lock", n))
    writer = start_cli(["--db", fresh.url, "append", str(big)])
    try:
        deadline = time.monotonic() + 120
        while not _writer_holds_the_lock(fresh.url):
            assert writer.proc.poll() is None, "the append ended before it took the lock"
            assert time.monotonic() < deadline, "the append never took the lock"
            time.sleep(0.05)
        started = time.perf_counter()
        reader = open_tracker(fresh.url, create=False)  # the CLI's read path: open, then one read transaction
        try:
            report = reader.queries.status()
        finally:
            reader.close()
        took = time.perf_counter() - started
        still_locked = _writer_holds_the_lock(fresh.url)
    finally:
        run = finish(writer, timeout=600)
    assert still_locked, "the append released the lock before status finished: nothing was tested"
    assert [p.id for p in report.proposals] == ["seeded"], "status must see the state before the append"
    assert took < 1.0, f"status took {took:.2f} s behind an append of {n} events"
    assert run.returncode == 0, run.stderr
    record("readers", backend=backend(fresh.url), events=n, status_seconds=round(took, 3))
