"""What one-event transactions cost SQLite alone: `python -m benchmarks.commit_floor [--commits N] [--repeat R]`.

The floor under `append, one transaction per event` of the side-by-side run (side_by_side.py): the same
rows written with the plain `sqlite3` module, no validation, no fold, no Python of the tracker's, in WAL
mode with synchronous=FULL, each a transaction of its own:

  library   one 300-byte row and its one index (what the `eventsourcing` library's recorder writes)
  tracker   the tracker's own tables (created from its schema): the event row with its indexes, a
            700-byte snapshot row and its checksum with their indexes, the previous row closed, the
            stream's version

Each on a fresh file holding 20,000 earlier events over 1,000 proposals, alternately, medians of
`--repeat` runs. Commits/s; the ratio says how much of the side-by-side gap the rows themselves make.
Writes benchmarks/results/commit_floor.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.tasks import log

ROOT = Path(__file__).resolve().parents[1]
OPEN = 2**62
STATE = "s" * 700
PAYLOAD = "p" * 400
EARLIER = 20_000
PROPOSALS = 1_000


def _fresh(path: Path) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def library(path: Path, commits: int) -> float:
    conn = _fresh(path)
    conn.execute("CREATE TABLE stored_events (notification_id INTEGER PRIMARY KEY AUTOINCREMENT, originator_id TEXT, "
                 "originator_version INTEGER, topic TEXT, state BLOB)")
    conn.execute("CREATE UNIQUE INDEX stored_aggregate ON stored_events (originator_id, originator_version)")
    row = "INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)"
    conn.execute("BEGIN")
    conn.executemany(row, [(f"p{i % PROPOSALS:05d}", i // PROPOSALS, "topic", b"x" * 300) for i in range(EARLIER)])
    conn.execute("COMMIT")
    started = time.perf_counter()
    for i in range(EARLIER, EARLIER + commits):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(row, (f"p{i % PROPOSALS:05d}", i // PROPOSALS, "topic", b"x" * 300))
        conn.execute("COMMIT")
    rate = commits / (time.perf_counter() - started)
    conn.close()
    return rate


def tracker(path: Path, commits: int) -> float:
    from sqlalchemy import create_engine

    from tracker.store.sql import metadata

    _fresh(path).close()
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)  # the tracker's tables and indexes, as a new store has them
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    event = ("INSERT INTO events (position, event_id, stream_id, stream_version, type, date_text, date_start, date_end, "
             "effective, party, retracts, recorded_at, payload, hash, recorded_by) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    snapshot = ("INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state, checksum) "
                "VALUES (?, ?, ?, ?, ?, ?)")

    def write(i: int) -> None:
        stream, version, day = f"p{i % PROPOSALS:05d}", i // PROPOSALS + 1, 735_000 + i // PROPOSALS
        conn.execute(event, (i + 1, f"{stream}-{version:05d}", stream, version, "accepted", "2015-01-01", day, day,
                             day, "PA", None, f"2026-01-01T00:00:{i:09d}Z", PAYLOAD, "h" * 64, "analyst"))
        conn.execute("UPDATE snapshots SET rec_to = ? WHERE proposal_id = ? AND rec_to = ? AND valid_from = ?",
                     (i + 1, stream, OPEN, day))
        conn.execute(snapshot, (stream, day, i + 1, OPEN, STATE, "c" * 16))
        conn.execute("INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) "
                     "DO UPDATE SET version = excluded.version", (stream, version))

    conn.execute("BEGIN")
    for i in range(EARLIER):
        write(i)
    conn.execute("COMMIT")
    started = time.perf_counter()
    for i in range(EARLIER, EARLIER + commits):
        conn.execute("BEGIN IMMEDIATE")
        write(i)
        conn.execute("COMMIT")
    rate = commits / (time.perf_counter() - started)
    conn.close()
    return rate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--commits", type=int, default=3_000, help="one-event transactions timed per run (default 3,000)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each, alternately (default 3)")
    p.add_argument("--output", default="commit_floor.json")
    args = p.parse_args(argv)
    runs: dict[str, list[float]] = {"library": [], "tracker": []}
    with tempfile.TemporaryDirectory() as folder:
        for rep in range(args.repeat):
            for name, run in (("library", library), ("tracker", tracker)):
                runs[name].append(run(Path(folder) / f"{name}.db", args.commits))
                log(f"run {rep + 1}/{args.repeat}: {name} {runs[name][-1]:,.0f} commits/s "
                    f"(load {os.getloadavg()[0]:.2f})")
    medians = {name: statistics.median(values) for name, values in runs.items()}
    record: dict[str, Any] = {"suite": "commit-floor", "commits": args.commits, "runs": runs, "medians": medians,
                              "tracker_over_library": medians["tracker"] / medians["library"]}
    out = ROOT / "benchmarks" / "results" / args.output
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(f"library rows: {medians['library']:,.0f} commits/s; the tracker's rows: {medians['tracker']:,.0f} "
          f"commits/s ({record['tracker_over_library']:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
