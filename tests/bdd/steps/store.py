"""Given steps that build a store: the test registry, the bundled dataset, and events recorded at chosen instants."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers

from tracker.application.bootstrap import Tracker, open_tracker

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LIST_FIELDS = {"parties", "participants", "disputed_by", "remove_terms", "sources"}  # comma-separated
SENTENCE_LISTS = {"conditions"}  # semicolon-separated: a condition may contain a comma
TERM_LISTS = {"add_terms", "replace_terms"}
NUMBERS = {"duration_days"}


def instant(text: str) -> datetime:
    """'2025-03-18 20:00 UTC', '2025-03-18T20:00Z' or a plain date (its start)."""
    cleaned = text.strip().replace(" UTC", "+00:00").replace("Z", "+00:00").replace(" ", "T")
    value = datetime.fromisoformat(cleaned)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _terms(cell: str) -> list[dict[str, str]]:
    """'halt: Halt of hostilities; swap: Exchange of prisoners' -> [{id, text}, ...]."""
    pairs = [part.split(":", 1) for part in cell.split(";") if part.strip()]
    return [{"id": key.strip(), "text": text.strip()} for key, text in pairs]


def events_from_table(datatable: list[list[str]]) -> list[dict[str, Any]]:
    """One event per row; the header names the fields; empty cells are left out.

    Lists are comma-separated (conditions: semicolon-separated); terms with text read 'id: text; id: text'.
    """
    header, *rows = datatable
    events = []
    for row in rows:
        event: dict[str, Any] = {}
        for name, cell in zip(header, row):
            cell = cell.strip()
            if not cell:
                continue
            if name in NUMBERS:
                event[name] = int(cell)
            elif name in TERM_LISTS or (name == "terms" and ":" in cell):
                event[name] = _terms(cell)
            elif name in SENTENCE_LISTS:
                event[name] = [v.strip() for v in cell.split(";") if v.strip()]
            elif name in LIST_FIELDS or name == "terms":
                event[name] = [v.strip() for v in cell.split(",") if v.strip()]
            else:
                event[name] = cell
        events.append(event)
    return events


def append_or_fail(tracker: Tracker, data: bytes, name: str) -> None:
    outcome = tracker.services.append_bytes(data, name)
    assert outcome.outcome in ("appended", "unchanged"), "\n".join(str(r) for r in outcome.refusals)


@pytest.fixture
def bdd_tracker(tmp_path: Path, clock: Any) -> Iterator[Tracker]:
    """An empty store (SQLite) whose clock the scenario sets."""
    opened = open_tracker(f"sqlite:///{tmp_path / 'scenario.db'}", clock=clock)
    yield opened
    opened.close()


@given("a store with the test parties UA, RU, US and EU")
def _(bdd_tracker: Tracker, clock: Any) -> None:
    clock.set("2025-01-01T00:00:00Z")
    append_or_fail(bdd_tracker, (FIXTURES / "registry.yaml").read_bytes(), "registry.yaml")
    clock.set("2026-01-05T09:00:00Z")


@given("a store loaded with the bundled dataset", target_fixture="bdd_tracker")
def _(bundled_sqlite: Path, tmp_path: Path, clock: Any, request: pytest.FixtureRequest) -> Tracker:
    path = tmp_path / "bundled.db"
    shutil.copy(bundled_sqlite, path)
    opened = open_tracker(f"sqlite:///{path}", clock=clock)
    request.addfinalizer(opened.close)
    return opened


@given(parsers.parse("the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12"))
def _(bdd_tracker: Tracker, clock: Any) -> None:
    clock.set("2025-03-12T18:00:00Z")
    append_or_fail(bdd_tracker, (FIXTURES / "truce.yaml").read_bytes(), "truce.yaml")
    clock.set("2026-01-05T09:00:00Z")


@given(parsers.parse("these events were recorded on {when}:"))
def _(bdd_tracker: Tracker, clock: Any, when: str, datatable: list[list[str]]) -> None:
    clock.set(instant(when))
    append_or_fail(bdd_tracker, yaml.safe_dump({"events": events_from_table(datatable)}).encode(), "table.yaml")


@given("these events were recorded:")
def _(bdd_tracker: Tracker, datatable: list[list[str]]) -> None:
    append_or_fail(bdd_tracker, yaml.safe_dump({"events": events_from_table(datatable)}).encode(), "table.yaml")


@given(parsers.parse("this event file was appended on {when}:"))
def _(bdd_tracker: Tracker, clock: Any, when: str, docstring: str) -> None:
    clock.set(instant(when))
    append_or_fail(bdd_tracker, docstring.encode(), "docstring.yaml")


@given("this event file was appended:")
def _(bdd_tracker: Tracker, docstring: str) -> None:
    append_or_fail(bdd_tracker, docstring.encode(), "docstring.yaml")


@given(parsers.parse("today is {day}"))
def _(clock: Any, day: str) -> None:
    clock.set(instant(day + "T12:00:00Z"))
