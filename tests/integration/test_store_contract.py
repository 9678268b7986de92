"""The store's contract (DOMAIN.md, 'What the store guarantees'), run on SQLite always and on PostgreSQL when set."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from journal_kit import Journal, Run
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.domain.errors import ConcurrencyConflict
from tracker.ingest.batch import read_batch
from tracker.ingest.yaml_loader import load
from tracker.store.sql import SCHEMA_VERSION

LATE_HISTORY = [
    # (recorded at, file): an eventful history with back-dated news, retractions and imprecise dates.
    ("2025-03-18T20:00:00Z", """
        events:
          - {id: ru-rejects, type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU, reason: aid first}
          - {id: talks-jeddah, type: talks_held, proposal: truce-2025, date: 2025-03-18, participants: [US, UA], location: Jeddah}
    """),
    ("2025-03-19T09:00:00Z", """
        events:
          - {id: ru-reviewed-early, type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU, note: late news}
          - {id: v-1, type: violation_reported, proposal: truce-2025, date: 2025-03-14, party: UA, against: RU, terms: [halt], disputed_by: [RU]}
    """),
    ("2025-03-21T09:00:00Z", """
        events:
          - {id: us-amends, type: amended, proposal: truce-2025, date: 2025-03-20, party: US,
             replace_terms: [{id: halt, text: Halt of strikes on energy}], add_terms: [{id: monitors, text: OSCE monitors}]}
          - {id: ru-partial, type: accepted, proposal: truce-2025, date: 2025-03-20, party: RU, terms: [swap]}
    """),
    ("2025-03-22T09:00:00Z", """
        events:
          - {id: fix-ru-rejects, type: retracted, proposal: truce-2025, date: 2025-03-22, retracts: ru-rejects, reason: misquoted}
          - {id: us-proposes-grain, type: proposed, proposal: grain-2025, date: 2025-03, party: US, title: Grain, kind: maritime, parties: [UA, RU]}
          - {id: ua-grain, type: accepted, proposal: grain-2025, date: 2025-03, party: UA}
    """),
    ("2025-03-26T09:00:00Z", """
        events:
          - {id: ua-accepts-rev2, type: accepted, proposal: truce-2025, date: 2025-03-24, party: UA}
          - {id: ru-accepts-rev2, type: accepted, proposal: truce-2025, date: 2025-03-25, party: RU, conditions: [monitors first]}
          - {id: truce-in-force, type: in_force, proposal: truce-2025, date: 2025-03-25, starts: 2025-03-26}
    """),
    ("2025-03-27T09:00:00Z", """
        events:
          - {id: fix-amendment, type: retracted, proposal: truce-2025, date: 2025-03-27, retracts: us-amends, reason: was a draft}
          - {id: ru-grain-late, type: rejected, proposal: grain-2025, date: 2025-03-15, party: RU}
    """),
    ("2025-04-10T09:00:00Z", """
        events:
          - {id: truce-ends, type: ended, proposal: truce-2025, date: 2025-04-05, reason: collapsed}
          - {id: fix-grain, type: retracted, proposal: grain-2025, date: 2025-04-10, retracts: ru-grain-late, reason: wrong country}
    """),
]
AS_OF = ["2025-03-11", "2025-03-13", "2025-03-18", "2025-03-20", "2025-03-26", "2025-04-05", "2025-05-01"]


def instant(text_: str) -> datetime:
    return datetime.fromisoformat(text_.replace("Z", "+00:00"))


def positions(tracker: Tracker) -> list[tuple[int, str, int, str]]:
    with tracker.services.store.raw().connect() as conn:
        rows = conn.execute(text("SELECT position, stream_id, stream_version, recorded_at FROM events ORDER BY position"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def snapshots(tracker: Tracker) -> list[tuple[Any, ...]]:
    with tracker.services.store.session() as session:
        return [tuple(r) for r in session.all_snapshots()]


def drop_append_only_triggers(tracker: Tracker) -> None:
    store = tracker.services.store
    statements = (["DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"] if store.dialect == "sqlite"
                  else ["DROP TRIGGER events_no_change ON events"])
    with store.raw().begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


class TestAppendAndRead:
    def test_appended_events_read_back_in_fold_order_with_their_content(self, truce: Journal) -> None:
        events = truce.tracker.queries.timeline("truce-2025")
        assert [(e.id, e.type, e.date, e.party, e.revision) for e in events] == [
            ("us-proposes-truce", "proposed", "2025-03-11", "US", 1), ("ua-accepts-truce", "accepted", "2025-03-12", "UA", 1)]
        assert events[0].fields["terms"][1] == {"id": "swap", "text": "Exchange of prisoners"}
        assert [s.id for s in events[1].sources] == ["src-daily"]

    def test_an_event_is_found_by_its_id(self, truce: Journal) -> None:
        view = truce.tracker.queries.event("ua-accepts-truce")
        assert view is not None and (view.proposal, view.party) == ("truce-2025", "UA")
        assert truce.tracker.queries.event("nope") is None

    def test_the_registry_keeps_parties_with_their_aliases(self, journal: Journal) -> None:
        parties = journal.tracker.queries.parties()
        assert parties["UA"].aliases == ("Kyiv", "Kiev") and parties["EU"].name == "European Union"

    def test_positions_are_gap_free_and_stream_versions_count_per_proposal(self, truce: Journal) -> None:
        for at, batch in LATE_HISTORY[:4]:
            truce.append_ok(batch, at=at)
        truce.append("events: [{type: accepted, proposal: truce-2025, date: 2025-03-30, party: RUS}]")  # refused
        rows = positions(truce.tracker)
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and truce.head() == len(rows)
        versions: dict[str, list[int]] = {}
        for _, stream, version, _ in rows:
            versions.setdefault(stream, []).append(version)
        assert versions == {"truce-2025": list(range(1, 10)), "grain-2025": [1, 2]}

    def test_a_batch_gets_one_instant_and_instants_strictly_increase_even_if_the_clock_goes_back(
        self, truce: Journal
    ) -> None:
        truce.append_ok(LATE_HISTORY[0][1], at="2025-03-18T20:00:00Z")
        truce.append_ok(LATE_HISTORY[1][1], at="2025-03-18T19:00:00Z")  # a clock set back
        truce.append_ok("events: [{type: reviewing, proposal: truce-2025, date: 2025-03-15, party: UA}]")  # same instant
        rows = positions(truce.tracker)
        by_batch = [[r[3] for r in rows[i:j]] for i, j in ((0, 2), (2, 4), (4, 6), (6, 7))]
        assert all(len(set(instants)) == 1 for instants in by_batch)
        firsts = [instants[0] for instants in by_batch]
        assert firsts == sorted(firsts) and len(set(firsts)) == 4
        assert firsts[1] == "2025-03-18T20:00:00.000000Z"

    def test_concurrent_writers_and_a_follower_by_position_never_skip_an_event(
        self, journal: Journal, store_url: str, clock: Any
    ) -> None:
        writers = [open_tracker(store_url, clock=clock) for _ in range(2)]
        seen: list[int] = []
        failures: list[str] = []
        done = threading.Event()

        def write(w: int, tracker: Tracker) -> None:
            files = [f"events: [{{type: proposed, proposal: p-{w}, date: 2025-03-11, party: US, title: T, kind: other, "
                     f"parties: [UA]}}]"]
            files += [f"events: [{{type: talks_held, proposal: p-{w}, date: 2025-03-12, participants: [US], "
                      f"location: room {i}}}, {{type: reviewing, proposal: p-{w}, date: 2025-03-12, party: UA, note: n{i}}}]"
                      for i in range(6)]
            for i, data in enumerate(files):
                outcome = tracker.services.append_bytes(data.encode(), f"w{w}-{i}.yaml")
                if outcome.outcome != "appended":
                    failures.append(f"{outcome.file}: {outcome.outcome} {[str(r) for r in outcome.refusals]}")

        def follow() -> None:
            last = 0
            with journal.tracker.services.store.raw().connect() as conn:
                while True:
                    finished = done.is_set()
                    rows = conn.execute(text("SELECT position FROM events WHERE position > :p ORDER BY position"),
                                        {"p": last}).scalars().all()
                    conn.commit()
                    seen.extend(rows)
                    last = rows[-1] if rows else last
                    if finished:
                        return

        follower = threading.Thread(target=follow)
        follower.start()
        threads = [threading.Thread(target=write, args=(w, t)) for w, t in enumerate(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        done.set()
        follower.join()
        for w in writers:
            w.close()
        assert failures == []
        assert journal.head() == 2 * 13 and seen == list(range(1, journal.head() + 1))
        assert journal.tracker.services.verify() == []


class TestExpectedVersions:
    def batch(self, journal: Journal) -> Any:
        data = load("events: [{type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU}]")
        return read_batch(data, journal.tracker.services.registry())

    def test_a_batch_expecting_an_older_version_raises_a_conflict_and_writes_nothing(self, truce: Journal) -> None:
        head, before = truce.head(), truce.status("2025-03-31")
        with pytest.raises(ConcurrencyConflict) as info:
            truce.tracker.services.append_batch(self.batch(truce), expected_versions={"truce-2025": 1})
        assert (info.value.stream, info.value.expected, info.value.actual) == ("truce-2025", 1, 2)
        assert truce.head() == head and truce.status("2025-03-31") == before

    def test_a_batch_expecting_the_current_version_is_appended(self, truce: Journal) -> None:
        outcome = truce.tracker.services.append_batch(self.batch(truce), expected_versions={"truce-2025": 2})
        assert outcome.outcome == "appended" and truce.head() == 3


class TestIdempotency:
    def test_the_same_file_twice_adds_nothing(self, truce: Journal) -> None:
        head, snaps = truce.head(), snapshots(truce.tracker)
        outcome = truce.append_fixture("truce.yaml")
        assert (outcome.outcome, outcome.appended, outcome.unchanged) == ("unchanged", 0, 2)
        assert truce.head() == head and snapshots(truce.tracker) == snaps

    def test_an_event_without_id_written_again_with_an_alias_is_the_same_event(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU}]")
        again = truce.append_ok("events: [{type: rejected, proposal: truce-2025, date: 2025-03-18, party: Kremlin}]")
        assert (again.outcome, again.unchanged) == ("unchanged", 1)

    def test_the_same_id_with_different_content_is_refused(self, truce: Journal) -> None:
        head = truce.head()
        outcome = truce.append("events:\n  - {id: ua-accepts-truce, type: rejected, proposal: truce-2025, date: 2025-03-12, party: UA}\n")
        assert outcome.outcome == "refused" and truce.head() == head
        (refusal,) = outcome.refusals
        assert (refusal.field, refusal.line, refusal.column) == ("events[0].id", 2, 10)
        assert "already used by a different event" in refusal.message


class TestAtomicBatches:
    def test_one_bad_event_among_good_ones_appends_nothing_not_even_the_files_registry(self, truce: Journal) -> None:
        head, before = truce.head(), truce.status("2025-12-31")
        outcome = truce.append("""
            parties: [{id: TR, name: Turkey, aliases: [Ankara]}]
            events:
              - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
              - {type: talks_held, proposal: truce-2025, date: 2025-03-14, participants: [TR, UA], location: Istanbul}
              - {type: accepted, proposal: truce-2025, date: 2025-03-15, party: RUS}
        """)
        assert outcome.outcome == "refused"
        assert [r.field for r in outcome.refusals] == ["events[2].party"]
        assert truce.head() == head and truce.status("2025-12-31") == before
        assert "TR" not in truce.tracker.queries.parties()


class TestAppendOnly:
    @pytest.mark.parametrize("statement", ["UPDATE events SET party = 'RU' WHERE position = 1",
                                           "DELETE FROM events WHERE position = 2",
                                           "DELETE FROM events"])
    def test_the_database_refuses_to_change_or_remove_an_event(self, truce: Journal, statement: str) -> None:
        before = positions(truce.tracker)
        with pytest.raises(DBAPIError, match="append-only"):
            with truce.tracker.services.store.raw().begin() as conn:
                conn.exec_driver_sql(statement)
        assert positions(truce.tracker) == before

    def test_postgresql_refuses_truncate_too(self, truce: Journal) -> None:
        if truce.tracker.services.store.dialect != "postgresql":
            pytest.skip("TRUNCATE is a PostgreSQL statement")
        with pytest.raises(DBAPIError, match="append-only"):
            with truce.tracker.services.store.raw().begin() as conn:
                conn.exec_driver_sql("TRUNCATE events")


class TestVerify:
    def test_an_untouched_store_verifies(self, truce: Journal, store_url: str, cli: Callable[..., Run]) -> None:
        assert truce.tracker.services.verify() == []
        run = cli("--db", store_url, "verify")
        assert run.code == 0 and "verified: 2 events" in run.out

    def test_a_row_altered_behind_the_stores_back_is_named_by_its_position(
        self, truce: Journal, store_url: str, cli: Callable[..., Run]
    ) -> None:
        for at, batch in LATE_HISTORY[:2]:
            truce.append_ok(batch, at=at)
        drop_append_only_triggers(truce.tracker)
        with truce.tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("UPDATE events SET payload = replace(payload, 'aid first', 'aid later') WHERE position = 3")
        (problem,) = truce.tracker.services.verify()
        assert problem.position == 3 and "ru-rejects" in problem.message
        run = cli("--db", store_url, "verify")
        assert run.code == 1 and "FAILED at position 3" in run.err
        run = cli("--db", store_url, "verify", "--json")
        assert run.code == 1 and run.json()["first_bad_position"] == 3 and run.json()["ok"] is False

    def test_a_row_deleted_behind_the_stores_back_is_found_missing(
        self, truce: Journal, store_url: str, cli: Callable[..., Run]
    ) -> None:
        truce.append_ok(LATE_HISTORY[0][1], at=LATE_HISTORY[0][0])
        drop_append_only_triggers(truce.tracker)
        with truce.tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("DELETE FROM events WHERE position = 2")
        assert [p.position for p in truce.tracker.services.verify()] == [2]
        run = cli("--db", store_url, "verify")
        assert run.code == 1 and "position 2" in run.err

    def test_a_reordered_log_is_found(self, truce: Journal) -> None:
        drop_append_only_triggers(truce.tracker)
        with truce.tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("UPDATE events SET recorded_at = '2020-01-01T00:00:00.000000Z' WHERE position = 1")
        assert [p.position for p in truce.tracker.services.verify()] == [1]


class TestProjectionCache:
    def test_the_maintained_snapshots_equal_a_rebuild_after_late_events_and_retractions(self, truce: Journal) -> None:
        for at, batch in LATE_HISTORY:
            truce.append_ok(batch, at=at)
        maintained = snapshots(truce.tracker)
        assert truce.tracker.services.rebuild() == truce.head()
        assert snapshots(truce.tracker) == maintained

    def test_batches_over_many_proposals_keep_the_snapshots_a_rebuild_gives(self, truce: Journal) -> None:
        # Past a few proposals a batch's lookups go as one statement over arrays (PostgreSQL): late and
        # back-dated events, a retraction and a second round over the same proposals go through that path.
        names = [f"plan-{k:02d}" for k in range(12)]
        truce.append_ok("events:\n" + "".join(
            f"  - {{id: {n}-p, type: proposed, proposal: {n}, date: 2025-03-{k + 1:02d}, party: US, title: T {k}, "
            "kind: full_ceasefire, parties: [UA, RU], terms: [{id: halt, text: Halt}]}\n"
            for k, n in enumerate(names)), at="2025-03-20T09:00:00Z")
        truce.append_ok("events:\n" + "".join(
            f"  - {{id: {n}-ua, type: accepted, proposal: {n}, date: 2025-03-{k + 10:02d}, party: UA}}\n"
            f"  - {{id: {n}-ru, type: rejected, proposal: {n}, date: 2025-03-{k + 2:02d}, party: RU}}\n"
            for k, n in enumerate(names)), at="2025-03-21T09:00:00Z")
        truce.append_ok("events:\n" + "".join(
            f"  - {{id: {n}-ru2, type: reviewing, proposal: {n}, date: 2025-03-{k + 3:02d}, party: RU}}\n"
            f"  - {{id: {n}-fix, type: retracted, proposal: {n}, date: 2025-03-28, retracts: {n}-ru, reason: misquoted}}\n"
            for k, n in enumerate(names)), at="2025-03-29T09:00:00Z")
        truce.append_ok("events:\n" + "".join(  # on the very day of a stored event: it is folded again
            f"  - {{id: {n}-ru3, type: accepted, proposal: {n}, date: 2025-03-{k + 10:02d}, party: RU}}\n"
            for k, n in enumerate(names)), at="2025-03-30T09:00:00Z")
        maintained = snapshots(truce.tracker)
        positions = truce.status("2025-03-30", proposal="plan-03")["proposals"][0]["positions"]
        assert (positions["UA"]["position"], positions["RU"]["position"]) == ("accepted", "accepted")
        assert truce.tracker.services.rebuild() == truce.head()
        assert snapshots(truce.tracker) == maintained

    def test_a_rebuild_by_worker_processes_writes_the_rows_one_process_writes(
            self, truce: Journal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        from tracker.application import parallel_replay, projector

        for at, batch in LATE_HISTORY:
            truce.append_ok(batch, at=at)
        maintained = snapshots(truce.tracker)
        monkeypatch.setenv("TRACKER_REBUILD_WORKERS", "2")
        monkeypatch.setattr(parallel_replay, "_CHUNK_EVENTS", 1)  # a piece of work per proposal: both workers busy
        assert parallel_replay.workers_for(truce.tracker.services.store, truce.head()) == 2
        replay = projector.replayed_chunk

        def noted(*args: Any) -> Any:  # each process that replays leaves its id
            (tmp_path / f"replayed-by-{os.getpid()}").touch()
            return replay(*args)

        monkeypatch.setattr(projector, "replayed_chunk", noted)
        assert truce.tracker.services.rebuild() == truce.head()
        assert snapshots(truce.tracker) == maintained
        by = {int(f.name.rsplit("-", 1)[1]) for f in tmp_path.glob("replayed-by-*")}
        assert by and os.getpid() not in by

    def test_a_rebuild_after_the_snapshots_were_lost_restores_every_view(self, truce: Journal) -> None:
        for at, batch in LATE_HISTORY:
            truce.append_ok(batch, at=at)
        views = {(d, k): truce.status(d, instant(k)) for d in AS_OF for k, _ in LATE_HISTORY}
        with truce.tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("DELETE FROM snapshots")
        truce.tracker.services.rebuild()
        assert {(d, k): truce.status(d, instant(k)) for d in AS_OF for k, _ in LATE_HISTORY} == views


class TestKnownOnReproducesThePast:
    def test_every_view_taken_after_a_batch_is_reproduced_exactly_later(self, truce: Journal) -> None:
        taken: dict[tuple[str, str], dict[str, Any]] = {}
        timelines: dict[str, list[Any]] = {}
        for at, batch in LATE_HISTORY:
            truce.append_ok(batch, at=at)
            for as_of in AS_OF:
                taken[(at, as_of)] = truce.status(as_of)
            timelines[at] = truce.tracker.queries.timeline("truce-2025")
        for (at, as_of), view in taken.items():
            assert truce.status(as_of, instant(at)) == {**view, "known_on": at}, (at, as_of)
        for at, events in timelines.items():
            assert truce.tracker.queries.timeline("truce-2025", known_on=instant(at)) == events, at

    def test_an_instant_between_two_batches_sees_the_first_only(self, truce: Journal) -> None:
        truce.append_ok(LATE_HISTORY[0][1], at="2025-03-18T20:00:00Z")
        between = instant("2025-03-18T19:59:59.999999Z")
        assert truce.proposal("truce-2025", "2025-03-31", between)["status"] == "negotiating"  # type: ignore[index]
        assert truce.proposal("truce-2025", "2025-03-31")["status"] == "rejected"  # type: ignore[index]

    def test_before_anything_was_recorded_the_store_knew_no_proposal(self, truce: Journal) -> None:
        assert truce.status("2025-12-31", datetime(2020, 1, 1, tzinfo=timezone.utc))["proposals"] == []


class TestBackends:
    def test_a_reopened_store_keeps_its_events_and_views(self, truce: Journal, store_url: str, clock: Any) -> None:
        before = truce.status("2025-03-31")
        again = open_tracker(store_url, clock=clock)
        try:
            assert again.queries.head() == 2
            assert again.queries.status(date(2025, 3, 31)).proposals == truce.tracker.queries.status(
                date(2025, 3, 31)).proposals
        finally:
            again.close()
        assert truce.status("2025-03-31") == before

    def test_event_days_list_every_day_on_which_something_counts(self, truce: Journal) -> None:
        truce.append_ok(LATE_HISTORY[0][1], at=LATE_HISTORY[0][0])
        assert truce.tracker.queries.event_days() == [date(2025, 3, 11), date(2025, 3, 12), date(2025, 3, 18)]
        earlier = instant("2025-03-13T00:00:00Z")
        assert truce.tracker.queries.event_days(earlier) == [date(2025, 3, 11), date(2025, 3, 12)]
        assert truce.tracker.queries.proposal_ids() == ["truce-2025"]

    def test_a_store_made_before_an_index_existed_gets_it_when_opened(self, truce: Journal, store_url: str,
                                                                     clock: Any) -> None:
        with truce.tracker.services.store.raw().begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_events_stream_retractions")
            conn.exec_driver_sql("UPDATE tracker_meta SET value = '1' WHERE key = 'schema_version'")
            conn.exec_driver_sql("DROP TABLE alembic_version")  # a release from before the Alembic revisions
        again = open_tracker(store_url, clock=clock)
        try:
            from sqlalchemy import inspect

            names = {ix["name"] for ix in inspect(again.services.store.raw()).get_indexes("events")}
            assert {"ix_events_stream_retractions", "ix_events_effective", "ix_events_recorded_position"} <= names
            with again.services.store.raw().connect() as conn:
                assert conn.exec_driver_sql("SELECT value FROM tracker_meta WHERE key = 'schema_version'").scalar() == str(SCHEMA_VERSION)
        finally:
            again.close()

    def test_known_on_picks_the_last_position_of_the_last_batch_recorded_by_then(self, truce: Journal) -> None:
        for at, body in LATE_HISTORY[:3]:
            truce.append_ok(body, at=at)
        with truce.tracker.services.store.session() as session:
            assert session.position_known_on(instant("2025-03-19T09:00:00Z")) == 6
            assert session.position_known_on(instant("2025-03-19T08:59:59Z")) == 4
            assert session.position_known_on(instant("2025-03-21T09:00:00.000001Z")) == 8
            assert session.position_known_on(datetime(2020, 1, 1, tzinfo=timezone.utc)) == 0
