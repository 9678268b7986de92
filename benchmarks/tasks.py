"""The measurements, each run alone in a fresh worker process so that its peak memory is its own.

A worker gets a task as JSON, opens the store through the tracker's own API (`open_tracker`),
does the one thing it is asked, and prints one JSON line. Peak memory is the process's peak
resident set (VmHWM) from just before the measured work to its end, interpreter and imports
included; the resident size when the work started is reported alongside.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

_PROFILER: cProfile.Profile | None = None  # set by run_task when profiling; on only inside `measured()`
CLOCK_BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # batch i is recorded at CLOCK_BASE + i hours
AS_OF_FIRST = date(2014, 1, 1)
AS_OF_LAST = date(2025, 6, 30)


def batch_instant(i: int) -> datetime:
    return CLOCK_BASE + timedelta(hours=i)


# -- memory ----------------------------------------------------------------------------------------
def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak() -> float:
    """Start a new peak-memory window (Linux: clear_refs 5 resets VmHWM); the current RSS in MB."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return round((_status_kb("VmRSS") or 0) / 1024, 1)


def peak_mb() -> float:
    kb = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024, 1)


# -- helpers ---------------------------------------------------------------------------------------
@contextmanager
def measured() -> Iterator[None]:
    """The work being measured: the only part the profiler (if any) sees."""
    if _PROFILER is not None:
        _PROFILER.enable()
    try:
        yield
    finally:
        if _PROFILER is not None:
            _PROFILER.disable()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _open(url: str, clock_batches: int) -> Any:
    from tracker.application.bootstrap import open_tracker

    now = batch_instant(clock_batches)
    return open_tracker(url, clock=lambda: now)


def summary(latencies: list[float]) -> dict[str, Any]:
    ms = sorted(x * 1000 for x in latencies)
    if not ms:
        return {"n": 0}
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2),
            "min_ms": round(ms[0], 2), "max_ms": round(ms[-1], 2), "mean_ms": round(statistics.fmean(ms), 2)}


def _sampled(run: Callable[[int], None], samples: int, max_seconds: float, min_samples: int = 10) -> list[float]:
    """Time run(i) for i in range(samples), stopping early (after min_samples) once max_seconds have gone."""
    out: list[float] = []
    started = time.perf_counter()
    for i in range(samples):
        t0 = time.perf_counter()
        run(i)
        out.append(time.perf_counter() - t0)
        if len(out) >= min_samples and time.perf_counter() - started > max_seconds:
            break
    return out


def random_dates(seed: int, n: int) -> list[date]:
    rng = random.Random(f"as-of/{seed}")
    first, last = AS_OF_FIRST.toordinal(), AS_OF_LAST.toordinal()
    return [date.fromordinal(rng.randint(first, last)) for _ in range(n)]


def random_instants(seed: int, n: int, batches: int) -> list[datetime]:
    rng = random.Random(f"known-on/{seed}")
    span = batches * 3600
    return [CLOCK_BASE + timedelta(seconds=rng.uniform(0, span)) for _ in range(n)]


# -- tasks -----------------------------------------------------------------------------------------
def task_build(t: dict[str, Any]) -> dict[str, Any]:
    """Append the registry and every batch file, in order, batch i recorded at CLOCK_BASE + i hours."""
    files = sorted(Path(t["data_dir"]).glob("store-*.yaml"))
    clock = [batch_instant(0)]
    from tracker.application.bootstrap import open_tracker

    tracker = open_tracker(t["url"], clock=lambda: clock[0])
    rss = reset_peak()
    total, started, per_batch = 0, time.perf_counter(), []
    for i, path in enumerate(files):
        clock[0] = batch_instant(i)
        data = path.read_bytes()
        t0 = time.perf_counter()
        with measured():
            outcome = tracker.services.append_bytes(data, path.name)
        dt = time.perf_counter() - t0
        if outcome.outcome != "appended":
            raise RuntimeError(f"{path.name}: {outcome.outcome}: {[str(r) for r in outcome.refusals[:5]]}")
        total += outcome.appended
        if outcome.appended:
            per_batch.append(outcome.appended / dt)
        elapsed = time.perf_counter() - started
        if i and (i % max(1, len(files) // 20) == 0 or i == len(files) - 1):
            rate = total / elapsed
            eta = (t["events"] - total) / rate if rate else 0
            log(f"{t['label']} build: batch {i}/{len(files) - 1}, {total:,} events, {rate:,.0f} ev/s overall, "
                f"last batch {per_batch[-1]:,.0f} ev/s, eta {eta / 60:.1f} min")
    elapsed = time.perf_counter() - started
    return {"events": total, "batches": len(files) - 1, "seconds": round(elapsed, 2),
            "events_per_s": round(total / elapsed), "first_batch_events_per_s": round(per_batch[0]),
            "last_batch_events_per_s": round(per_batch[-1]), "rss_before_mb": rss, "peak_mb": peak_mb(),
            "store": store_stats(tracker)}


def store_stats(tracker: Any) -> dict[str, Any]:
    """Row counts and size, read straight from the database (a benchmark may look under the API)."""
    from sqlalchemy import text

    engine = tracker.services.store.raw()
    with engine.connect() as conn:
        out: dict[str, Any] = {
            name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in ("events", "streams", "snapshots")
        }
        out["open_snapshots"] = conn.execute(text("SELECT count(*) FROM snapshots WHERE rec_to = 4611686018427387904"
                                                  )).scalar_one()
        if engine.dialect.name == "sqlite":
            pages = conn.execute(text("PRAGMA page_count")).scalar_one()
            size = conn.execute(text("PRAGMA page_size")).scalar_one()
            out["db_mb"] = round(pages * size / 2**20, 1)
        else:
            out["db_mb"] = round(float(conn.execute(text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar_one()) / 2**20, 1)
    return out


def task_status(t: dict[str, Any]) -> dict[str, Any]:
    """status() of every proposal as of random dates (and, if asked, as known at random instants)."""
    tracker = _open(t["url"], t["batches"] + 1)
    n = t["samples"]
    dates = random_dates(t["seed"], n)
    instants = random_instants(t["seed"], n, t["batches"]) if t.get("known_on") else [None] * n
    violations = t.get("violations", True)
    tracker.queries.status(dates[0], instants[0], violations=violations)  # warm-up: connection, imports
    rss = reset_peak()
    sizes: list[int] = []
    listed: list[int] = []

    def run(i: int) -> None:
        report = tracker.queries.status(dates[i], instants[i], violations=violations)
        sizes.append(len(report.proposals))
        listed.append(sum(len(p.violations) for p in report.proposals))

    with measured():
        lat = _sampled(run, n, t["max_seconds"])
    return {**summary(lat), "proposals_shown_median": statistics.median(sizes),
            "violations_shown_median": statistics.median(listed), "rss_before_mb": rss, "peak_mb": peak_mb()}


def task_timeline(t: dict[str, Any]) -> dict[str, Any]:
    """timeline() of the proposal with the most events, and of one of median size."""
    from sqlalchemy import text

    tracker = _open(t["url"], t["batches"] + 1)
    with tracker.services.store.raw().connect() as conn:
        counts = conn.execute(text("SELECT stream_id, count(*) FROM events GROUP BY stream_id ORDER BY 2 DESC, 1"
                                   )).all()
    picks = {"largest": counts[0], "median": counts[len(counts) // 2]}
    tracker.queries.timeline(picks["median"][0])  # warm-up
    rss = reset_peak()
    out: dict[str, Any] = {}
    for name, (proposal, count) in picks.items():
        with measured():
            lat = _sampled(lambda _i: tracker.queries.timeline(proposal), t["reps"], t["max_seconds"], min_samples=3)
        out[name] = {"proposal": proposal, "events": count, **summary(lat)}
    return {**out, "rss_before_mb": rss, "peak_mb": peak_mb()}


def task_rebuild(t: dict[str, Any]) -> dict[str, Any]:
    tracker = _open(t["url"], t["batches"] + 1)
    rss = reset_peak()
    t0 = time.perf_counter()
    with measured():
        count = tracker.services.rebuild()
    dt = time.perf_counter() - t0
    return {"events": count, "seconds": round(dt, 2), "events_per_s": round(count / dt), "rss_before_mb": rss,
            "peak_mb": peak_mb()}


def task_append(t: dict[str, Any]) -> dict[str, Any]:
    """One big file appended on top of the store, and bare CSafeLoader parsing of the same text, same run.

    The bare parse runs twice before the append and once after it (median of the three), so that a
    change in the machine's load during the run weighs on both sides of the ratio alike.
    """
    import yaml

    tracker = _open(t["url"], t["batches"] + 1)
    data = Path(t["file"]).read_bytes()
    text = data.decode("utf-8")

    def bare_parse() -> float:
        t0 = time.perf_counter()
        yaml.load(text, Loader=yaml.CSafeLoader)
        return time.perf_counter() - t0

    rss = reset_peak()
    parse_times = [bare_parse(), bare_parse()]
    parse_peak = peak_mb()
    rss_append = reset_peak()
    t0 = time.perf_counter()
    with measured():
        outcome = tracker.services.append_bytes(data, Path(t["file"]).name)
    dt = time.perf_counter() - t0
    append_peak = peak_mb()
    if outcome.outcome != "appended":
        raise RuntimeError(f"append refused: {[str(r) for r in outcome.refusals[:5]]}")
    parse_times.append(bare_parse())
    parse = statistics.median(parse_times)
    return {"events": outcome.appended, "bytes": len(data), "seconds": round(dt, 2),
            "events_per_s": round(outcome.appended / dt), "bare_parse_seconds": round(parse, 3),
            "bare_parse_runs": [round(x, 2) for x in parse_times],
            "bare_parse_events_per_s": round(outcome.appended / parse), "ratio_to_bare_parse": round(dt / parse, 2),
            "rss_before_mb": rss_append, "peak_mb": append_peak, "bare_parse_rss_before_mb": rss,
            "bare_parse_peak_mb": parse_peak}


def task_dashboard(t: dict[str, Any]) -> dict[str, Any]:
    try:
        from tracker.ui.app import TrackerApp
    except Exception as exc:  # noqa: BLE001 - the dashboard may not be there (yet)
        return {"skipped": f"tracker.ui.app.TrackerApp cannot be imported: {type(exc).__name__}: {exc}"}
    tracker = _open(t["url"], t["batches"] + 1)
    rss = reset_peak()
    with measured():
        result = asyncio.run(_dashboard(TrackerApp, tracker, date.fromisoformat(t["as_of"]), t["steps"],
                                        t.get("step_timeout", 60.0)))
    return {**result, "rss_before_mb": rss, "peak_mb": peak_mb()}


class TimedQueries:
    """Wraps the app's Queries: every call is recorded (name, start, end), from whatever thread it runs on."""

    def __init__(self, queries: Any) -> None:
        self._queries = queries
        self.calls: list[tuple[str, float, float]] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._queries, name)
        if not callable(value):
            return value

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.calls.append((name, t0, time.perf_counter()))  # list.append is atomic under the GIL

        return timed

    def between(self, start: float, end: float) -> dict[str, dict[str, float]]:
        """Per query method: calls started in [start, end) and their total time (ms)."""
        out: dict[str, dict[str, float]] = {}
        for name, t0, t1 in self.calls:
            if start <= t0 < end:
                entry = out.setdefault(name, {"calls": 0, "ms": 0.0})
                entry["calls"] += 1
                entry["ms"] = round(entry["ms"] + (t1 - t0) * 1000, 1)
        return out


async def _dashboard(app_class: Any, tracker: Any, as_of: date, steps: int, timeout: float) -> dict[str, Any]:
    """First screen: from creating the app to the overview matrix filled for its date.

    A step: from pressing the key to the matrix filled for the new date (the app's `when` moved,
    the overview's data is for that `when`, nothing is loading), plus one more refresh.
    """
    from textual.widgets import DataTable

    queries = TimedQueries(tracker.queries)
    t0 = time.perf_counter()
    app = app_class(queries, tracker.services, as_of=as_of, watch=None, poll_interval=0)
    out: dict[str, Any] = {"as_of": as_of.isoformat()}
    async with app.run_test(size=(160, 50)) as pilot:

        def rows() -> int:
            """Rows in the overview's matrix (`#matrix`, whatever widget it is), else in the first DataTable."""
            found = list(app.screen.query("#matrix")) or list(app.screen.query(DataTable))
            return int(getattr(found[0], "row_count", 0)) if found else 0

        def settled() -> bool:
            data = getattr(getattr(app, "overview", None), "data", None)
            return (data is not None and data.when == app.when and not getattr(app, "loading_when", False)
                    and rows() > 0)

        async def until_shown(since: float, what: str) -> float:
            while not settled():
                if time.perf_counter() - since > timeout:
                    raise TimeoutError(f"{what}: the overview was not shown within {timeout:.0f} s")
                await pilot.pause(0.002)
            await pilot.pause()
            return time.perf_counter() - since

        try:
            out["first_screen_ms"] = round(await until_shown(t0, "first screen") * 1000, 1)
            out["rows"] = rows()
            out["first_screen_queries"] = queries.between(t0, time.perf_counter())
            for key, name in (("shift+right", "step_day"), ("right_square_bracket", "step_next_event")):
                lat = []
                window = time.perf_counter()
                for _ in range(steps):
                    before = app.when
                    t1 = time.perf_counter()
                    await pilot.press(key)
                    while app.when == before:
                        if time.perf_counter() - t1 > timeout:
                            raise TimeoutError(f"{name}: the date did not move within {timeout:.0f} s")
                        await pilot.pause(0.001)
                    lat.append(await until_shown(t1, name))
                out[name] = {**summary(lat), "as_of_after": app.when.as_of.isoformat(),
                             "queries_all_steps": queries.between(window, time.perf_counter())}
        except TimeoutError as exc:
            out["error"] = str(exc)
    return out


def task_brief(t: dict[str, Any]) -> dict[str, Any]:
    """`tracker brief` of every proposal as of the journal's end, in each format.

    In-process: the command as `tracker.cli.main` runs it (open the store, read, render, write the file),
    `reps` times per format. As a new process: one run per format, interpreter start and imports included.
    """
    import subprocess
    import tempfile

    from tracker.cli import main

    as_of = t.get("as_of", "2025-12-31")
    folder = Path(tempfile.mkdtemp(prefix="tracker-brief-"))
    main(["brief", "--db", t["url"], "--as-of", as_of, "--format", "csv", "-o", str(folder / "warm.csv")])  # warm-up
    rss = reset_peak()
    out: dict[str, Any] = {}
    for fmt in ("csv", "md", "html"):
        target = folder / f"brief.{fmt}"
        args = ["brief", "--db", t["url"], "--as-of", as_of, "--format", fmt, "-o", str(target)]

        cpu: list[float] = []  # this process's CPU time: what the machine's other load does not inflate

        def run(_i: int) -> None:
            c0 = time.process_time()
            if main(args) != 0:
                raise RuntimeError(f"tracker brief --format {fmt} failed")
            cpu.append(time.process_time() - c0)

        with measured():
            lat = _sampled(run, t.get("reps", 3), t["max_seconds"], min_samples=3)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True)
        process_s = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr)
        out[fmt] = {**summary(lat), "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
                    "process_s": round(process_s, 2), "mb": round(target.stat().st_size / 2**20, 1)}
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    return {**out, "rss_before_mb": rss, "peak_mb": peak_mb()}


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "brief": task_brief,
    "build": task_build,
    "status": task_status,
    "timeline": task_timeline,
    "rebuild": task_rebuild,
    "append": task_append,
    "dashboard": task_dashboard,
}


def code_version() -> dict[str, Any]:
    """The commit measured, and whether tracker/ had uncommitted changes (the code may move between runs)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tracker"], cwd=root, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None}
    return {"commit": head, "tracker_dirty_files": len(dirty)}


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    """Run one task; with task['profile'] set, under cProfile, writing the top functions next to the results."""
    function = TASKS[task["task"]]
    version = code_version()
    if not task.get("profile"):
        return {**function(task), **version}
    global _PROFILER
    _preload()
    profiler = _PROFILER = cProfile.Profile()
    try:
        result = function(task)
    finally:
        _PROFILER = None
    out = Path(task["profile"])
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = Path(task.get("profile_raw_dir", out.parent)) / out.with_suffix(".prof").name
    raw.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(raw))  # binary, large: kept out of the repository
    out.write_text(profile_text(profiler, f"{task.get('profile_title', task['task'])} at {version}", result))
    return {**result, **version}


def _preload() -> None:
    import importlib

    for module in ("yaml", "sqlalchemy", "tracker.application.bootstrap", "tracker.ui.app", "textual.app"):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a module that fails here fails again, measured, in the task
            pass


def profile_text(profiler: cProfile.Profile, title: str, result: dict[str, Any], top: int = 15) -> str:
    buf = io.StringIO()
    buf.write(f"# {title}\n# result under the profiler (slower than unprofiled): {result}\n\n")
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.strip_dirs().sort_stats(key).print_stats(top)
        text = stream.getvalue()
        body = text[text.index("   ncalls"):] if "   ncalls" in text else text
        buf.write(f"## top {top} by {key}\n{body}\n")
    return buf.getvalue()
