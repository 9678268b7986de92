"""Forgeries and corruption `verify` must catch, on both databases (issue 16, points 4 and 7).

- one UPDATE of the snapshots table turns a rejected proposal into an accepted one: the row's checksum fails,
  in `verify` and in every read (status refuses with one line naming the row and `tracker rebuild`);
- the same with the checksum recomputed: `verify --deep` (a rebuild in memory) catches it;
- an event edited with the triggers dropped (or disabled), every hash recomputed and the triggers restored:
  the chain is consistent, and `verify --anchor POSITION:HASH` with the head printed earlier catches it;
- a damaged snapshot row (not JSON) is reported as corruption, never a decode traceback;
- `append` refuses a store whose last row does not match its hash, or whose touched snapshots are damaged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import Connection, text

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.cli import main
from tracker.domain.errors import CorruptionFound
from tracker.store.sql import GENESIS, SCHEMA_VERSION, chain_hash, snapshot_checksum

from ._support import big_file, dump, proposed, record, run_cli, seed_file, store_digest
from .conftest import backend

pytestmark = pytest.mark.tamper


def _write(path: Path, events: list[dict[str, Any]]) -> Path:
    path.write_bytes(dump({"events": events}))
    return path


def _fill(tracker: Tracker, clock: Any) -> None:
    """Proposal `a`: UA accepts, RU rejects. Proposal `b`: proposed only."""
    assert tracker.services.append_bytes(seed_file(["a", "b"]), "seed.yaml").outcome == "appended"
    clock.advance(60)
    events = [{"id": "ua-yes", "type": "accepted", "proposal": "a", "date": "2024-01-05", "party": "UA"},
              {"id": "ru-no", "type": "rejected", "proposal": "a", "date": "2024-01-06", "party": "RU",
               "reason": "not now"}]
    assert tracker.services.append_bytes(dump({"events": events}), "answers.yaml").outcome == "appended"
    clock.advance(60)


def _ru_position(tracker: Tracker) -> str:
    report = tracker.queries.status(proposal="a")
    return report.proposals[0].positions["RU"].position


def _forge_snapshot(conn: Connection, recompute: bool) -> None:
    """RU's rejection of `a` becomes an acceptance in every current row (optionally with a fresh checksum)."""
    rows = conn.execute(text("SELECT valid_from, rec_from, state FROM snapshots WHERE proposal_id = 'a' "
                             "AND rec_to = 4611686018427387904")).all()
    for valid_from, rec_from, state in rows:
        data = orjson.loads(state)
        if "RU" not in data["positions"]:
            continue
        data["positions"]["RU"][0] = "accepted"
        forged = orjson.dumps(data).decode()
        checksum = snapshot_checksum("a", valid_from, rec_from, forged) if recompute else None
        conn.execute(text("UPDATE snapshots SET state = :s" + (", checksum = :c" if recompute else "")
                          + " WHERE proposal_id = 'a' AND valid_from = :v AND rec_from = :r"),
                     {"s": forged, "c": checksum, "v": valid_from, "r": rec_from})


def _verify(url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", url, "verify", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


class TestSnapshotForgery:
    def test_an_edited_snapshot_fails_its_checksum_in_verify_and_in_every_read(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        assert _ru_position(tracker) == "rejected"
        with tracker.services.store.raw().begin() as conn:
            _forge_snapshot(conn, recompute=False)
        code, _, err = _verify(tracker.url, capsys)
        assert code == 1 and "proposal 'a'" in err and "checksum" in err and "tracker rebuild" in err, err
        with pytest.raises(CorruptionFound, match="proposal 'a'.*tracker rebuild"):
            _ru_position(tracker)  # never shown as accepted
        capsys.readouterr()
        assert main(["--db", tracker.url, "status"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "corrupt" in err and "tracker rebuild" in err, err
        record("forgery", backend=backend(tracker.url), kind="snapshot UPDATE", caught_by="verify (checksum)")

    def test_a_forged_snapshot_with_its_checksum_recomputed_is_caught_by_a_deep_verify(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        with tracker.services.store.raw().begin() as conn:
            _forge_snapshot(conn, recompute=True)
        assert _ru_position(tracker) == "accepted"  # the cheap check cannot see it ...
        assert _verify(tracker.url, capsys)[0] == 0
        code, _, err = _verify(tracker.url, capsys, "--deep")  # ... the rebuild in memory does
        assert code == 1 and "proposal 'a'" in err and "'positions'" in err and "tracker rebuild" in err, err
        assert main(["--db", tracker.url, "rebuild"]) == 0
        assert _verify(tracker.url, capsys, "--deep")[0] == 0
        assert _ru_position(tracker) == "rejected"
        record("forgery", backend=backend(tracker.url), kind="snapshot UPDATE, checksum recomputed",
               caught_by="verify --deep")

    @pytest.mark.parametrize("forgery", ["row deleted", "row added", "row moved in time"])
    def test_deep_verify_catches_rows_added_removed_or_moved(
            self, forgery: str, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        with tracker.services.store.raw().begin() as conn:
            if forgery == "row deleted":
                conn.execute(text("DELETE FROM snapshots WHERE proposal_id = 'b'"))
            elif forgery == "row added":
                row = conn.execute(text("SELECT valid_from, rec_from, state FROM snapshots WHERE proposal_id = 'b'"
                                        )).first()
                day = row[0] + 3
                conn.execute(text("INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state, checksum) "
                                  "VALUES ('b', :v, :r, 4611686018427387904, :s, :c)"),
                             {"v": day, "r": row[1], "s": row[2], "c": snapshot_checksum("b", day, row[1], row[2])})
            else:
                conn.execute(text("UPDATE snapshots SET rec_to = 1 WHERE proposal_id = 'a' "
                                  "AND rec_to = 4611686018427387904"))
        assert _verify(tracker.url, capsys, "--deep")[0] == 1
        assert json.loads(run_cli(["--db", tracker.url, "verify", "--deep", "--json"]).out)["ok"] is False


def _recompute_chain(conn: Connection) -> None:
    previous = GENESIS
    rows = conn.execute(text("SELECT * FROM events ORDER BY position")).all()
    for r in rows:
        row = dict(r._mapping)
        previous = chain_hash(previous, row)
        conn.execute(text("UPDATE events SET hash = :h WHERE position = :p"), {"h": previous, "p": row["position"]})


def _rewrite_history(tracker: Tracker) -> None:
    """Edit an event with the triggers out of the way, recompute every hash, put the triggers back."""
    store = tracker.services.store
    with store.raw().begin() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
        else:  # what the owner of the tables can do on PostgreSQL
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")
        payload = conn.execute(text("SELECT payload FROM events WHERE event_id = 'ru-no'")).scalar_one()
        data = orjson.loads(payload)
        data.update(type="accepted")
        data.pop("reason", None)
        conn.execute(text("UPDATE events SET payload = :p, type = 'accepted' WHERE event_id = 'ru-no'"),
                     {"p": orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()})
        _recompute_chain(conn)
        if store.dialect == "sqlite":
            conn.exec_driver_sql("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                                 "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END")
        else:
            conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER USER")
    tracker.services.rebuild()  # the forger covers the projections too


class TestAnchor:
    def test_verify_prints_the_head_and_an_anchor_taken_from_it_holds_while_the_log_grows(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        code, out, _ = _verify(tracker.url, capsys)
        head = re.search(r"head: (\d+):([0-9a-f]{64})", out)
        assert code == 0 and head and int(head.group(1)) == 4, out
        anchor = f"{head.group(1)}:{head.group(2)}"
        assert tracker.services.append_bytes(dump({"events": [proposed("c")]}), "more.yaml").outcome == "appended"
        code, out, _ = _verify(tracker.url, capsys, "--anchor", anchor)
        assert code == 0 and "up to position 4 is the one anchored" in out and "head: 5:" in out, out
        report = json.loads(run_cli(["--db", tracker.url, "verify", "--json"]).out)
        assert report["ok"] and report["head"]["position"] == 5 and len(report["head"]["hash"]) == 64

    def test_a_recomputed_chain_passes_alone_and_fails_against_the_anchor(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        position, digest = tracker.services.head_anchor()
        _rewrite_history(tracker)
        assert _ru_position(tracker) == "accepted"
        assert _verify(tracker.url, capsys)[0] == 0, "the recomputed chain is consistent on its own"
        assert _verify(tracker.url, capsys, "--deep")[0] == 0, "and the projections were rebuilt from it"
        code, _, err = _verify(tracker.url, capsys, "--anchor", f"{position}:{digest}")
        assert code == 1 and f"position {position}" in err and "rewritten" in err, err
        run = run_cli(["--db", tracker.url, "verify", "--anchor", f"{position}:{digest}", "--json"])
        assert run.returncode == 1 and json.loads(run.out)["first_bad_position"] == position
        record("forgery", backend=backend(tracker.url), kind="event edited, chain recomputed, triggers restored",
               caught_by="verify --anchor")

    def test_an_anchor_past_the_end_means_rows_were_cut_off(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        position, digest = tracker.services.head_anchor()
        store = tracker.services.store
        with store.raw().begin() as conn:
            if store.dialect == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER events_no_delete")
            else:
                conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")
            conn.execute(text("DELETE FROM events WHERE position = :p"), {"p": position})
            conn.execute(text("UPDATE streams SET version = version - 1 WHERE stream_id = 'a'"))
        code, _, err = _verify(tracker.url, capsys, "--anchor", f"{position}:{digest}")
        assert code == 1 and "before the anchored position" in err, err

    @pytest.mark.parametrize("bad", ["4", "x:" + "0" * 64, "4:abc", "4:" + "g" * 64])
    def test_a_malformed_anchor_is_one_usage_line(self, bad: str, tracker: Tracker, clock: Any,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["--db", tracker.url, "verify", "--anchor", bad])
        assert exit_.value.code == 2 and "POSITION:HASH" in capsys.readouterr().err


class TestTriggers:
    @pytest.mark.parametrize("how", ["dropped", "disabled or replaced by a no-op"])
    def test_verify_reports_append_only_triggers_taken_away(
            self, how: str, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        store = tracker.services.store
        with store.raw().begin() as conn:
            if store.dialect == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER events_no_delete")
                if how != "dropped":  # the same name, doing nothing
                    conn.exec_driver_sql("CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT 1; END")
            elif how == "dropped":
                conn.exec_driver_sql("DROP TRIGGER events_no_truncate ON events")
            else:
                conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_no_truncate")
        code, _, err = _verify(tracker.url, capsys)
        missing = "events_no_delete" if store.dialect == "sqlite" else "events_no_truncate"
        assert code == 1 and f"trigger(s) {missing}" in err and "--anchor" in err, err


class TestCorruption:
    def test_a_damaged_snapshot_is_reported_as_corruption_naming_the_row_and_the_fix(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        with tracker.services.store.raw().begin() as conn:
            conn.execute(text("UPDATE snapshots SET state = '{\"id\": \"a\", \"positions\": {' "
                              "WHERE proposal_id = 'a' AND rec_to = 4611686018427387904"))
        for command in (["status"], ["status", "--proposal", "a"], ["timeline", "a"]):
            run = run_cli(["--db", tracker.url, *command])
            if command[0] == "timeline":  # reads events, not snapshots: unaffected
                assert run.returncode == 0, run.err
                continue
            assert run.returncode == 1 and "Traceback" not in run.err, run.err
            assert "proposal 'a'" in run.err and "tracker rebuild" in run.err and run.err.count("\n") == 1, run.err
        code, _, err = _verify(tracker.url, capsys)
        assert code == 1 and "snapshot row of proposal 'a'" in err, err
        assert main(["--db", tracker.url, "rebuild"]) == 0
        assert _verify(tracker.url, capsys, "--deep")[0] == 0
        record("corruption", backend=backend(tracker.url), kind="snapshot not JSON", caught_by="every read, verify")

    def test_append_refuses_a_store_whose_last_row_does_not_match_its_hash(
            self, tracker: Tracker, clock: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        _fill(tracker, clock)
        store = tracker.services.store
        with store.raw().begin() as conn:
            if store.dialect == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER events_no_update")
            else:
                conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")
            conn.execute(text("UPDATE events SET payload = replace(payload, 'not now', 'never') "
                              "WHERE event_id = 'ru-no'"))
        before = store_digest(store)
        assert _verify(tracker.url, capsys)[0] == 1
        with pytest.raises(CorruptionFound, match="does not match its hash"):
            tracker.services.append_bytes(dump({"events": [proposed("c")]}), "more.yaml")
        outcome = tracker.services.append_one(_write(tmp_path / "more.yaml", [proposed("c")]))
        assert outcome.outcome == "refused" and "corrupt" in str(outcome.refusals[0]), outcome
        assert store_digest(store) == before

    def test_append_refuses_when_a_snapshot_it_builds_on_is_damaged(
            self, tracker: Tracker, clock: Any, tmp_path: Path) -> None:
        _fill(tracker, clock)
        store = tracker.services.store
        with store.raw().begin() as conn:
            conn.execute(text("UPDATE snapshots SET state = 'garbage' WHERE proposal_id = 'a'"))
        before = store_digest(store)
        path = _write(tmp_path / "late.yaml", [{"id": "us-yes", "type": "accepted", "proposal": "a",
                                                "date": "2024-01-07", "party": "US"}])
        run = run_cli(["--db", tracker.url, "append", str(path)])
        assert run.returncode == 1 and "Traceback" not in run.err, run.err
        assert "refused" in run.out and "proposal 'a'" in run.out + run.err and "tracker rebuild" in run.out + run.err
        assert store_digest(store) == before


def test_a_damaged_sqlite_file_is_refused_by_append_and_reported_by_verify(
        sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page in the middle of the file overwritten: reads that miss it still work, but nothing is appended."""
    tracker = open_tracker(sqlite_url)
    assert tracker.services.append_bytes(big_file("d", 3000), "big.yaml").outcome == "appended"
    with tracker.services.store.raw().connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tracker.close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with path.open("r+b") as f:
        f.seek(path.stat().st_size // 2 // 4096 * 4096)
        f.write(b"\xff" * 8192)
    late = _write(tmp_path / "late.yaml", [proposed("late")])
    run = run_cli(["--db", sqlite_url, "append", str(late)])
    assert run.returncode == 1 and "Traceback" not in run.err, run.err
    assert "refused" in run.out and "the store file is damaged" in run.err and "backup" in run.err, run.out + run.err
    run = run_cli(["--db", sqlite_url, "verify"])
    assert run.returncode == 1 and "Traceback" not in run.err and "damaged" in run.err, run.err
    record("corruption", backend="sqlite", kind="a page of the file overwritten", caught_by="append, verify")


class TestUpgrade:
    def test_a_version_2_store_gets_checksums_for_its_rows_and_verifies(
            self, tracker: Tracker, clock: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
        _fill(tracker, clock)
        with tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("ALTER TABLE snapshots DROP COLUMN checksum")
            conn.exec_driver_sql("UPDATE tracker_meta SET value = '2' WHERE key = 'schema_version'")
            conn.exec_driver_sql("DROP TABLE alembic_version")  # a release from before the Alembic revisions
            if tracker.services.store.dialect == "postgresql":
                conn.exec_driver_sql("ALTER TABLE party_aliases ALTER COLUMN alias TYPE VARCHAR(200)")
        tracker.close()
        again = open_tracker(store_url, clock=clock)
        try:
            assert _ru_position(again) == "rejected"
            assert _verify(store_url, capsys, "--deep")[0] == 0
            with again.services.store.raw().connect() as conn:
                assert conn.exec_driver_sql("SELECT value FROM tracker_meta WHERE key = 'schema_version'"
                                            ).scalar() == str(SCHEMA_VERSION)
                assert conn.exec_driver_sql("SELECT count(*) FROM snapshots WHERE checksum = ''").scalar() == 0
        finally:
            again.close()
