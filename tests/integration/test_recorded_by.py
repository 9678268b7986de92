"""Who recorded each event: kept with the row, covered by the hash chain, shown wherever an event is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from journal_kit import Journal, Run
from sqlalchemy import Connection, text

from tracker.application.bootstrap import open_tracker
from tracker.store.sql import GENESIS, SCHEMA_VERSION, chain_hash, os_user

Cli = Callable[..., Run]
PROPOSAL = "truce-2025"


def _database_user(journal: Journal) -> str:
    with journal.tracker.services.store.raw().connect() as conn:
        return conn.exec_driver_sql("SELECT current_user").scalar_one()


def _recorders(journal: Journal) -> list[str | None]:
    with journal.tracker.services.store.raw().connect() as conn:
        return [r for (r,) in conn.exec_driver_sql("SELECT recorded_by FROM events ORDER BY position")]


def _without_protection(conn: Connection, dialect: str) -> None:
    if dialect == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER events_no_update")
    else:
        conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")


def _rechain(conn: Connection) -> None:
    previous = GENESIS
    for r in conn.execute(text("SELECT * FROM events ORDER BY position")).all():
        previous = chain_hash(previous, dict(r._mapping))
        conn.execute(text("UPDATE events SET hash = :h WHERE position = :p"), {"h": previous, "p": r._mapping["position"]})


def make_version_3(journal: Journal) -> None:
    """Turn the store into what a version-3 tracker leaves: no recorded_by column, hashes that never covered
    it (the version-3 chain is this one over rows without a recorder), version 3 in the meta table and no
    Alembic revision."""
    store = journal.tracker.services.store
    with store.raw().begin() as conn:
        _without_protection(conn, store.dialect)
        conn.exec_driver_sql("UPDATE events SET recorded_by = NULL")
        _rechain(conn)
        if store.dialect == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER events_recorded_by ON events")
            conn.exec_driver_sql("DROP FUNCTION tracker_events_recorded_by()")
            conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER USER")
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN recorded_by")
        if store.dialect == "sqlite":
            conn.exec_driver_sql("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                                 "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END")
        conn.exec_driver_sql("UPDATE tracker_meta SET value = '3' WHERE key = 'schema_version'")
        conn.exec_driver_sql("DROP TABLE alembic_version")  # a version-3 tracker kept its version there alone
    journal.tracker.close()


class TestWhoIsRecorded:
    def test_each_event_names_the_database_user_or_the_system_user(self, truce: Journal) -> None:
        expected = _database_user(truce) if truce.tracker.services.store.dialect == "postgresql" else os_user()
        recorders = _recorders(truce)
        assert recorders and set(recorders) == {expected}

    def test_tracker_user_names_the_analyst(self, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TRACKER_USER", "alice")
        journal.append_fixture("truce.yaml")
        last = _recorders(journal)[-1]
        if journal.tracker.services.store.dialect == "postgresql":
            # The database still vouches for the login the append came through.
            assert last == f"alice via {_database_user(journal)}"
        else:
            assert last == "alice"

    def test_an_unusable_tracker_user_is_refused_in_one_line_and_nothing_is_written(
            self, journal: Journal, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
        head = journal.head()
        monkeypatch.setenv("TRACKER_USER", "x" * 80)
        run = cli("--db", journal.tracker.url, "append", str(journal.write(_truce_text())))
        assert run.code == 1 and "TRACKER_USER must be one printable line of at most 64 characters" in run.err
        assert len(run.err.strip().splitlines()) == 1
        assert journal.head() == head

    def test_shown_in_timeline_text_and_json_and_the_event_view(self, truce: Journal, cli: Cli,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
        who = _recorders(truce)[-1]
        assert who
        shown = cli("--db", truce.tracker.url, "timeline", PROPOSAL, "--json").json()
        events = shown["events"] if isinstance(shown, dict) else shown
        assert {e["recorded_by"] for e in events} == {who}
        assert f"UTC by {who}" in cli("--db", truce.tracker.url, "timeline", PROPOSAL).out
        view = truce.tracker.queries.timeline(PROPOSAL)[0]
        assert view.recorded_by == who and view.recorder == who


class TestCoveredByTheChain:
    def test_changing_who_recorded_an_event_breaks_the_chain(self, truce: Journal, cli: Cli) -> None:
        store = truce.tracker.services.store
        with store.raw().begin() as conn:
            _without_protection(conn, store.dialect)
            if store.dialect == "postgresql":
                conn.exec_driver_sql("UPDATE events SET recorded_by = 'mallory' WHERE position = 2")
                conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER USER")
            else:
                conn.exec_driver_sql("UPDATE events SET recorded_by = 'mallory' WHERE position = 2")
        run = cli("--db", truce.tracker.url, "verify")
        assert run.code == 1 and "row 2" in run.out + run.err

    def test_on_postgresql_a_row_cannot_name_another_user(self, truce: Journal) -> None:
        store = truce.tracker.services.store
        if store.dialect != "postgresql":
            pytest.skip("PostgreSQL checks the name; on SQLite whoever can write the file can write anything")
        with store.raw().connect() as conn:
            row = dict(conn.execute(text("SELECT * FROM events ORDER BY position DESC LIMIT 1")).one()._mapping)
        for forged in ("mallory", "alice via mallory", None):
            fresh = {**row, "position": row["position"] + 1, "event_id": "forged", "stream_version": 99,
                     "recorded_by": forged}
            with pytest.raises(Exception, match="recorded_by must name the database user"):
                with store.raw().begin() as conn:
                    conn.execute(text(f"INSERT INTO events ({', '.join(fresh)}) "
                                      f"VALUES ({', '.join(':' + c for c in fresh)})"), fresh)


class TestUpgradeFromVersion3:
    def test_old_rows_keep_their_hashes_and_new_rows_carry_a_recorder(self, truce: Journal, cli: Cli,
                                                                      store_url: str, clock: Any) -> None:
        count = len(_recorders(truce))
        make_version_3(truce)
        run = cli("--db", store_url, "append", str(truce.write(_late_text())))
        assert run.code == 0, run.err
        assert f"from schema version 3 to {SCHEMA_VERSION}" in run.err
        again = open_tracker(store_url, clock=clock)
        try:
            truce.tracker = again
            recorders = _recorders(truce)
            assert recorders[:count] == [None] * count and all(recorders[count:]) and len(recorders) > count
            assert cli("--db", store_url, "verify", "--deep").code == 0
            events = cli("--db", store_url, "timeline", PROPOSAL, "--json").json()
            events = events["events"] if isinstance(events, dict) else events
            assert events[0]["recorded_by"] is None
            assert "by not recorded (appended before the store kept it)" in cli("--db", store_url, "timeline",
                                                                                 PROPOSAL).out
        finally:
            again.close()


def _truce_text() -> str:
    return _late_text()


def _late_text() -> str:
    return """events:
  - id: ru-rejects-truce-late
    type: rejected
    proposal: truce-2025
    date: 2025-03-20
    party: RU
    reason: conditions not met
    sources: [src-daily]
"""
