"""Every failure of one file is reported for that file, and the rest of a folder is still tried (issue 16,
point 2); the model's maximum lengths fit the columns on both databases.

A database error is provoked where it would really happen, in the write of the events, by a trigger that
fails the insert of one file's events the way a full disk does (SQLITE_FULL on SQLite, `disk_full` with the
server's own words on PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tracker.application.bootstrap import Tracker
from tracker.store.sql import SqlStore

from ._support import PARTIES, dump, event_ids, proposed, record, run_cli, store_digest
from .conftest import backend

pytestmark = pytest.mark.hostile


def fail_inserts_of(store: SqlStore, event_id: str) -> None:
    """From now on, writing the event `event_id` fails like a full disk."""
    with store.raw().begin() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql(f"CREATE TRIGGER disk_full BEFORE INSERT ON events WHEN NEW.event_id = '{event_id}' "
                                 "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION disk_full() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.event_id = '{event_id}' THEN RAISE EXCEPTION USING ERRCODE = 'disk_full', "
                "MESSAGE = 'could not extend file \"base/16384/16385\": No space left on device'; END IF; "
                "RETURN NEW; END; $$ LANGUAGE plpgsql")
            conn.exec_driver_sql("CREATE TRIGGER disk_full BEFORE INSERT ON events FOR EACH ROW "
                                 "EXECUTE FUNCTION disk_full()")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "01-a.yaml").write_bytes(dump({"parties": PARTIES, "events": [proposed("a")]}))
    (folder / "02-b.yaml").write_bytes(dump({"events": [proposed("b", note="x" * 3000)]}))
    (folder / "03-c.yaml").write_bytes(dump({"events": [proposed("c")]}))
    return folder


def test_a_database_error_refuses_its_file_and_the_folder_goes_on(tracker: Tracker, tmp_path: Path) -> None:
    fail_inserts_of(tracker.services.store, "b-proposed")
    run = run_cli(["--db", tracker.url, "append", str(_folder(tmp_path))])
    assert run.returncode == 1 and "Traceback" not in run.err, run.err
    assert "3 file(s): 2 appended, 0 unchanged, 1 refused" in run.out, run.out
    assert "refused   " in run.out and "02-b.yaml" in run.out
    line = next(x for x in run.err.splitlines() if "02-b.yaml" in x)
    assert "the disk holding the store is full" in line and "nothing appended" in line, run.err
    # One line, not SQLAlchemy's dump of the statement with every payload in it.
    assert "[SQL" not in run.err and "parameters" not in run.err and "xxxxxxxx" not in run.err, run.err
    assert event_ids(tracker.services.store) == ["a-proposed", "c-proposed"]
    record("failures", backend=backend(tracker.url), case="database error in the 2nd of 3 files",
           reported="the file's own line, exit 1", later_files_tried="yes")


def test_a_dry_run_takes_no_write_lock_and_leaves_write_failures_to_the_append(tracker: Tracker,
                                                                                tmp_path: Path) -> None:
    """A dry run plans each file in a reading transaction: it goes on while another writer holds the lock, writes
    nothing, and a failure that only writing meets (the full disk here) is the append's to report (above)."""
    fail_inserts_of(tracker.services.store, "b-proposed")
    before = store_digest(tracker.services.store)
    store = tracker.services.store
    # Another writer holds the store's write lock throughout (BEGIN IMMEDIATE on SQLite, the advisory lock on
    # PostgreSQL); a dry run that took it would wait for it (60 s, then fail).
    with store.raw().connect().execution_options(tracker_write=True) as writer, writer.begin():
        if store.dialect == "postgresql":
            writer.exec_driver_sql("SELECT pg_advisory_xact_lock(%(k)s, hashtext(current_schema()))", {"k": 0x7472_6163})
        outcomes = tracker.services.append_paths([_folder(tmp_path)], dry_run=True)
    assert [o.outcome for o in outcomes] == ["valid", "valid", "valid"], outcomes
    assert store_digest(tracker.services.store) == before


def _longest(prefix: str, length: int) -> str:
    return (prefix + "x" * length)[:length]


def test_the_models_longest_values_fit_the_columns(tracker: Tracker, clock: Any) -> None:
    """Every length at the model's maximum: on PostgreSQL a column narrower than the model refused these."""
    party_id = _longest("P", 32)
    long_alias = _longest("Alias-", 64)  # the longest reference an event can use
    source_id = _longest("src-", 128)
    proposal = _longest("proposal-", 128)
    parties = [*PARTIES, {"id": party_id, "name": _longest("Name ", 500),
                          "aliases": [long_alias, _longest("Other ", 500), "İ" * 500]}]  # lower-cased: 1,000
    sources = [{"id": source_id, "outlet": _longest("Outlet ", 500), "title": _longest("Title ", 500),
                "document": _longest("Doc ", 500), "url": "https://example.org/" + "p" * 1980, "language": "x" * 16,
                "facts": ["f" * 4000], "quote": "q" * 4000, "published": "2024-01-01"}]
    events = [
        {"id": _longest("ev-", 128), "type": "proposed", "proposal": proposal, "date": "2024-01-01",
         "party": long_alias, "title": _longest("Title ", 500), "kind": "other", "parties": [party_id, "UA"],
         "terms": [{"id": _longest("t-", 128), "text": "t" * 2000}], "note": "n" * 4000, "sources": [source_id]},
        {"id": _longest("ev2-", 128), "type": "accepted", "proposal": proposal, "date": "2024-01-02",
         "party": party_id, "conditions": ["c" * 4000], "sources": [{"outlet": "o" * 500, "quote": "q" * 4000,
                                                                    "url": "u" * 2000, "language": "l" * 16}]},
        {"id": _longest("ev3-", 128), "type": "talks_held", "proposal": proposal, "date": "2024-01-03",
         "participants": [party_id, "UA"], "location": "l" * 500, "outcome": "o" * 4000},
    ]
    outcome = tracker.services.append_bytes(dump({"parties": parties, "sources": sources, "events": events}),
                                            "longest.yaml")
    assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
    view = tracker.queries.status(proposal=proposal).proposals[0]
    assert view.positions[party_id].position in ("proposer", "conditional")
    assert tracker.services.verify(deep=True) == []
    record("failures", backend=backend(tracker.url), case="the model's maximum lengths", stored="all")
