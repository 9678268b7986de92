"""How long the upgrade of a store made by the first release takes, and an open once it is done.

    python -m benchmarks.upgrade [--size 10000] [--repeat 3] [--backends sqlite,postgres]

Builds the seeded journal's store through the tracker (benchmarks/generate.py), copies its rows into the
tables of schema version 1 as that release made them (tests/old_stores.py: no recorded_by, no snapshot
checksums), and, in a fresh interpreter each time, times opening it: the first open runs the migrations
0002-0004 under the write lock (Alembic's import included), the second finds a current store (two reads,
no Alembic). Each repetition starts again from a new version-1 copy. Prints one JSON line and writes it to
benchmarks/results/upgrade.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
POSTGRES_URL = os.environ.get("TRACKER_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
sys.path.insert(0, str(REPO / "tests"))

OPEN = """
import json, sys, time
t0 = time.perf_counter()
from tracker.store.sql import SqlStore
t1 = time.perf_counter()
store = SqlStore(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "upgraded_from": store.upgraded_from,
                  "alembic": "alembic" in sys.modules}))
store.dispose()
"""


def _open(url: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", OPEN, url], capture_output=True, text=True, env=env, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def _source(size: int, seed: int, folder: Path) -> str:
    from benchmarks.generate import Journal, default_chunk
    from benchmarks.tasks import batch_instant
    from tracker.application.bootstrap import open_tracker

    url = f"sqlite:///{folder / 'source.db'}"
    clock = [batch_instant(0)]
    tracker = open_tracker(url, clock=lambda: clock[0])
    try:
        for i, text in enumerate(Journal(size, seed, 0).store_files(default_chunk(size))):
            clock[0] = batch_instant(i)
            outcome = tracker.services.append_bytes(text.encode(), f"store-{i:05d}.yaml")
            if outcome.outcome != "appended":
                raise RuntimeError(f"store-{i:05d}.yaml: {outcome.outcome}")
    finally:
        tracker.close()
    return url


def _empty_store(backend: str, folder: Path, n: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'old-{n}.db'}"
    from sqlalchemy import create_engine, text

    schema = f"bench_upgrade_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


def _drop(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text

    schema = url.split("search_path%3D", 1)[1]
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.upgrade")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)

    import old_stores

    folder = Path(tempfile.mkdtemp(prefix="tracker-upgrade-"))
    t0 = time.perf_counter()
    rows = old_stores.rows_of(_source(args.size, args.seed, folder))
    print(f"built the source store ({len(rows['events']):,} events) in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    result: dict[str, Any] = {"size": len(rows["events"]), "snapshot_rows": len(rows["snapshots"]),
                              "loadavg_1m": os.getloadavg()[0], "backends": {}}
    for backend in args.backends.split(","):
        upgrades, opens = [], []
        for n in range(args.repeat):
            url = _empty_store(backend, folder, n)
            try:
                old_stores.build(url, 1, rows)
                first, second = _open(url), _open(url)
                assert first["upgraded_from"] == 1 and first["alembic"], first
                assert second["upgraded_from"] is None and not second["alembic"], second
                upgrades.append(first["open_s"])
                opens.append(second["open_s"])
            finally:
                _drop(url)
        result["backends"][backend] = {"upgrade_s": {"median": statistics.median(upgrades), "max": max(upgrades)},
                                       "open_after_s": {"median": statistics.median(opens), "max": max(opens)}}
        print(f"{backend}: upgrade {statistics.median(upgrades):.3f} s, open after {statistics.median(opens):.3f} s",
              file=sys.stderr)
    result["loadavg_1m_after"] = os.getloadavg()[0]
    line = json.dumps(result)
    print(line)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "upgrade.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
