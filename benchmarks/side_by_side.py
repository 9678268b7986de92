"""The tracker next to the `eventsourcing` library: `python -m benchmarks.run --peer [--events N] ...`.

One workload through both (benchmarks/peer.py is the library's side), run alternately, each run on a fresh
database, so that the machine's other work slows both: N events over S proposals, round robin (a batch of
100 events touches 100 proposals), a `proposed` for each, then three party responses (about 150-byte notes)
to one amendment. Both write SQLite in WAL mode with synchronous=FULL. The tracker's side goes through its
Python API (pydantic events built in the timed loop, as the library builds its events in its own):

  batched   N events, `--batch` events per `Services.append_batch` (one transaction)
  single    `--single` more events, one `append_batch` (transaction) per event, on top of that store
  files     `--files` more events, one small YAML file each, through `Services.append_paths`
            (what `tracker append FILE...` runs; tracker only)
  rebuild   `Services.rebuild()`: every bitemporal snapshot recreated from the events; compared with the
            library's decoded replay (every event decoded and folded) and its rebuild of every aggregate

With `--backends sqlite,postgres` the tracker's side also runs on PostgreSQL (the library's SQLite is the
yardstick either way). Medians of `--repeat` runs; the ratios are tracker / library (above 1: the tracker
is faster). The record goes to benchmarks/results/OUTPUT (default peer.json).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.tasks import log

ROOT = Path(__file__).resolve().parents[1]
BASE = date(2015, 1, 1)
PARTIES = ("PA", "PB", "MED", "GUA")
PARTY_NAMES = ("Party A", "Party B", "Mediator", "Guarantor")
RESPONSES = ("accepted", "rejected", "reviewing")
NOTE = ("Response recorded by the analyst from the joint communique and the evening briefing; the wording "
        "was checked against the source bundle before entry, item ")
TERMS = (("t1", "Halt of hostilities along the line of contact"), ("t2", "Exchange of prisoners all for all"),
         ("t3", "Monitoring by a neutral mission"))
REGISTRY = "parties:\n" + "".join(f"  - {{id: {p}, name: {n}}}\n" for p, n in zip(PARTIES, PARTY_NAMES))


# -- the events ------------------------------------------------------------------------------------
def proposed(stream: str) -> dict[str, Any]:
    return {"id": f"{stream}-0000", "type": "proposed", "proposal": stream, "date": BASE.isoformat(), "party": "MED",
            "title": f"Proposal {stream}", "kind": "full_ceasefire", "parties": ["PA", "PB", "GUA"],
            "terms": [{"id": t, "text": text} for t, text in TERMS]}


def following(stream: str, j: int, i: int) -> dict[str, Any]:
    """Event j of a stream (dated j days after its opening): an amendment every fourth, else a response."""
    day = (BASE + timedelta(days=j)).isoformat()
    if i % 4 == 3:
        return {"id": f"{stream}-{j:04d}", "type": "amended", "proposal": stream, "date": day, "party": "MED",
                "replace_terms": [{"id": TERMS[i % 3][0], "text": NOTE + str(i)}]}
    return {"id": f"{stream}-{j:04d}", "type": RESPONSES[(i // 3) % 3], "proposal": stream, "date": day,
            "party": PARTIES[i % 4], "note": NOTE + str(i)}


def sequence(streams: int, start: int, count: int) -> list[dict[str, Any]]:
    """Events start..start+count of the round robin: the `proposed` of every stream first, then the others."""
    out = []
    for x in range(start, start + count):
        if x < streams:
            out.append(proposed(f"p{x:05d}"))
        else:
            i = x - streams
            out.append(following(f"p{i % streams:05d}", i // streams + 1, i))
    return out


def as_yaml(events: list[dict[str, Any]]) -> str:
    lines = ["events:"]
    for e in events:
        lines.append(f"  - id: {e['id']}")
        lines += [f"    {key}: {e[key]}" for key in ("type", "proposal", "date", "party")]
        if e["type"] == "amended":
            lines.append("    replace_terms:")
            lines += [f"      - {{id: {t['id']}, text: {json.dumps(t['text'])}}}" for t in e["replace_terms"]]
        elif e["type"] != "proposed":
            lines.append(f"    note: {json.dumps(e['note'])}")
        else:
            raise ValueError("the small files continue the sequence: no `proposed` in them")
    return "\n".join(lines) + "\n"


# -- one run of the tracker's side -------------------------------------------------------------------
def tracker_run(params: dict[str, Any]) -> dict[str, Any]:
    from tracker.application.bootstrap import open_tracker
    from tracker.domain.events import EVENT_CLASSES
    from tracker.ingest.batch import Batch

    n, s, batch, single, files = (params[k] for k in ("events", "streams", "batch", "single", "files"))
    folder = Path(params["folder"])
    tracker = open_tracker(params["url"])
    services = tracker.services
    if services.append_bytes(REGISTRY.encode(), "registry.yaml").outcome != "appended":
        raise RuntimeError("the registry was refused")

    def append(events: list[Any]) -> None:
        outcome = services.append_batch(Batch(events=list(enumerate(events))))
        if outcome.outcome != "appended":
            raise RuntimeError(f"refused: {[str(r) for r in outcome.refusals[:3]]}")

    out: dict[str, Any] = {}
    plain = sequence(s, 0, n)
    gc.collect()
    t0 = time.perf_counter()
    for k in range(0, n, batch):
        append([EVENT_CLASSES[e["type"]].model_validate(e) for e in plain[k : k + batch]])
    out["batched_eps"] = n / (time.perf_counter() - t0)
    del plain

    plain = sequence(s, n, single)
    gc.collect()
    t0 = time.perf_counter()
    for e in plain:
        append([EVENT_CLASSES[e["type"]].model_validate(e)])
    out["single_eps"] = single / (time.perf_counter() - t0)

    if files:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for k, e in enumerate(sequence(s, n + single, files)):
            path = folder / f"small-{k:05d}.yaml"
            path.write_text(as_yaml([e]))
            paths.append(path)
        gc.collect()
        t0 = time.perf_counter()
        outcomes = services.append_paths(paths)
        out["files_eps"] = files / (time.perf_counter() - t0)
        if any(o.outcome != "appended" for o in outcomes):
            raise RuntimeError(f"a small file was refused: {[o for o in outcomes if o.outcome != 'appended'][:1]}")
    tracker.close()

    tracker = open_tracker(params["url"])  # a new engine: nothing of the appends cached
    gc.collect()
    t0 = time.perf_counter()
    count = tracker.services.rebuild()
    out["rebuild_eps"] = count / (time.perf_counter() - t0)
    out["rebuilt"] = count
    problems = tracker.services.verify(deep=True) if params.get("verify") else []
    if problems:
        raise RuntimeError(f"verify after the run: {problems[0].message}")
    tracker.close()
    return out


# -- alternately, both sides -------------------------------------------------------------------------
def _worker(cmd: list[str], timeout: float) -> dict[str, Any]:
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, timeout=timeout)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{cmd[:3]} exited with {proc.returncode}")
    return json.loads(lines[-1])


def peer_python(given: str | None) -> str:
    """The Python that runs the library's side: given, this one if it has `eventsourcing`, or /tmp/peer-venv."""
    if given:
        return given
    if subprocess.run([sys.executable, "-c", "import eventsourcing"], capture_output=True).returncode == 0:
        return sys.executable
    return "/tmp/peer-venv/bin/python"


# (name, library's figure, tracker's figure): ev/s, higher is better
ROWS = [
    ("append, one transaction per event", "single_eps", "single_eps"),
    ("append, {batch} events per transaction over {batch} proposals", "batched_eps", "batched_eps"),
    ("`tracker append` of one-event files (library: one transaction per event)", "single_eps", "files_eps"),
    ("rebuild (library: decoded replay of the log)", "replay_eps", "rebuild_eps"),
    ("rebuild (library: every aggregate rebuilt)", "rebuild_eps", "rebuild_eps"),
]


def compare(args: argparse.Namespace) -> int:
    from benchmarks.run import RESULTS, machine, new_store

    backends = args.backends.split(",")
    workdir = Path(args.workdir) / "peer"
    workdir.mkdir(parents=True, exist_ok=True)
    python = peer_python(args.peer_python)
    params = {"events": args.events, "streams": args.streams, "batch": args.batch, "single": args.single,
              "files": args.files}
    runs: list[dict[str, Any]] = []
    started = time.time()
    for rep in range(args.repeat):
        sides = [("library", "sqlite")] + [("tracker", b) for b in backends]
        for side, backend in sides:
            load = round(os.getloadavg()[0], 2)
            log(f"peer comparison, run {rep + 1}/{args.repeat}: {side} on {backend} (load {load}) ...")
            t0 = time.perf_counter()
            if side == "library":
                result = _worker([python, "-m", "benchmarks.peer", json.dumps({**params, "workdir": str(workdir)})],
                                 args.max_seconds * 20 + 3600)
            else:
                url, drop = new_store(backend, args.events, workdir)
                folder = workdir / f"files-{backend}"
                try:
                    task = {**params, "task": "peer", "url": url, "folder": str(folder), "verify": args.verify}
                    result = _worker([sys.executable, "-m", "benchmarks.run", "--worker", json.dumps(task)],
                                     args.max_seconds * 20 + 3600)
                finally:
                    drop()
                    shutil.rmtree(folder, ignore_errors=True)
            runs.append({"side": side, "backend": backend, "run": rep + 1, "load_1m": load, **result})
            log(f"  {time.perf_counter() - t0:.0f} s: " + ", ".join(f"{k}={v:,.0f}" for k, v in result.items()
                                                                     if k.endswith("_eps")))
    table = summary(runs, backends, args.batch)
    record = {"suite": "tracker-vs-eventsourcing", "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
              "seconds": round(time.time() - started), "machine": machine(), "commit": _commit(),
              "params": {**params, "repeat": args.repeat, "backends": backends}, "table": table, "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.output).write_text(json.dumps(record, indent=1) + "\n")
    print("\n".join(table))
    return 0


def summary(runs: list[dict[str, Any]], backends: list[str], batch: int) -> list[str]:
    def median(side: str, backend: str, key: str) -> float | None:
        values = [r[key] for r in runs if r["side"] == side and r["backend"] == backend and key in r]
        return statistics.median(values) if values else None

    head = "| measure (events/s) | library (SQLite) | " + " | ".join(f"tracker ({b})" for b in backends) + " | " + \
        " | ".join(f"tracker ({b}) / library" for b in backends) + " |"
    table = [head, "|---|---:|" + "---:|" * (2 * len(backends))]
    for name, peer_key, tracker_key in ROWS:
        peer = median("library", "sqlite", peer_key)
        mine = [median("tracker", b, tracker_key) for b in backends]
        cells = [f"{v:,.0f}" if v is not None else "-" for v in mine]
        ratios = [f"{v / peer:.2f}" if v is not None and peer else "-" for v in mine]
        table.append(f"| {name.format(batch=batch)} | {peer:,.0f} | " + " | ".join(cells) + " | " + " | ".join(ratios)
                     + " |" if peer is not None else f"| {name} | - |")
    return table


def _commit() -> str | None:
    """The commit measured (TRACKER_BENCH_COMMIT names it when the tree measured is an exported copy)."""
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip() or os.environ.get("TRACKER_BENCH_COMMIT") or None
