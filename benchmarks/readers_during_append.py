"""Readers during a large append: `tracker status` and the dashboard's first screen while another process holds
the write lock appending 10^5 events (issue 16: each under a second, on SQLite and on PostgreSQL).

    python -m benchmarks.readers_during_append [--samples 7] [--store-events 1e4] [--append-events 1e5]
                                               [--backends sqlite,postgres] [--output readers_during_append.json]
    python -m benchmarks.readers_during_append --table benchmarks/results/readers_during_append.json

For each backend a store of the synthetic journal (benchmarks/generate.py) is built through the tracker's API:
`--store-events` events, 10^4 by default (at 10^5, `status` lists some 26,000 violation reports, 95,000 lines,
and takes over a second with no writer at all: see the README's Performance). Then `tracker --db URL append FILE`
of the journal's next `--append-events` events runs in its own process and, while it holds the write lock, two
readers are timed in turn:

- `status`: a whole `tracker --db URL status` process (interpreter, imports, open, read, print), wall time;
- `dashboard`: in a new process, the dashboard as `tracker --db URL` opens it (`open_for(URL, write=False)`,
  `TrackerApp` under `run_test`, 160x50), from opening the store to the overview's matrix filled for today:
  the time to the first screen. The process's wall time (Textual's imports and the app's shutdown included)
  is kept beside it.

Each sample's CPU time is kept too (the reader's own, which the machine's other load inflates less). A sample
counts only if the store's write lock (SQLite's write transaction, PostgreSQL's advisory lock of the store's
schema) was held by the writer both before the reader started and after it ended, checked from another
connection that tries the lock without waiting. When both readers have `--samples` samples the writer is killed
(its transaction rolls back, the store is as it was); if it commits first, the store is put back as it was (a
copy of the SQLite file; PostgreSQL's is built again) and another append starts. The same readers are also timed
with no writer (`idle`) and behind a writer stopped (SIGSTOP) while it holds the lock (`writer_stopped`): the
lock without the writer's load, which tells waiting from sharing the CPU. The writer runs flat out on one core,
the reader on the other: on a 2-core machine that is the contention an analyst meets.

Prints a table on stderr and one JSON line on stdout, written to benchmarks/results/readers_during_append.json
(or `--output`). The target is judged on the slowest sample (max) of each reader.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.run import POSTGRES_URL, RESULTS, ROOT, machine, new_store, prepare_data, worker
from benchmarks.tasks import code_version, log

TARGET_S = 1.0
READERS = ("status", "dashboard")
_ENGINES: dict[str, Any] = {}


# -- the write lock, seen from outside ---------------------------------------------------------------------------------
def writer_holds_lock(url: str) -> bool:
    """Another session holds the store's write lock (the backend tries it without waiting)."""
    from tracker.store.backend import backend_for

    return backend_for(url).lock_held(_engine(url))


def _engine(url: str) -> Any:
    """One engine per PostgreSQL store for the looks from outside, so that each look is one query."""
    if url not in _ENGINES:
        from sqlalchemy import create_engine

        _ENGINES[url] = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    return _ENGINES[url]


# -- the readers -------------------------------------------------------------------------------------------------------
def _env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_DB", "COLUMNS", "LINES")}
    env.update({"XDG_DATA_HOME": home, "PYTHONPATH": str(ROOT)})
    return env


def read_once(reader: str, url: str, env: dict[str, str]) -> dict[str, float]:
    """One sample of a reader, in a new process: its wall and CPU time, and for the dashboard those of the first
    screen (CPU time is the process's own, which the machine's other load inflates less than the wall time)."""
    if reader == "status":
        argv = [sys.executable, "-m", "tracker", "--db", url, "status"]
    else:
        argv = [sys.executable, "-m", "benchmarks.readers_during_append", "--first-screen", url]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out if reader == "dashboard" else subprocess.DEVNULL, stderr=err,
                                env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        printed, complaint = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{reader} exited with {proc.returncode}: {complaint[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    if reader == "status":
        return {"seconds": wall, "cpu_seconds": cpu, "process_seconds": wall}
    shown = json.loads(printed.strip().splitlines()[-1])
    return {"seconds": shown["first_screen_s"], "cpu_seconds": shown["first_screen_cpu_s"], "process_seconds": wall,
            "open_seconds": shown["open_s"]}


async def first_screen(url: str) -> dict[str, Any]:
    """The dashboard's first screen, as `tracker --db URL` opens it: from opening the store to the matrix filled."""
    started = time.perf_counter()
    from tracker.application.bootstrap import open_for
    from tracker.ui.app import TrackerApp
    from tracker.ui.widgets.position_matrix import PositionMatrix

    imported, cpu = time.perf_counter(), time.process_time()
    tracker = open_for(url, write=False)
    opened = time.perf_counter()
    try:
        app = TrackerApp(tracker.queries, tracker.services)

        def matrix_rows() -> int:
            """Rows of the overview's matrix once it shows the app's date and nothing is loading, else 0."""
            data = app.overview.data
            if data is None or data.when != app.when or app.loading_when:
                return 0
            found = app.overview.query(PositionMatrix)
            return len(found.first().row_ids) if found else 0

        async with app.run_test(size=(160, 50)) as pilot:
            while not (rows := matrix_rows()):
                if app.failure is not None:
                    raise RuntimeError(f"the dashboard failed: {app.failure}")
                if time.perf_counter() - opened > 120:
                    raise TimeoutError("the first screen was not shown within 120 s")
                await pilot.pause(0.002)
            shown, cpu = time.perf_counter(), time.process_time() - cpu
    finally:
        tracker.close()
    return {"first_screen_s": shown - imported, "first_screen_cpu_s": cpu, "open_s": opened - imported,
            "imports_s": imported - started, "rows": rows}


# -- one backend -------------------------------------------------------------------------------------------------------
class Store:
    """A built store that can be put back as it was after a round whose writer committed."""

    def __init__(self, backend: str, size: int, data: Path, workdir: Path, seed: int) -> None:
        self.backend, self.size, self.data, self.workdir, self.seed = backend, size, data, workdir, seed
        self.url, self._drop = "", lambda: None
        self.build_seconds = 0.0
        self._pristine: Path | None = None

    def build(self) -> None:
        if self.backend == "sqlite":  # not benchmarks.run's file name: a run of that suite may be going on
            path = self.workdir / "stores" / f"readers-{self.size}.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.url, self._drop = f"sqlite:///{path}", lambda: _unlink_sqlite(path)
            self._drop()
        else:
            self.url, self._drop = new_store(self.backend, self.size, self.workdir)
        batches = len(list(self.data.glob("store-*.yaml"))) - 1
        t0 = time.perf_counter()
        built = worker({"task": "build", "url": self.url, "data_dir": str(self.data), "events": self.size,
                        "batches": batches, "seed": self.seed, "label": f"{self.backend} {self.size:,}"}, timeout=7200)
        if "error" in built:
            raise RuntimeError(f"building the {self.backend} store failed: {built['error']}")
        self.build_seconds = time.perf_counter() - t0
        if self.backend == "sqlite":
            self._pristine = self.workdir / "stores" / f"readers-pristine-{self.size}.db"
            _copy_sqlite(self._path, self._pristine)

    @property
    def _path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def restore(self) -> None:
        if self._pristine is not None:
            _unlink_sqlite(self._path)
            _copy_sqlite(self._pristine, self._path)
        else:
            self.drop()
            self.build()

    def drop(self) -> None:
        engine = _ENGINES.pop(self.url, None)
        if engine is not None:
            engine.dispose()
        self._drop()
        if self._pristine is not None:
            self._pristine.unlink(missing_ok=True)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy, whatever is still in the source's write-ahead log."""
    _unlink_sqlite(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def _unlink_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sample_idle(store: Store, env: dict[str, str], samples: int) -> dict[str, list[dict[str, float]]]:
    out: dict[str, list[dict[str, float]]] = {r: [] for r in READERS}
    for _ in range(samples):
        for reader in READERS:
            out[reader].append(read_once(reader, store.url, env))
    return out


def sample_during_append(store: Store, append_file: Path, env: dict[str, str], samples: int,
                         max_rounds: int) -> tuple[dict[str, list[dict[str, float]]], list[dict[str, Any]]]:
    out: dict[str, list[dict[str, float]]] = {r: [] for r in READERS}
    rounds: list[dict[str, Any]] = []
    before = head(store.url)
    for _ in range(max_rounds):
        rounds.append(_one_round(store, append_file, env, samples, out))
        if head(store.url) != before:  # the append committed (perhaps just before it was killed)
            rounds[-1]["writer"] = "committed"
            log(f"{store.backend}: the append committed; the store is put back as it was")
            store.restore()
        if all(len(out[r]) >= samples for r in READERS):
            break
    return out, rounds


def head(url: str) -> int:
    """The store's last position, read from outside the tracker."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return int(conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0])
    from sqlalchemy import text

    with _engine(url).connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(position), 0) FROM events")).scalar_one())


def _one_round(store: Store, append_file: Path, env: dict[str, str], samples: int,
               out: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    """One append; readers sampled while it holds the lock. Killed once every reader has its samples, so that its
    transaction rolls back; left to finish if it let go of the lock first."""
    started = time.perf_counter()
    taken = discarded = 0
    with tempfile.TemporaryFile() as err:
        writer = subprocess.Popen([sys.executable, "-m", "tracker", "--db", store.url, "append", str(append_file)],
                                  stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        try:
            while not writer_holds_lock(store.url):
                if writer.poll() is not None:
                    err.seek(0)
                    raise RuntimeError(f"the append ended (exit {writer.returncode}) before it took the lock: "
                                       f"{err.read().decode(errors='replace')[-500:]}")
                time.sleep(0.01)
            locked = time.perf_counter()
            log(f"{store.backend}: the append holds the lock {locked - started:.1f} s after it started")
            while any(len(out[r]) < samples for r in READERS):
                reader = min(READERS, key=lambda r: len(out[r]))  # in turn, the one behind first
                if not writer_holds_lock(store.url):
                    break
                sample = read_once(reader, store.url, env)
                if not writer_holds_lock(store.url):
                    discarded += 1  # the lock was let go while this reader ran: it does not count
                    break
                out[reader].append(sample)
                taken += 1
                ms = {k: round(v * 1000) for k, v in sample.items()}
                log(f"{store.backend}: {reader} {ms['seconds']} ms (CPU {ms['cpu_seconds']} ms, process "
                    f"{ms['process_seconds']} ms), the lock held for {time.perf_counter() - locked:.1f} s")
            sampled = time.perf_counter()
            if any(len(out[r]) < samples for r in READERS):
                writer.wait(timeout=3600)  # it let go of the lock: committing or refused, let it end
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    ended = "killed" if writer.returncode == -signal.SIGKILL else f"exited with {writer.returncode}"
    return {"writer": ended, "lock_after_s": round(locked - started, 2), "sampled_under_lock_s":
            round(sampled - locked, 2), "samples": taken, "discarded": discarded}


def sample_behind_stopped_writer(store: Store, append_file: Path, env: dict[str, str],
                                 samples: int, attempts: int = 3) -> dict[str, list[dict[str, float]]]:
    """`_behind_stopped_writer`, tried again (up to `attempts` times) when the lock was seen let go under it."""
    before = head(store.url)
    for attempt in range(1, attempts + 1):
        try:
            return _behind_stopped_writer(store, append_file, env, samples)
        except LockLetGo:
            if head(store.url) != before:  # it committed after all: the next attempt starts from the same store
                store.restore()
            log(f"{store.backend}: the stopped append let go of the lock (attempt {attempt} of {attempts})")
    raise RuntimeError(f"the stopped append let go of the lock {attempts} times")


class LockLetGo(RuntimeError):
    pass


def _behind_stopped_writer(store: Store, append_file: Path, env: dict[str, str],
                           samples: int) -> dict[str, list[dict[str, float]]]:
    """The readers while the append holds the lock but is stopped (SIGSTOP): the lock without the writer's load on
    the machine. Equal to the figures with no writer, they show that the readers do not wait for the lock; what the
    running writer adds is the CPU it takes."""
    out: dict[str, list[dict[str, float]]] = {r: [] for r in READERS}
    writer = subprocess.Popen([sys.executable, "-m", "tracker", "--db", store.url, "append", str(append_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    try:
        while True:
            if writer.poll() is not None:
                raise RuntimeError(f"the append ended (exit {writer.returncode}) before it was caught holding the lock")
            if writer_holds_lock(store.url):
                os.kill(writer.pid, signal.SIGSTOP)
                if writer_holds_lock(store.url):
                    break
                os.kill(writer.pid, signal.SIGCONT)  # it let go between the look and the stop
            time.sleep(0.01)
        for _ in range(samples):
            for reader in READERS:
                out[reader].append(read_once(reader, store.url, env))
        if not writer_holds_lock(store.url):
            raise LockLetGo("the stopped append let go of the lock")
    finally:
        writer.kill()  # stopped or not: its transaction rolls back
        writer.wait()
    return out


def summary(values: list[dict[str, float]]) -> dict[str, Any]:
    if not values:
        return {"n": 0}
    seconds = sorted(v["seconds"] for v in values)
    out = {"n": len(seconds), "median_ms": round(statistics.median(seconds) * 1000, 1),
           "max_ms": round(seconds[-1] * 1000, 1), "min_ms": round(seconds[0] * 1000, 1)}
    cpu = sorted(v["cpu_seconds"] for v in values)
    out["cpu_median_ms"] = round(statistics.median(cpu) * 1000, 1)
    out["cpu_max_ms"] = round(cpu[-1] * 1000, 1)
    process = sorted(v["process_seconds"] for v in values)
    out["process_median_ms"] = round(statistics.median(process) * 1000, 1)
    out["process_max_ms"] = round(process[-1] * 1000, 1)
    if "open_seconds" in values[0]:
        out["open_median_ms"] = round(statistics.median(v["open_seconds"] for v in values) * 1000, 1)
    return out


def measure_backend(backend: str, args: argparse.Namespace, data: Path, workdir: Path) -> dict[str, Any]:
    store = Store(backend, args.store_events, data, workdir, args.seed)
    home = tempfile.mkdtemp(prefix="tracker-readers-home-")
    env = _env(home)
    try:
        log(f"{backend}: building a store of {args.store_events:,} events ...")
        store.build()
        log(f"{backend}: built in {store.build_seconds:.0f} s")
        load_before = os.getloadavg()[0]
        idle = sample_idle(store, env, args.idle_samples)
        during, rounds = sample_during_append(store, data / "append.yaml", env, args.samples, args.max_rounds)
        stopped = sample_behind_stopped_writer(store, data / "append.yaml", env, args.idle_samples)
        result: dict[str, Any] = {
            "store_events": args.store_events, "append_events": args.append_events,
            "build_seconds": round(store.build_seconds, 1), "rounds": rounds,
            "during_append": {r: summary(during[r]) for r in READERS},
            "idle": {r: summary(idle[r]) for r in READERS},
            "writer_stopped": {r: summary(stopped[r]) for r in READERS},
            "loadavg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }
        result["targets"] = {
            f"{reader} during the append < {TARGET_S:g} s": {
                "limit_ms": TARGET_S * 1000, "median_ms": result["during_append"][reader].get("median_ms"),
                "max_ms": result["during_append"][reader].get("max_ms"),
                "met": bool(during[reader]) and max(v["seconds"] for v in during[reader]) < TARGET_S}
            for reader in READERS}
        return result
    finally:
        store.drop()
        shutil.rmtree(home, ignore_errors=True)


# -- output ------------------------------------------------------------------------------------------------------------
LABELS = {"status": "`tracker status` (whole process)", "dashboard": "dashboard, time to first screen"}


def markdown(result: dict[str, Any]) -> str:
    lines = ["| backend | reader | during the append: median / max ms (n) | its CPU: median ms | "
             f"writer stopped, lock held: median ms (CPU) | no writer: median ms (CPU) | target < {TARGET_S:g} s |",
             "|---|---|---:|---:|---:|---:|---|"]
    for backend, figures in result["results"].items():
        if "error" in figures:
            lines.append(f"| {backend} | – | {figures['error']} | | | | |")
            continue
        for reader in READERS:
            during, idle = figures["during_append"][reader], figures["idle"][reader]
            stopped = figures.get("writer_stopped", {}).get(reader, {})
            target = figures["targets"][f"{reader} during the append < {TARGET_S:g} s"]
            lines.append(f"| {backend} | {LABELS[reader]} | {during.get('median_ms', '–')} / "
                         f"{during.get('max_ms', '–')} ({during['n']}) | {during.get('cpu_median_ms', '–')} | "
                         f"{stopped.get('median_ms', '–')} ({stopped.get('cpu_median_ms', '–')}) | "
                         f"{idle.get('median_ms', '–')} ({idle.get('cpu_median_ms', '–')}) | "
                         f"{'met' if target['met'] else 'not met'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.readers_during_append", description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=7, help="samples of each reader while the writer holds the lock")
    p.add_argument("--idle-samples", type=int, default=3,
                   help="samples of each reader with no writer, and behind a stopped writer")
    p.add_argument("--store-events", type=lambda s: int(float(s)), default=10_000,
                   help="events in the store before the append (default 1e4)")
    p.add_argument("--append-events", type=lambda s: int(float(s)), default=100_000,
                   help="events in the appended file (default 1e5)")
    p.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    p.add_argument("--max-rounds", type=int, default=4, help="appends to start at most, if one commits too early")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir", default=os.environ.get("TRACKER_BENCH_DIR", "/tmp/tracker-bench"),
                   help="where the generated files and the stores go")
    p.add_argument("--output", default="readers_during_append.json", help="file name under benchmarks/results/")
    p.add_argument("--table", metavar="JSON", help="print a results file as a markdown table and exit")
    p.add_argument("--first-screen", metavar="URL", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.first_screen:
        import asyncio

        print(json.dumps(asyncio.run(first_screen(args.first_screen))), flush=True)
        return 0
    if args.table:
        print(markdown(json.loads(Path(args.table).read_text())))
        return 0
    workdir = Path(args.workdir)
    started = time.time()
    data = prepare_data(workdir / "data", args.store_events, args.seed, args.append_events)
    results: dict[str, Any] = {}
    for backend in args.backends.split(","):
        try:
            results[backend] = measure_backend(backend, args, data, workdir)
        except Exception as exc:  # noqa: BLE001 - reported in the JSON; the other backend still runs
            log(f"{backend}: FAILED: {type(exc).__name__}: {exc}")
            results[backend] = {"error": f"{type(exc).__name__}: {exc}"}
    out = {"suite": "readers-during-append", "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
           "seconds": round(time.time() - started), "machine": machine(), **code_version(),
           "params": {"samples": args.samples, "idle_samples": args.idle_samples, "store_events": args.store_events,
                      "append_events": args.append_events, "seed": args.seed, "target_s": TARGET_S,
                      "postgres": POSTGRES_URL.split("@")[-1]},
           "results": results}
    line = json.dumps(out, separators=(",", ":"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.output).write_text(line + "\n")
    print(markdown(out), file=sys.stderr)
    print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
