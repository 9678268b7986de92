"""Shared helpers of the reliability suite: the CLI as a subprocess, event files, and checks of a store's log."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import re

import yaml
from sqlalchemy import text

from tracker.store.sql import SqlStore

LONG = os.environ.get("TRACKER_LONG_TESTS") == "1"
REPO = Path(__file__).resolve().parents[2]
if (REPO / "tracker" / "__main__.py").exists():
    CLI = [sys.executable, "-m", "tracker"]
else:  # the module entry point is someone else's to write; the console function is always there
    CLI = [sys.executable, "-c", "from tracker.cli import main; raise SystemExit(main())"]

MB = 1024 * 1024


def pick(short: Any, long: Any) -> Any:
    """The short variant's value on every push, the long one under TRACKER_LONG_TESTS=1."""
    return long if LONG else short


# -- figures -----------------------------------------------------------------------------------------------------------
RECORDED: list[dict[str, Any]] = []


def record(area: str, **figures: Any) -> None:
    """Keep a measured figure; conftest writes them out when TRACKER_FIGURES_OUT names a file."""
    RECORDED.append({"area": area, **figures})


# -- the CLI as a subprocess -------------------------------------------------------------------------------------------
_HOME = tempfile.mkdtemp(prefix="tracker-reliability-home-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)


def cli_env(**extra: str) -> dict[str, str]:
    """A clean environment: never the user's default store, a wide terminal, no colour unless asked."""
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_DB", "FORCE_COLOR", "NO_COLOR", "TERM")}
    env.update({"XDG_DATA_HOME": _HOME, "COLUMNS": "400", "LINES": "50", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    wall: float
    maxrss_mb: float
    cpu: float = 0.0  # user + system seconds of the child
    killed: bool = False
    timed_out: bool = False

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


@dataclass
class Started:
    """A running CLI process whose output goes to temporary files, so that it can be reaped with os.wait4."""

    args: list[str]
    proc: subprocess.Popen[bytes]
    out: Any
    err: Any
    start: float
    extra: dict[str, Any] = field(default_factory=dict)


MEASURE = Path(__file__).resolve().parent / "_measure.py"


def start_cli(args: Sequence[str], env: dict[str, str] | None = None, cwd: str | None = None,
              measure: bool = False, address_space: int = 0, program: Sequence[str] = ()) -> Started:
    """Start the CLI (or `program`) with its output in temporary files. With `measure`, it runs under _measure.py
    (its own process group), which reports the CLI's own peak RSS and CPU and caps its address space."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    argv = [*(program or CLI), *args]
    extra: dict[str, Any] = {}
    if measure:
        fd, stats = tempfile.mkstemp(prefix="tracker-measure-")
        os.close(fd)
        argv = [sys.executable, str(MEASURE), str(address_space), stats, *argv]
        extra["stats"] = stats
    proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env or cli_env(),
                            cwd=cwd or _HOME, start_new_session=measure)
    return Started(list(args), proc, out, err, time.perf_counter(), extra)


def _kill(started: Started) -> None:
    if "stats" in started.extra:
        os.killpg(started.proc.pid, signal.SIGKILL)  # the wrapper and the CLI under it
    else:
        os.kill(started.proc.pid, signal.SIGKILL)


def finish(started: Started, timeout: float = 120.0, kill_after: float | None = None) -> Run:
    """Wait for the process (killing it with SIGKILL after `kill_after` seconds, if given) and collect its usage."""
    deadline = started.start + timeout
    kill_at = started.start + kill_after if kill_after is not None else None
    killed = timed_out = False
    while True:
        pid, status, usage = os.wait4(started.proc.pid, os.WNOHANG)
        if pid:
            break
        now = time.perf_counter()
        if kill_at is not None and now >= kill_at:
            _kill(started)
            killed = True
            pid, status, usage = os.wait4(started.proc.pid, 0)
            break
        if now >= deadline:
            _kill(started)
            timed_out = True
            pid, status, usage = os.wait4(started.proc.pid, 0)
            break
        time.sleep(0.002 if kill_at is not None else 0.005)
    wall = time.perf_counter() - started.start
    code = os.waitstatus_to_exitcode(status)
    started.proc.returncode = code  # reaped here: keep Popen from waiting for it again
    started.out.seek(0)
    started.err.seek(0)
    stdout, stderr = started.out.read(), started.err.read()
    started.out.close()
    started.err.close()
    rss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if "stats" in started.extra:
        stats = Path(started.extra["stats"])
        text_ = stats.read_text().split() if stats.exists() else []
        rss_kb, cpu = (int(text_[0]), float(text_[1])) if text_ else (0, 0.0)
        stats.unlink(missing_ok=True)
    return Run(started.args, code, stdout, stderr, wall, rss_kb / 1024, cpu, killed, timed_out)


def run_cli(args: Sequence[str], timeout: float = 120.0, env: dict[str, str] | None = None,
            measure: bool = False, address_space: int = 0) -> Run:
    return finish(start_cli(args, env, measure=measure, address_space=address_space), timeout=timeout)


def startup_seconds(db: str) -> float:
    """Wall time of a CLI run that does next to nothing (interpreter and imports), the floor of every CLI timing."""
    return run_cli(["--db", db, "verify"]).wall


# -- event files -------------------------------------------------------------------------------------------------------
PARTIES = [
    {"id": "UA", "name": "Ukraine", "aliases": ["Kyiv", "Kiev"]},
    {"id": "RU", "name": "Russia", "aliases": ["Moscow", "Kremlin"]},
    {"id": "US", "name": "United States", "aliases": ["Washington"]},
    {"id": "EU", "name": "European Union", "aliases": ["Brussels"]},
    {"id": "TR", "name": "Turkey", "aliases": ["Ankara"]},
]
EPOCH = date(2024, 1, 1)


def day(offset: int) -> str:
    return (EPOCH + timedelta(days=offset)).isoformat()


class _Yaml12Dumper(yaml.SafeDumper):
    """PyYAML writes by YAML 1.1's rules, which leave some text unquoted that YAML 1.2's core schema (the
    tracker's) reads as a number: `-.0`, `1e5`. Such text is quoted, so that a file means what was dumped."""


_YAML12_NUMBER = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
                            r"|0o[0-7]+|0x[0-9a-fA-F]+)$")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _YAML12_NUMBER.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


class _FastYaml12Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The same with libyaml's emitter: twice as fast, and the same bytes for the plain text of big_file's events."""


_Yaml12Dumper.add_representer(str, _text)
_FastYaml12Dumper.add_representer(str, _text)


def dump(doc: dict[str, Any], fast: bool = False) -> bytes:
    dumper = _FastYaml12Dumper if fast else _Yaml12Dumper
    return yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000).encode()


def proposed(proposal: str, offset: int = 0, **extra: Any) -> dict[str, Any]:
    return {"id": f"{proposal}-proposed", "type": "proposed", "proposal": proposal, "date": day(offset), "party": "US",
            "title": f"Proposal {proposal}", "kind": "other", "parties": ["UA", "RU"],
            "terms": [{"id": "t1", "text": "first term"}, {"id": "t2", "text": "second term"}], **extra}


def seed_file(proposals: Iterable[str]) -> bytes:
    return dump({"parties": PARTIES, "events": [proposed(p) for p in proposals]})


def big_file(tag: str, n_events: int, n_proposals: int = 4) -> bytes:
    """One file of `n_events` events over a few new proposals, every event type but retractions, dates spread."""
    names = [f"big-{tag}-{i}" for i in range(n_proposals)]
    events: list[dict[str, Any]] = [proposed(p) for p in names]
    kinds = ["accepted", "reviewing", "violation_reported", "rejected", "talks_held", "amended", "countered"]
    i = 0
    while len(events) < n_events:
        p = names[i % n_proposals]
        kind = kinds[i % len(kinds)]
        e: dict[str, Any] = {"id": f"{tag}-e{i}", "type": kind, "proposal": p, "date": day(1 + (i * 37) % 600)}
        if kind == "accepted":
            e.update(party="UA", terms=["t1"] if i % 2 else [])
        elif kind == "rejected":
            e.update(party="RU", reason=f"reason {i}")
        elif kind == "reviewing":
            e.update(party="RU")
        elif kind == "violation_reported":
            e.update(party="UA", against="RU", description=f"report {i}", disputed_by=["RU"])
        elif kind == "talks_held":
            e.update(participants=["UA", "RU", "TR"], location="Istanbul", outcome=f"round {i}")
        elif kind == "amended":
            e.update(party="US", add_terms=[{"id": f"a{i}", "text": f"added {i}"}])
        elif kind == "countered":
            e.update(party="RU", counter_proposal=names[(i + 1) % n_proposals])
        if not e.get("terms", True):
            del e["terms"]
        events.append(e)
        i += 1
    return dump({"parties": PARTIES, "events": events}, fast=True)


# -- checks of a store -------------------------------------------------------------------------------------------------
_TABLES = ("events", "streams", "snapshots", "parties", "party_aliases", "sources", "tracker_meta")


def store_digest(store: SqlStore) -> str:
    """A digest of every table's content: equal digests, unchanged store."""
    h = hashlib.sha256()
    with store.raw().connect() as conn:
        for table in _TABLES:
            rows = sorted(repr(tuple(r)) for r in conn.execute(text(f"SELECT * FROM {table}")))
            h.update(f"{table}:{len(rows)}\n".encode())
            for r in rows:
                h.update(r.encode())
    return h.hexdigest()


def event_ids(store: SqlStore) -> list[str]:
    with store.raw().connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT event_id FROM events ORDER BY position"))]


def assert_log_sound(store: SqlStore) -> int:
    """Positions 1..N, each stream's versions 1..n and equal to the streams table, and verify() clean. Returns N."""
    with store.raw().connect() as conn:
        positions = [r[0] for r in conn.execute(text("SELECT position FROM events ORDER BY position"))]
        versions: dict[str, list[int]] = {}
        for sid, v in conn.execute(text("SELECT stream_id, stream_version FROM events ORDER BY stream_id, position")):
            versions.setdefault(sid, []).append(v)
        table = dict(conn.execute(text("SELECT stream_id, version FROM streams")).all())
    assert positions == list(range(1, len(positions) + 1)), "global positions are not 1..N"
    assert set(table) == set(versions), f"streams without events: {set(table) - set(versions)}"
    for sid, vs in versions.items():
        assert vs == list(range(1, len(vs) + 1)), f"stream {sid} versions are not gap-free: {vs[:20]}"
        assert table.get(sid) == len(vs), f"streams table says {sid} is at {table.get(sid)}, the log has {len(vs)}"
    assert store.verify() == [], store.verify()
    return len(positions)


def snapshots(store: SqlStore) -> list[tuple[Any, ...]]:
    with store.session() as s:
        return [tuple(r) for r in s.all_snapshots()]


def assert_projection_equals_rebuild(services: Any) -> None:
    before = snapshots(services.store)
    services.rebuild()
    after = snapshots(services.store)
    assert before == after, _first_difference(before, after)


def _first_difference(before: list[tuple[Any, ...]], after: list[tuple[Any, ...]]) -> str:
    for i, (a, b) in enumerate(zip(before, after)):
        if a != b:
            return (f"maintained snapshots differ from a rebuild at row {i}: {a[:4]}\n maintained: {a[4:]}\n"
                    f" rebuilt:    {b[4:]}")
    return f"maintained snapshots: {len(before)} rows, rebuild: {len(after)} rows"
