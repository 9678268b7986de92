"""Tamper evidence: with the append-only triggers dropped by raw SQL, every kind of change to the events
table is caught by SqlStore.verify() and by `tracker verify` (text and JSON), naming the first bad position."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import Connection, create_engine, text

from tracker.application.bootstrap import Tracker
from tracker.cli import main
from tracker.store.sql import SqlStore, chain_hash

from ._support import LONG, assert_log_sound, big_file, dump, pick, proposed, record, run_cli, seed_file
from .conftest import backend

pytestmark = pytest.mark.tamper

N = 14  # events in the store before tampering: positions 1..14
P = 5  # the row most tampering aims at
TRIALS = pick(0, 5)  # random positions per kind in the long variant


def _fill(tracker: Tracker, clock: Any) -> None:
    assert tracker.services.append_bytes(seed_file(["a", "b"]), "seed.yaml").outcome == "appended"
    for i in range(1, 4):
        clock.advance(60)
        events = [{"id": f"e{i}-{j}", "type": "accepted" if j % 2 else "reviewing", "proposal": "a" if j % 2 else "b",
                   "date": f"2024-0{i + 1}-1{j}", "party": "UA" if j % 3 else "RU", "note": f"note {i}.{j}"}
                  for j in range(1, 4) if (i, j) != (1, 3)]
        if i == 3:
            events.append({"id": "e3-4", "type": "violation_reported", "proposal": "a", "date": "2024-05-01",
                           "party": "UA", "against": "RU", "description": "shelling"})
        outcome = tracker.services.append_bytes(dump({"events": events}), f"batch-{i}.yaml")
        assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
    proposals = [proposed(p) for p in ("c", "d", "e")]
    clock.advance(60)
    assert tracker.services.append_bytes(dump({"events": proposals}), "more.yaml").outcome == "appended"
    assert assert_log_sound(tracker.services.store) == N


def _drop_triggers(store: SqlStore) -> None:
    if store.dialect == "sqlite":
        statements = ["DROP TRIGGER IF EXISTS events_no_update", "DROP TRIGGER IF EXISTS events_no_delete"]
    else:
        statements = ["DROP TRIGGER IF EXISTS events_no_change ON events"]
    with store.raw().begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _row(conn: Connection, position: int) -> dict[str, Any]:
    return dict(conn.execute(text("SELECT * FROM events WHERE position = :p"), {"p": position}).one()._mapping)


def _shift_up(conn: Connection, start: int) -> None:
    """Renumber rows from `start` on one place up (through negatives: the key is checked row by row)."""
    conn.execute(text("UPDATE events SET position = -(position + 1) WHERE position >= :p"), {"p": start})
    conn.execute(text("UPDATE events SET position = -position WHERE position < 0"))


def _insert(conn: Connection, position: int, forge_hash: bool) -> None:
    row = {**_row(conn, position - 1), "position": position, "event_id": "forged", "stream_id": "forged",
           "stream_version": 1}
    row["payload"] = row["payload"].replace("}", ', "note": "forged"}', 1) if '"note"' not in row["payload"] \
        else row["payload"].replace('"note":"', '"note":"forged ', 1)
    previous = _row(conn, position - 1)["hash"] if position > 1 else "0" * 64
    row["hash"] = chain_hash(previous, row) if forge_hash else "f" * 64
    columns = ", ".join(row)
    conn.execute(text(f"INSERT INTO events ({columns}) VALUES ({', '.join(':' + c for c in row)})"), row)


def _swap(conn: Connection, a: int, b: int) -> None:
    conn.execute(text("UPDATE events SET position = -1 WHERE position = :a"), {"a": a})
    conn.execute(text("UPDATE events SET position = :a WHERE position = :b"), {"a": a, "b": b})
    conn.execute(text("UPDATE events SET position = :b WHERE position = -1"), {"b": b})


def _set(conn: Connection, position: int, **values: Any) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(text(f"UPDATE events SET {sets} WHERE position = :position"), {**values, "position": position})


def _delete(conn: Connection, position: int) -> None:
    conn.execute(text("DELETE FROM events WHERE position = :p"), {"p": position})


def _changed_payload(conn: Connection, p: int) -> None:
    data = orjson.loads(_row(conn, p)["payload"])
    data["party"] = "RU" if data.get("party") != "RU" else "UA"
    _set(conn, p, payload=orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode())


Tamper = Callable[[Connection, int, int], int]  # (connection, position aimed at, head) -> first bad position

# kind -> tampering at position p of a log of n rows, returning the first bad position verify must name
TAMPERING: dict[str, Tamper] = {
    "changed payload": lambda c, p, n: (_changed_payload(c, p), p)[1],
    "changed date": lambda c, p, n: (_set(c, p, date_text="2024-01-01"), p)[1],
    "changed stream version": lambda c, p, n: (_set(c, p, stream_version=999_999), p)[1],
    "changed recorded_at": lambda c, p, n: (_set(c, p, recorded_at="2020-01-01T00:00:00.000000Z"), p)[1],
    "deleted row": lambda c, p, n: (_delete(c, p), p)[1],
    "deleted first row": lambda c, p, n: (_delete(c, 1), 1)[1],
    "deleted last row": lambda c, p, n: (_delete(c, n), n)[1],
    "swapped adjacent rows": lambda c, p, n: (_swap(c, p, p + 1), p)[1],
    "swapped distant rows": lambda c, p, n: (_swap(c, p, n - 1), p)[1],
    "row moved to the end": lambda c, p, n: (_swap(c, p, n), p)[1],
    "inserted row, bogus hash": lambda c, p, n: (_shift_up(c, p), _insert(c, p, forge_hash=False), p)[2],
    "inserted row, forged hash": lambda c, p, n: (_shift_up(c, p), _insert(c, p, forge_hash=True), p + 1)[2],
    "appended row, bogus hash": lambda c, p, n: (_insert(c, n + 1, forge_hash=False), n + 1)[1],
    "broken hash": lambda c, p, n: (_set(c, p, hash="0" * 64), p)[1],
    "broken hash of the last row": lambda c, p, n: (_set(c, n, hash="a" * 64), n)[1],
    "broken hash of the first row": lambda c, p, n: (_set(c, 1, hash="b" * 64), 1)[1],
}


def test_triggers_refuse_changes(tracker: Tracker, clock: Any) -> None:
    _fill(tracker, clock)
    store = tracker.services.store
    for statement in ("UPDATE events SET payload = 'x' WHERE position = 1", "DELETE FROM events WHERE position = 1"):
        with pytest.raises(Exception, match="append-only"):
            with store.raw().begin() as conn:
                conn.execute(text(statement))
    if store.dialect == "postgresql":
        with pytest.raises(Exception, match="append-only"):
            with store.raw().begin() as conn:
                conn.execute(text("TRUNCATE events"))
    assert assert_log_sound(store) == N


def _detected(url: str, store: SqlStore, kind: str, first_bad: int, capsys: pytest.CaptureFixture[str]) -> None:
    problems = store.verify()
    assert problems, f"{kind}: verify() found nothing"
    assert problems[0].position == first_bad, f"{kind}: reported at {problems[0].position}: {problems[0].message}"
    capsys.readouterr()
    assert main(["--db", url, "verify"]) == 1
    err = capsys.readouterr().err
    assert f"position {first_bad}" in err, err
    assert main(["--db", url, "verify", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["first_bad_position"] == first_bad, report


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_verify_names_the_first_bad_position(kind: str, tracker: Tracker, clock: Any,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tracker, clock)
    store = tracker.services.store
    _drop_triggers(store)
    with store.raw().begin() as conn:
        first_bad = TAMPERING[kind](conn, P, N)
    _detected(tracker.url, store, kind, first_bad, capsys)
    if kind == "changed payload":  # once per backend through a real `tracker verify` process as well
        run = run_cli(["--db", tracker.url, "verify"])
        assert run.returncode == 1 and f"position {first_bad}" in run.err, run.err
    record("tamper", backend=backend(tracker.url), kind=kind, events=N, positions_tried=1, detected=1)


def _clone(url: str, template: str, tmp: Path, i: int) -> str:
    """A copy of the template store: the file on SQLite, a new schema on PostgreSQL."""
    if url.startswith("sqlite"):
        target = tmp / f"clone-{i}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    source = re.search(r"search_path%3D(\w+)", url).group(1)  # type: ignore[union-attr]
    schema = f"{source}_c{i}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        for table in ("tracker_meta", "parties", "party_aliases", "sources", "events", "streams", "snapshots"):
            conn.execute(text(f"CREATE TABLE {schema}.{table} (LIKE {source}.{table} INCLUDING ALL)"))
            conn.execute(text(f"INSERT INTO {schema}.{table} SELECT * FROM {source}.{table}"))
    engine.dispose()
    return url.replace(f"search_path%3D{source}", f"search_path%3D{schema}")


def _drop_clone(url: str) -> None:
    if url.startswith("postgresql"):
        schema = re.search(r"search_path%3D(\w+)", url).group(1)  # type: ignore[union-attr]
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="long variant: TRACKER_LONG_TESTS=1")
def test_verify_names_the_first_bad_position_anywhere_in_a_larger_log(
        fresh: Tracker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every kind of tampering at random positions of a log of about a thousand events (the bundled dataset too)."""
    outcomes = fresh.services.load_bundled()
    assert all(o.outcome != "refused" for o in outcomes)
    assert fresh.services.append_bytes(big_file("tmp", 1000), "big.yaml").outcome == "appended"
    n = assert_log_sound(fresh.services.store)
    template = None
    if fresh.url.startswith("sqlite"):
        fresh.close()
        template = fresh.url.removeprefix("sqlite:///")
    rng = random.Random(f"tamper-{backend(fresh.url)}")
    trials = 0
    for kind, tamper in TAMPERING.items():
        for _ in range(TRIALS):
            url = _clone(fresh.url, template or "", tmp_path, trials)
            trials += 1
            store = SqlStore(url)
            _drop_triggers(store)
            with store.raw().begin() as conn:
                first_bad = tamper(conn, rng.randint(2, n - 2), n)
            _detected(url, store, kind, first_bad, capsys)
            store.dispose()
            _drop_clone(url)
    record("tamper", backend=backend(fresh.url), kind=f"all {len(TAMPERING)} kinds", events=n,
           positions_tried=trials, detected=trials)
