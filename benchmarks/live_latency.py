"""How soon a dashboard learns of a colleague's append: from the append's commit to the changed cell.

    python -m benchmarks.live_latency [--samples 20] [--postgres URL]

A colleague is another engine (its own connections, as another process has), appending one event at a
time to a store the dashboard shows. Two figures per backend, in milliseconds (median, 95th percentile,
max): `feed`, from the append's return (after its commit) to the store's change feed waking (LISTEN on
PostgreSQL, `PRAGMA data_version` on SQLite); `screen`, from the same instant to the dashboard's cell
(Russia's position on the truce, alternately rejected and accepted) showing the new position. The target is 200 ms for `screen`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

EVENT = """events:
  - id: meeting-{n}
    type: talks_held
    proposal: truce-2025
    date: 2025-03-{day:02d}
    participants: [US, RU]
    location: Riyadh
    sources: [src-daily]
"""
ANSWER = """events:
  - id: ru-answers-{n}
    type: {answer}
    proposal: truce-2025
    date: 2025-03-{day:02d}
    party: RU
    sources: [src-daily]
"""


def _postgres_url(base: str) -> str:
    from sqlalchemy import create_engine, text

    schema = "live_" + uuid.uuid4().hex[:10]
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return f"{base}?options=-csearch_path%3D{schema}"


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def measure_feed(url: str, folder: Path, samples: int) -> list[float]:
    from tracker.application.bootstrap import open_tracker

    watcher, colleague = open_tracker(url), open_tracker(url)
    feed = watcher.queries.change_feed()
    woke: list[float] = []
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            if feed.wait(0.1):
                woke.append(time.perf_counter())

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    latencies = []
    for n in range(samples):
        path = folder / f"feed-{n}.yaml"
        path.write_text(EVENT.format(n=f"feed-{n}", day=13 + n % 15))
        count = len(woke)
        colleague.services.append_one(path)
        returned = time.perf_counter()
        while len(woke) == count:
            time.sleep(0.001)
        latencies.append(max(0.0, woke[count] - returned))
        time.sleep(0.05)
    done.set()
    thread.join()
    feed.close()
    watcher.close()
    colleague.close()
    return latencies


def _cell(app: Any) -> str:
    from tracker.ui.widgets.position_matrix import PositionMatrix

    try:
        return str(app.overview.query_one(PositionMatrix).get_cell("truce-2025", "party:RU"))
    except Exception:  # noqa: BLE001 - the table is being rebuilt
        return ""


async def measure_screen(url: str, folder: Path, samples: int) -> list[float]:
    from tracker.application.bootstrap import open_tracker
    from tracker.ui.app import TrackerApp

    shown, colleague = open_tracker(url), open_tracker(url)
    app = TrackerApp(shown.queries, shown.services, as_of=date(2025, 4, 30), poll_interval=1.0)
    latencies = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        for n in range(min(samples, 18)):  # one answer a day, 13-30 March, each later than the one before
            path = folder / f"screen-{n}.yaml"
            answer = "rejected" if n % 2 == 0 else "accepted"
            path.write_text(ANSWER.format(n=f"screen-{n}", day=13 + n, answer=answer))
            await asyncio.to_thread(colleague.services.append_one, path)
            returned = time.perf_counter()
            while answer not in _cell(app):  # the RU cell of the truce, redrawn from the new state
                await asyncio.sleep(0.002)
            latencies.append(time.perf_counter() - returned)
            await pilot.pause(0.05)
    shown.close()
    colleague.close()
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--postgres", default=os.environ.get("TRACKER_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in ("sqlite", "postgres"):
            url = f"sqlite:///{folder / 'live.db'}" if backend == "sqlite" else _postgres_url(args.postgres)
            from tracker.application.bootstrap import open_tracker

            seed = open_tracker(url)
            for name in ("registry.yaml", "truce.yaml"):
                seed.services.append_one(FIXTURES / name)
            seed.close()
            feed = measure_feed(url, folder, args.samples)
            screen = asyncio.run(measure_screen(url, folder, args.samples))
            results[backend] = {"feed": _summary(feed), "screen": _summary(screen), "samples": args.samples}
            print(f"{backend:9} feed {results[backend]['feed']}  screen {results[backend]['screen']}", file=sys.stderr)
    import json

    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
