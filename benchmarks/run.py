"""Run the benchmark suite: `python -m benchmarks.run [--sizes ...] [--backends ...] [--quick] [--profile]`.

Builds one store per backend and size from the seeded synthetic journal (benchmarks/generate.py),
through the tracker's own API, runs each measurement in its own worker process, prints progress
on stderr and one JSON line on stdout, and writes that line to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.generate import GENERATOR_VERSION, Journal, default_chunk
from benchmarks.report import evaluate, flatness, markdown
from benchmarks.tasks import log, run_task

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
POSTGRES_URL = os.environ.get("TRACKER_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
APPEND_EVENTS = 100_000


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        task = json.loads(args.worker)
        if task["task"] == "peer":
            from benchmarks.side_by_side import tracker_run

            print(json.dumps(tracker_run(task)), flush=True)
            return 0
        print(json.dumps(run_task(task)), flush=True)
        return 0
    if args.peer:
        from benchmarks.side_by_side import compare

        args.backends = args.backends or "sqlite"
        args.output = "peer.json" if args.output == "latest.json" else args.output
        return compare(args)
    args.backends = args.backends or "sqlite,postgres"
    if args.table:
        print(markdown(json.loads(Path(args.table).read_text())))
        return 0
    if args.combine:
        return combine(args.combine, args.output)
    if args.reuse:
        args.keep = True
    sizes = [10_000] if args.quick and not args.sizes else [int(float(s)) for s in (args.sizes or "10000,100000").split(",")]
    backends = args.backends.split(",")
    samples = args.samples or (30 if args.quick else 200)
    append_events = args.append_events or (10_000 if args.quick else APPEND_EVENTS)
    workdir = Path(args.workdir)
    started = time.time()
    results: dict[str, dict[str, Any]] = {b: {} for b in backends}
    for size in sizes:
        data = prepare_data(workdir / "data", size, args.seed, append_events)
        for backend in backends:
            label = f"{backend} {size:.0e}".replace("+0", "")
            try:
                results[backend][str(size)] = measure(backend, size, data, label, args, samples, workdir)
            except Exception as exc:  # noqa: BLE001 - report it in the JSON and carry on with the rest
                log(f"{label}: FAILED: {exc}")
                results[backend][str(size)] = {"error": f"{type(exc).__name__}: {exc}"}
    out = {
        "suite": "tracker-benchmarks", "generator_version": GENERATOR_VERSION,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started), "machine": machine(),
        "params": {"seed": args.seed, "samples": samples, "append_events": append_events, "quick": args.quick,
                   "profile": args.profile, "max_seconds_per_measure": args.max_seconds},
        "results": results,
    }
    if args.merge is not None:
        for name in args.merge or ["latest.json"]:
            path = RESULTS / name if not Path(name).is_absolute() else Path(name)
            if path.exists():
                out = merge(json.loads(path.read_text()), out)
    out["flat_as_of"] = flatness(out["results"])
    out["targets"] = evaluate(out["results"])
    line = json.dumps(out, separators=(",", ":"))
    if not args.profile:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / args.output).write_text(line + "\n")
    print(line, flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", help="comma-separated event counts (default 10000,100000; e.g. 1e6)")
    p.add_argument("--backends", help="sqlite, postgres or both (default; with --peer: sqlite)")
    p.add_argument("--quick", action="store_true", help="10^4 events only, 30 samples, a 10^4-event append file")
    p.add_argument("--profile", action="store_true",
                   help="run every measurement under cProfile; top functions to benchmarks/results/profiles/")
    p.add_argument("--samples", type=int, help="random dates per status measurement (default 200)")
    p.add_argument("--append-events", type=int, help=f"events in the appended file (default {APPEND_EVENTS:,})")
    p.add_argument("--max-seconds", type=float, default=180.0,
                   help="stop sampling a measurement after this long (at least 10 samples are taken)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir", default=os.environ.get("TRACKER_BENCH_DIR", "/tmp/tracker-bench"),
                   help="where the generated files and the stores go")
    p.add_argument("--keep", action="store_true", help="keep the stores (SQLite files, PostgreSQL schemas)")
    p.add_argument("--reuse", action="store_true",
                   help="SQLite: measure on the store a --keep run left, without building it again (implies --keep; "
                        "the append measurement adds to it, so run that last)")
    p.add_argument("--merge", nargs="*", metavar="JSON",
                   help="merge the results of earlier runs (files under benchmarks/results/, default latest.json) "
                        "with this run's; this run's figures win where both have a backend and size")
    p.add_argument("--output", default="latest.json", help="file name under benchmarks/results/")
    p.add_argument("--only", help="comma-separated measurements to run (default: all)")
    p.add_argument("--table", metavar="JSON", help="print a results file as markdown tables and exit")
    p.add_argument("--combine", nargs="+", metavar="JSON",
                   help="merge result files (later ones win) into benchmarks/results/OUTPUT, without running anything")
    peer = p.add_argument_group("side by side with the eventsourcing library (--peer; see side_by_side.py)")
    peer.add_argument("--peer", action="store_true",
                      help="run the shared workload through the library and the tracker alternately; print the ratios")
    peer.add_argument("--events", type=int, default=100_000, help="events appended in batches (default 100,000)")
    peer.add_argument("--streams", type=int, default=1_000, help="proposals, round robin (default 1,000)")
    peer.add_argument("--batch", type=int, default=100, help="events per transaction (default 100)")
    peer.add_argument("--single", type=int, default=2_000, help="events appended one per transaction (default 2,000)")
    peer.add_argument("--files", type=int, default=300, help="one-event files appended by the tracker (default 300)")
    peer.add_argument("--repeat", type=int, default=3, help="runs of each side, alternately (default 3)")
    peer.add_argument("--peer-python", help="the Python with `eventsourcing` (default: this one, else /tmp/peer-venv)")
    peer.add_argument("--verify", action="store_true", help="tracker: `verify --deep` after each run (not timed)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    return p


# -- data ------------------------------------------------------------------------------------------
def prepare_data(root: Path, size: int, seed: int, append_events: int) -> Path:
    """Write the journal's files once per (size, seed, generator version): store-*.yaml and append.yaml."""
    folder = root / f"n{size}-seed{seed}-v{GENERATOR_VERSION}-tail{append_events}"
    if (folder / "done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    journal = Journal(size, seed, append_events)
    for i, text in enumerate(journal.store_files(default_chunk(size))):
        (folder / f"store-{i:05d}.yaml").write_text(text)
    (folder / "append.yaml").write_text(Journal(size, seed, append_events).tail_file())
    (folder / "done").write_text("")
    log(f"generated {size:,} events (+{append_events:,} to append) in {time.perf_counter() - t0:.1f} s: {folder}")
    return folder


# -- stores and workers ----------------------------------------------------------------------------
def measure(backend: str, size: int, data: Path, label: str, args: argparse.Namespace, samples: int,
            workdir: Path) -> dict[str, Any]:
    url, drop = new_store(backend, size, workdir, reuse=args.reuse)
    only = set(args.only.split(",")) if args.only else None
    batches = len(list(data.glob("store-*.yaml"))) - 1
    common = {"url": url, "batches": batches, "seed": args.seed, "max_seconds": args.max_seconds}
    plan: list[tuple[str, dict[str, Any]]] = [
        ("build", {"task": "build", "data_dir": str(data), "events": size}),
        ("status_as_of", {"task": "status", "samples": samples, "violations": False}),
        ("status_known_on", {"task": "status", "samples": samples, "known_on": True, "violations": False}),
        ("status_as_of_listed", {"task": "status", "samples": min(samples, 50)}),
        ("status_known_on_listed", {"task": "status", "samples": min(samples, 50), "known_on": True}),
        ("timeline", {"task": "timeline", "reps": 5}),
        ("dashboard", {"task": "dashboard", "as_of": "2025-06-01", "steps": 5}),
        ("brief", {"task": "brief", "reps": 3}),
        ("rebuild", {"task": "rebuild"}),
        ("append", {"task": "append", "file": str(data / "append.yaml")}),
    ]
    out: dict[str, Any] = {"url": url.split("?")[0] if backend == "postgres" else "sqlite (file)"}
    try:
        for name, task in plan:
            if only and name not in only and name != "build":
                continue
            if name == "build" and args.reuse and backend == "sqlite" and _has_events(url):
                log(f"{label}: build skipped: reusing the store at {url}")
                continue
            task = {**common, **task, "label": label}
            if args.profile:
                task["profile"] = str(RESULTS / "profiles" / f"{backend}-{size}-{name}.txt")
                task["profile_title"] = f"{name} on {backend}, {size:,} events"
                task["profile_raw_dir"] = str(workdir / "profiles")
                task["samples"] = min(task.get("samples", 20), 20)
            log(f"{label}: {name} ...")
            t0, load_before = time.perf_counter(), os.getloadavg()[0]
            out[name] = worker(task, timeout=args.max_seconds * 20 + 3600)
            out[name]["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]  # other work on the machine
            log(f"{label}: {name} done in {time.perf_counter() - t0:.1f} s: {_brief(out[name])}")
    finally:
        if not args.keep:
            drop()
    return out


def worker(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--worker", json.dumps(task)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, timeout=timeout)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": f"worker exited with {proc.returncode}"}
    return json.loads(lines[-1])


def _has_events(url: str) -> bool:
    path = Path(url.removeprefix("sqlite:///"))
    if not path.exists():
        return False
    with sqlite3.connect(path) as conn:
        return bool(conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'events'").fetchone()[0]
                    and conn.execute("SELECT max(position) FROM events").fetchone()[0])


def new_store(backend: str, size: int, workdir: Path, reuse: bool = False) -> tuple[str, Any]:
    if backend == "sqlite":
        path = workdir / "stores" / f"sqlite-{size}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)

        def drop() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return f"sqlite:///{path}", drop
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    from sqlalchemy import create_engine, text

    schema = f"bench_{size}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop_schema() -> None:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()

    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}", drop_schema


def _brief(result: dict[str, Any]) -> str:
    keys = ("events_per_s", "median_ms", "p95_ms", "first_screen_ms", "ratio_to_bare_parse", "peak_mb", "error",
            "skipped")
    return ", ".join(f"{k}={result[k]}" for k in keys if k in result)


def combine(names: list[str], output: str) -> int:
    files = [RESULTS / n if not Path(n).is_absolute() and not Path(n).exists() else Path(n) for n in names]
    out = json.loads(files[0].read_text())
    for path in files[1:]:
        out = merge(out, json.loads(path.read_text()))
    out["flat_as_of"] = flatness(out["results"])
    out["targets"] = evaluate(out["results"])
    line = json.dumps(out, separators=(",", ":"))
    (RESULTS / output).write_text(line + "\n")
    print(line)
    return 0


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = {**new, "results": {b: dict(v) for b, v in old.get("results", {}).items()}}
    for backend, sizes in new["results"].items():
        for size, measures in sizes.items():  # measure by measure: a partial re-run keeps the others
            merged["results"].setdefault(backend, {}).setdefault(size, {}).update(measures)
    merged["runs"] = old.get("runs", [old.get("started")]) + new.get("runs", [new["started"]])
    return merged


# -- the machine -----------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = 0
    try:
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    import sqlalchemy
    import yaml

    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(), "sqlite": sqlite3.sqlite_version,
            "postgres": _postgres_version(), "sqlalchemy": sqlalchemy.__version__, "pyyaml": yaml.__version__,
            "libyaml": bool(yaml.__with_libyaml__)}


def _postgres_version() -> str | None:
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
        return str(version)
    except Exception:  # noqa: BLE001 - no server: the JSON says so
        return None


if __name__ == "__main__":
    sys.exit(main())
