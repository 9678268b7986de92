"""Dates in the store, on every backend: every form kept as written with its first and last day, stores
from earlier versions read and fold as before, and the command line never fails on a date at the edges."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from journal_kit import Journal, Run

from projection_check import assert_snapshots_equal_a_rebuild
from tracker.application.bootstrap import open_tracker
from tracker.store.sql import SCHEMA_VERSION

FORMS = """
    defaults: {proposal: truce-2025}
    events:
      - {id: ru-reviews, type: reviewing, date: 2025-03-05/2025-03-14, party: RU}
      - {id: eu-reviews, type: reviewing, date: 2025-03-13?, party: EU}
      - {id: ru-rejects, type: rejected, date: 2025-03-2X, party: RU}
      - {id: truce-talks, type: talks_held, date: 2025-03-20~, participants: [US, UA], location: Jeddah}
      - {id: truce-starts, type: in_force, date: 2025-03-21%, starts: 2025-03-10?/2025-03-16~}
"""


class TestEveryFormKeptAsWritten:
    def test_dates_come_back_as_written_with_their_first_and_last_day(self, truce: Journal) -> None:
        truce.append_ok(FORMS)
        rows = {e.id: e for e in truce.tracker.queries.timeline("truce-2025")}
        assert {i: rows[i].date for i in ("ru-reviews", "eu-reviews", "ru-rejects", "truce-talks", "truce-starts")} == {
            "ru-reviews": "2025-03-05/2025-03-14", "eu-reviews": "2025-03-13?", "ru-rejects": "2025-03-2X",
            "truce-talks": "2025-03-20~", "truce-starts": "2025-03-21%"}
        assert rows["ru-reviews"].effective == date(2025, 3, 11)  # counts from the proposal, not before
        assert rows["ru-rejects"].effective == date(2025, 3, 20)
        assert rows["truce-starts"].fields["starts"] == "2025-03-10?/2025-03-16~"
        with truce.tracker.services.store.session() as s:
            stored = {r.event_id: (r.date_text, date.fromordinal(r.date_start), date.fromordinal(r.date_end))
                      for r in s.stream_events("truce-2025")}
        assert stored["ru-reviews"] == ("2025-03-05/2025-03-14", date(2025, 3, 5), date(2025, 3, 14))
        assert stored["ru-rejects"] == ("2025-03-2X", date(2025, 3, 20), date(2025, 3, 29))

    def test_the_status_json_gives_every_date_as_written(self, truce: Journal) -> None:
        truce.append_ok(FORMS)
        view = truce.proposal("truce-2025", "2025-03-21")
        assert view is not None
        assert view["positions"]["RU"]["since"] == "2025-03-2X"
        assert view["positions"]["EU"]["since"] == "2025-03-13?"
        assert view["in_force"] == {"from": "2025-03-10", "until": "2025-04-09"}
        assert_snapshots_equal_a_rebuild(truce.tracker)


class TestStoresFromEarlierVersions:
    def test_a_version_2_store_is_widened_for_intervals_and_folds_as_before(self, truce: Journal, store_url: str,
                                                                         clock: Any) -> None:
        truce.append_ok("""
            events:
              - {id: ru-reviews-march, type: reviewing, proposal: truce-2025, date: 2025-03, party: RU}
              - {id: eu-reviews-2025, type: reviewing, proposal: truce-2025, date: 2025, party: EU}
        """)
        before = truce.status("2025-03-31")
        engine = truce.tracker.services.store.raw()
        with engine.begin() as conn:  # as version 2 made it: ten characters of date text
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("ALTER TABLE events ALTER COLUMN date_text TYPE VARCHAR(10)")
            conn.exec_driver_sql("UPDATE tracker_meta SET value = '2' WHERE key = 'schema_version'")
            conn.exec_driver_sql("DROP TABLE alembic_version")  # a release from before the Alembic revisions
        truce.tracker.close()
        again = open_tracker(store_url, clock=clock)
        try:
            with again.services.store.raw().connect() as conn:
                version = conn.exec_driver_sql("SELECT value FROM tracker_meta WHERE key = 'schema_version'").scalar()
            assert version == str(SCHEMA_VERSION)
            reopened = Journal(again, clock, truce.folder)
            assert reopened.status("2025-03-31") == before
            reopened.append_ok("""
                events:
                  - {type: rejected, proposal: truce-2025, date: 2025-03-10?/2025-03-16~, party: RU}
            """)
            assert reopened.proposal("truce-2025", "2025-03-31")["positions"]["RU"]["since"] == "2025-03-10?/2025-03-16~"
            assert_snapshots_equal_a_rebuild(again)
        finally:
            again.close()


class TestTheCommandLineAtTheEdges:
    def test_replay_to_the_calendars_last_day(self, cli: Callable[..., Run], truce: Journal, store_url: str) -> None:
        truce.tracker.close()
        run = cli("--db", store_url, "replay", "--to", "9999-12-31", "--json")
        assert run.code == 0, run.err
        assert run.json()["to"] == "9999-12-31"

    def test_known_on_beyond_the_calendar_in_utc(self, cli: Callable[..., Run], truce: Journal, store_url: str) -> None:
        truce.tracker.close()
        run = cli("--db", store_url, "status", "--known-on", "9999-12-31T23:00:00-05:00", "--json")
        assert run.code == 0, run.err
        assert run.json()["known_on"] == "9999-12-31T23:59:59.999999Z"
        early = cli("--db", store_url, "status", "--known-on", "0999-01-01", "--as-of", "2025-03-31", "--json")
        assert early.json()["proposals"] == []  # nothing was recorded by then (instants before 1000 sort right)

    def test_an_undocumented_spelling_of_an_instant_is_refused_with_the_documented_one(
            self, cli: Callable[..., Run], truce: Journal, store_url: str) -> None:
        truce.tracker.close()
        run = cli("--db", store_url, "status", "--known-on", "20250319")
        assert run.code == 2 and "did you mean '2025-03-19'?" in run.err

    def test_an_in_force_recorded_with_a_start_near_the_calendars_end(self, cli: Callable[..., Run], truce: Journal,
                                                                     store_url: str) -> None:
        """An earlier version checked only `date` for the future: such a `starts` may be on record."""
        truce.clock.set("9999-12-26T00:00:00Z")  # the only way to record it now: a clock that far ahead
        truce.append_ok("""
            events:
              - {type: in_force, proposal: truce-2025, date: 2025-03-20, starts: 9999-12-25}
        """)
        truce.tracker.close()
        for as_of in ("2025-03-31", "9999-12-31"):
            run = cli("--db", store_url, "status", "--as-of", as_of, "--json")
            assert run.code == 0, run.err
        assert run.json()["proposals"][0]["in_force"] == {"from": "9999-12-25", "until": "9999-12-31"}

    def test_starts_in_the_future_is_refused_now(self, truce: Journal) -> None:
        outcome = truce.append("""
            events:
              - {type: in_force, proposal: truce-2025, date: 2025-03-20, starts: 9999-12-25}
        """)
        assert outcome.outcome == "refused"
        assert "events[0].starts" in str(outcome.refusals[0]) and "in the future" in str(outcome.refusals[0])


def test_the_status_json_contract_accepts_every_date_form(truce: Journal) -> None:
    """The JSON Schema of `status --json` (tests/integration/schemas) takes dates as the event files do."""
    import json
    from pathlib import Path

    import jsonschema

    truce.append_ok(FORMS)
    schema = json.loads((Path(__file__).parent / "schemas" / "status.schema.json").read_text())
    jsonschema.validate(truce.status("2025-03-21"), schema)
