"""Concurrent writers, through the CLI and the Python API, on one SQLite file and on PostgreSQL.

Each writer appends batches of K events, half to a proposal every writer shares and half to its own.
A reader process reads status, a timeline and the log by position all the while. Afterwards every batch
is wholly in the store (its writer was told "appended") or wholly out (its writer was told of a conflict),
positions are 1..N, stream versions gap-free, the hash chain verifies and the projection equals a rebuild.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tracker.application.bootstrap import open_tracker

from ._support import (
    Run,
    assert_log_sound,
    assert_projection_equals_rebuild,
    event_ids,
    finish,
    pick,
    record,
    seed_file,
    start_cli,
)
from ._workers import SHARED, api_writer, batch_doc, batch_tag, own, reader, tag_of
from .conftest import backend

pytestmark = pytest.mark.concurrency

WRITERS = pick(8, 16)
BATCHES = pick(4, 16)  # per writer
K = pick(4, 6)  # events per batch
# Forked children skip re-importing the tracker (a second of CPU each); they open their own engines, and the
# parent's engines are disposed before forking so that no connection is shared.
CTX = mp.get_context("fork")


def _seed(url: str, writers: int) -> int:
    tracker = open_tracker(url)
    try:
        outcome = tracker.services.append_bytes(seed_file([SHARED, *(own(w) for w in range(writers))]), "seed.yaml")
        assert outcome.outcome == "appended", outcome
        return outcome.appended
    finally:
        tracker.close()


def _start_reader(url: str) -> tuple[Any, Any, Any]:
    stop, out = CTX.Event(), CTX.Queue()
    proc = CTX.Process(target=reader, args=(url, K, stop, out), daemon=True)
    proc.start()
    return proc, stop, out


def _stop_reader(proc: Any, stop: Any, out: Any) -> dict[str, Any]:
    stop.set()
    result = out.get(timeout=120)
    proc.join(timeout=30)
    assert result["error"] is None, result["error"]
    return result


def _check(url: str, told: dict[str, dict[str, Any]], seeded: int, seen: dict[str, Any]) -> dict[str, int]:
    """Every batch wholly in (told appended) or wholly out (told of a conflict, or told nothing); the log sound."""
    refused = {t: v["refusals"] for t, v in told.items() if v["outcome"] == "refused"}
    assert not refused, f"valid batches were refused: {refused}"
    tracker = open_tracker(url)
    try:
        store = tracker.services.store
        n = assert_log_sound(store)
        per_tag = Counter(tag_of(i) for i in event_ids(store) if not i.endswith("-proposed"))
        assert set(per_tag) <= set(told), f"batches in the store no writer appended: {set(per_tag) - set(told)}"
        torn = {t: c for t, c in per_tag.items() if c != K}
        assert not torn, f"batches partly in the store: {torn}"
        lost = [t for t, v in told.items() if v["outcome"] == "appended" and per_tag.get(t) != K]
        assert not lost, f"writers were told these batches were appended, the store lacks them: {lost}"
        ghosts = [t for t, v in told.items() if v["outcome"] != "appended" and t in per_tag]
        assert not ghosts, f"writers were told these batches failed ({[told[t]['outcome'] for t in ghosts]}), " \
                           f"the store has them: {ghosts}"
        appended = sum(v["appended"] for v in told.values())
        assert n == seeded + appended, f"{n} events in the store, writers were told {seeded} + {appended}"
        assert_projection_equals_rebuild(tracker.services)
        assert seen["anomalies"] == [], seen["anomalies"]
        assert seen["followed"] == n, f"the follower stopped at {seen['followed']} of {n}"
        return {"events": n, "appended_batches": sum(v["outcome"] == "appended" for v in told.values()),
                "conflicts": sum(v["outcome"] == "conflict" for v in told.values()),
                "untold": sum(v["outcome"] == "untold" for v in told.values()),
                "retries": sum(v.get("retried", 0) for v in told.values())}
    finally:
        tracker.close()


def _cli_files(tmp_path: Path) -> dict[int, list[Path]]:
    files: dict[int, list[Path]] = {}
    for w in range(WRITERS):
        for b in range(BATCHES):
            path = tmp_path / f"{batch_tag(w, b, 'cli')}.yaml"
            path.write_bytes(batch_doc(w, b, K, "cli"))
            files.setdefault(w, []).append(path)
    return files


def _cli_told(files: dict[int, list[Path]], runs: list[Run]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """What each CLI writer was told, file by file, from its JSON report (nothing, if it printed none)."""
    told: dict[str, dict[str, Any]] = {}
    failures = []
    for w, run in enumerate(runs):
        assert not run.timed_out, f"CLI writer {w} hung"
        try:
            reported = {Path(f["file"]).stem: f for f in json.loads(run.out)["files"]}
        except (ValueError, KeyError):
            reported = {}
            failures.append(f"CLI writer {w} exit {run.returncode}: {run.err.strip()[-300:]}")
        for path in files[w]:
            f = reported.get(path.stem)
            if f is None:  # the CLI said nothing about this file (it gave up on a conflict, say)
                told[path.stem] = {"outcome": "untold", "appended": 0, "refusals": [run.err.strip()[-300:]]}
            else:
                messages = [r["message"] for r in f["refusals"]]
                conflict = f["outcome"] == "refused" and any("another writer" in m for m in messages)
                told[path.stem] = {"outcome": "conflict" if conflict else f["outcome"], "appended": f["appended"],
                                   "refusals": messages}
    return told, failures


def test_writers_through_the_cli_and_the_api_append_each_batch_once(fresh: Any, tmp_path: Path) -> None:
    """WRITERS CLI processes and WRITERS API processes append at once while a reader reads."""
    url = fresh.url
    seeded = _seed(url, WRITERS)
    fresh.services.store.dispose()
    files = _cli_files(tmp_path)
    reader_proc, stop, out = _start_reader(url)
    barrier, results = CTX.Barrier(WRITERS + 1), CTX.Queue()
    procs = [CTX.Process(target=api_writer, daemon=True,
                         args=(url, w, BATCHES, K, "bytes" if w % 2 else "batch", barrier, results))
             for w in range(WRITERS)]
    for p in procs:
        p.start()
    barrier.wait(timeout=180)  # every API writer has imported the tracker and opened the store
    began = time.perf_counter()
    started = [start_cli(["--db", url, "append", "--json", *map(str, files[w])]) for w in range(WRITERS)]
    reports = [results.get(timeout=300) for _ in procs]
    runs = [finish(s, timeout=300) for s in started]
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join(timeout=30)
    seen = _stop_reader(reader_proc, stop, out)

    errors = [r["error"] for r in reports if r["error"]]
    assert not errors, errors[0]
    told, failures = _cli_told(files, runs)
    told.update({t["tag"]: t for r in reports for t in r["told"]})
    assert len(told) == 2 * WRITERS * BATCHES
    try:
        figures = _check(url, told, seeded, seen)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nCLI writers that printed no report: {failures}") from None
    for via in ("cli", "api"):
        mine = {t: v for t, v in told.items() if f".{via}" in t}
        record("concurrency", backend=backend(url), via=via, writers=WRITERS, batches=len(mine), k=K,
               appended_batches=sum(v["outcome"] == "appended" for v in mine.values()),
               conflicts=sum(v["outcome"] == "conflict" for v in mine.values()),
               untold=sum(v["outcome"] == "untold" for v in mine.values()),
               retries=sum(v.get("retried", 0) for v in mine.values()))
    record("concurrency", backend=backend(url), via="both at once", writers=2 * WRITERS, batches=len(told), k=K,
           reads=seen["reads"], seconds=round(elapsed, 1), failed_runs=len(failures), **figures)
