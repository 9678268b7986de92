"""Steps of the ingestion workflow: write a file, validate it, read the refusals, fix it, append it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from tracker.application import json_output
from tracker.application.bootstrap import Tracker
from tracker.application.refusals import Refusal
from tracker.application.services import FileOutcome

FAR = date(2030, 1, 1)


@dataclass(frozen=True)
class Attempt:
    """What an append or validate did, with the store as it was before and after."""

    outcomes: list[FileOutcome]
    before: tuple[int, str]
    after: tuple[int, str]

    @property
    def refusals(self) -> list[Refusal]:
        return [r for o in self.outcomes for r in o.refusals]

    def first_refusal(self) -> Refusal:
        assert self.refusals, f"nothing was refused: {[o.outcome for o in self.outcomes]}"
        return self.refusals[0]


def fingerprint(tracker: Tracker) -> tuple[int, str]:
    report = json_output.status(tracker.queries.status(FAR))
    return tracker.queries.head(), json.dumps(report, sort_keys=True)


def run(tracker: Tracker, paths: list[Path], dry_run: bool) -> Attempt:
    before = fingerprint(tracker)
    outcomes = tracker.services.append_paths(paths, dry_run=dry_run)
    return Attempt(outcomes, before, fingerprint(tracker))


@pytest.fixture
def event_files(tmp_path: Path) -> Path:
    folder = tmp_path / "event-files"
    folder.mkdir()
    return folder


@given(parsers.parse('a file "{name}" containing:'))
def _(event_files: Path, name: str, docstring: str) -> None:
    (event_files / name).parent.mkdir(parents=True, exist_ok=True)
    (event_files / name).write_text(docstring + "\n", encoding="utf-8")


@given(parsers.parse('a file "{name}" containing the event {event}'))
def _(event_files: Path, name: str, event: str) -> None:
    (event_files / name).write_text(f"events:\n  - {event}\n", encoding="utf-8")


@given("a colleague's append holds the store's write lock")
def _(bdd_tracker: Tracker, request: pytest.FixtureRequest) -> None:
    """Another connection in the middle of an append, until the scenario ends: BEGIN IMMEDIATE on SQLite, the
    store's advisory lock on PostgreSQL. Anything that took the lock would wait for it (60 s, then fail)."""
    store = bdd_tracker.services.store
    writer = store.raw().connect().execution_options(tracker_write=True)
    transaction = writer.begin()
    if store.dialect == "postgresql":
        writer.exec_driver_sql("SELECT pg_advisory_xact_lock(%(k)s, hashtext(current_schema()))", {"k": 0x7472_6163})

    def release() -> None:
        transaction.rollback()
        writer.close()

    request.addfinalizer(release)


@given(parsers.parse('a file "{name}" with the bytes "{text}" that are not UTF-8'))
def _(event_files: Path, name: str, text: str) -> None:
    (event_files / name).write_bytes(b"events:\n  - {note: " + text.encode() + b"\xe9}\n")


@given(parsers.parse('an empty file "{name}"'))
def _(event_files: Path, name: str) -> None:
    (event_files / name).write_bytes(b"")


@when(parsers.parse('I replace "{old}" with "{new}" in "{name}"'))
def _(event_files: Path, old: str, new: str, name: str) -> None:
    path = event_files / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@when(parsers.parse('I validate "{name}"'), target_fixture="attempt")
def _(bdd_tracker: Tracker, event_files: Path, name: str) -> Attempt:
    return run(bdd_tracker, [event_files / n.strip() for n in name.split('", "')], dry_run=True)


@when(parsers.parse('I append "{name}"'), target_fixture="attempt")
def _(bdd_tracker: Tracker, event_files: Path, name: str) -> Attempt:
    return run(bdd_tracker, [event_files / n.strip() for n in name.split('", "')], dry_run=False)


@when("I append the folder of event files", target_fixture="attempt")
def _(bdd_tracker: Tracker, event_files: Path) -> Attempt:
    return run(bdd_tracker, [event_files], dry_run=False)


@then("the file is valid")
def _(attempt: Attempt) -> None:
    assert [o.outcome for o in attempt.outcomes] == ["valid"], [str(r) for r in attempt.refusals]


@then(parsers.parse("the file is appended with {count:d} new events"))
@then(parsers.parse("the file is appended with {count:d} new event"))
def _(attempt: Attempt, count: int) -> None:
    (outcome,) = attempt.outcomes
    assert (outcome.outcome, outcome.appended) == ("appended", count), [str(r) for r in outcome.refusals]


@then("the file adds nothing")
def _(attempt: Attempt) -> None:
    assert [(o.outcome, o.appended) for o in attempt.outcomes] == [("unchanged", 0)]


@then("the file is refused")
def _(attempt: Attempt) -> None:
    assert [o.outcome for o in attempt.outcomes] == ["refused"]


@then(parsers.parse('the files are reported as "{outcomes}"'))
def _(attempt: Attempt, outcomes: str) -> None:
    found = [f"{Path(o.file).name} {o.outcome}" for o in attempt.outcomes]
    assert found == outcomes.split(", ")


@then(parsers.parse("the refusal points at line {line:d}, column {column:d}, field \"{field}\""))
def _(attempt: Attempt, line: int, column: int, field: str) -> None:
    r = attempt.first_refusal()
    assert (r.line, r.column, r.field) == (line, column, field), str(r)


@then(parsers.parse('the refusal points at field "{field}"'))
def _(attempt: Attempt, field: str) -> None:
    r = attempt.first_refusal()
    assert r.field == field and r.line is not None and r.column is not None, str(r)


@then(parsers.parse("the refusal points at line {line:d}, column {column:d}"))
def _(attempt: Attempt, line: int, column: int) -> None:
    r = attempt.first_refusal()
    assert (r.line, r.column) == (line, column), str(r)


@then(parsers.parse('the refusal names the file "{name}"'))
def _(attempt: Attempt, name: str) -> None:
    assert Path(attempt.first_refusal().file).name == name


@then(parsers.parse('the refusal says "{text}"'))
def _(attempt: Attempt, text: str) -> None:
    assert text in str(attempt.first_refusal()), str(attempt.first_refusal())


@then(parsers.parse('the suggestion is "{hint}"'))
def _(attempt: Attempt, hint: str) -> None:
    assert attempt.first_refusal().suggestion == (None if hint == "none" else hint)


@then(parsers.parse("the refusal lists {count:d} problems"))
def _(attempt: Attempt, count: int) -> None:
    assert len(attempt.refusals) == count, [str(r) for r in attempt.refusals]


@then("the store did not change")
def _(attempt: Attempt) -> None:
    assert attempt.after == attempt.before


@then("the store changed")
def _(attempt: Attempt) -> None:
    assert attempt.after != attempt.before
