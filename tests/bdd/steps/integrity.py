"""Steps of faults and forgeries: forging the store as someone with database access would
(features/core/checking_a_store.feature), a full disk and a file still being written (features/ingest/failures.feature).
"""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import Any
import orjson
import pytest
from pytest_bdd import given, parsers, then, when
from sqlalchemy import text

from tracker.application import whole_file
from tracker.application.bootstrap import Tracker
from tracker.cli import main
from tracker.store.sql import GENESIS, chain_hash, snapshot_checksum

OPEN = 2**62


def _cli(capsys: pytest.CaptureFixture[str], tracker: Tracker, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", tracker.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@when(parsers.re(r'someone edits the stored state of "(?P<pid>[^"]+)" so that "(?P<party>[^"]+)" accepted'
                 r'(?P<recompute>, recomputing its checksum)?'))
def _(bdd_tracker: Tracker, pid: str, party: str, recompute: str | None) -> None:
    with bdd_tracker.services.store.raw().begin() as conn:
        rows = conn.execute(text("SELECT valid_from, rec_from, state FROM snapshots WHERE proposal_id = :p "
                                 "AND rec_to = :open"), {"p": pid, "open": OPEN}).all()
        for day, rec_from, state in rows:
            data = orjson.loads(state)
            if party in data["positions"]:
                data["positions"][party][0] = "accepted"
                forged = orjson.dumps(data).decode()
                checksum = snapshot_checksum(pid, day, rec_from, forged) if recompute else "0" * 16
                conn.execute(text("UPDATE snapshots SET state = :s, checksum = :c WHERE proposal_id = :p "
                                  "AND valid_from = :d AND rec_from = :r"),
                             {"s": forged, "c": checksum, "p": pid, "d": day, "r": rec_from})


@when(parsers.parse('someone rewrites the rejection of "{pid}" by "{party}" as an acceptance, recomputing every hash'))
def _(bdd_tracker: Tracker, pid: str, party: str) -> None:
    with bdd_tracker.services.store.raw().begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER events_no_update")
        position, payload = conn.execute(text("SELECT position, payload FROM events WHERE stream_id = :s "
                                              "AND type = 'rejected' AND party = :p"), {"s": pid, "p": party}).one()
        data = {k: v for k, v in orjson.loads(payload).items() if k != "reason"} | {"type": "accepted"}
        conn.execute(text("UPDATE events SET type = 'accepted', payload = :d WHERE position = :n"),
                     {"d": orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode(), "n": position})
        previous = GENESIS
        for row in conn.execute(text("SELECT * FROM events ORDER BY position")).all():
            previous = chain_hash(previous, dict(row._mapping))
            conn.execute(text("UPDATE events SET hash = :h WHERE position = :n"), {"h": previous, "n": row.position})
        conn.exec_driver_sql("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                             "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END")
    bdd_tracker.services.rebuild()


@when("I note the head that verify prints", target_fixture="noted_head")
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = _cli(capsys, bdd_tracker, "verify")
    found = re.search(r"head: (\d+:[0-9a-f]{64})", out)
    assert code == 0 and found, out
    return found.group(1)


@when(parsers.parse('I run "tracker rebuild"'))
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, bdd_tracker, "rebuild")[0] == 0


@then(parsers.parse('verify fails, naming the snapshot of "{pid}"'))
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str], pid: str) -> None:
    code, _, err = _cli(capsys, bdd_tracker, "verify")
    assert code == 1 and f"snapshot row of proposal '{pid}'" in err, err


@then(parsers.parse('a deep verify fails, naming the snapshot of "{pid}"'))
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str], pid: str) -> None:
    code, _, err = _cli(capsys, bdd_tracker, "verify", "--deep")
    assert code == 1 and f"snapshots of proposal '{pid}' differ from a rebuild" in err, err


@then("verify passes")
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, bdd_tracker, "verify")
    assert code == 0 and out.startswith("verified:"), err


@then("a deep verify passes")
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, bdd_tracker, "verify", "--deep")
    assert code == 0 and "snapshots equal a rebuild" in out, err


@then(parsers.parse('asking for the status fails, saying to run "{command}"'))
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, _, err = _cli(capsys, bdd_tracker, "status", "--as-of", "2025-03-14")
    assert code == 1 and "corrupt" in err and command in err and err.count("\n") == 1, err


@then("verify with the noted head fails at its position")
def _(bdd_tracker: Tracker, capsys: pytest.CaptureFixture[str], noted_head: str) -> None:
    code, _, err = _cli(capsys, bdd_tracker, "verify", "--anchor", noted_head)
    position = noted_head.split(":")[0]
    assert code == 1 and f"FAILED at position {position}" in err and "rewritten" in err, err



@given(parsers.parse('the disk fills up when the event "{event_id}" is written'))
def _(bdd_tracker: Tracker, event_id: str) -> None:
    with bdd_tracker.services.store.raw().begin() as conn:  # SQLite's own error for a full disk
        conn.exec_driver_sql(f"CREATE TRIGGER disk_full BEFORE INSERT ON events WHEN NEW.event_id = '{event_id}' "
                             "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")


class _StillWriting:
    """`open` as the reader sees it while another program rewrites the file: it changes after every read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = builtins.open(file, mode, *args, **kwargs)
        if Path(file) != self.path:
            return handle
        path = self.path

        class Handle:
            def __enter__(self) -> Handle:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def fileno(self) -> int:
                return handle.fileno()

            def read(self, size: int = -1) -> bytes:
                data = handle.read(size)
                with builtins.open(path, "ab") as f:  # the other program writes on
                    f.write(b"\n")
                return data

        return Handle()


@given(parsers.parse('another program keeps rewriting "{name}"'))
def _(event_files: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whole_file, "open", _StillWriting(event_files / name), raising=False)


@when("the other program has finished")
def _(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
