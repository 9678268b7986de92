"""Disputes on the command line: status and timeline tables and their JSON, on the corrected bundled journal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from journal_kit import Run

Cli = Callable[..., Run]


def test_status_marks_a_disputed_position_and_says_who_disputes_it(cli: Cli, db: str) -> None:
    run = cli("--db", db, "status", "--as-of", "2022-03-31")
    assert run.code == 0
    assert "● proposer (disputed)" in run.out or "●†" in run.out
    assert ("kyiv-chernihiv-deescalation-2022: RU proposer since 29 Mar 2022 is disputed by UA "
            "(event ru-proposes-kyiv-chernihiv-deescalation-2022-ed2)") in run.out


def test_status_json_gives_the_disputing_parties_of_a_position(cli: Cli, db: str) -> None:
    data = cli("--db", db, "status", "--as-of", "2022-03-31", "--json").json()
    pledge = next(p for p in data["proposals"] if p["id"] == "kyiv-chernihiv-deescalation-2022")
    assert pledge["positions"]["RU"]["disputed_by"] == ["UA"] and pledge["positions"]["RU"]["disputed"] is True
    istanbul = next(p for p in data["proposals"] if p["id"] == "istanbul-2022")
    assert "disputed" not in istanbul["positions"]["RU"]


def test_timeline_shows_the_dispute_beside_the_event(cli: Cli, db: str) -> None:
    run = cli("--db", db, "timeline", "ceasefire-30d-2025")
    assert run.code == 0
    assert "confirmed, disputed by US" in run.out
    assert "dispute: Trump contradicted the Kremlin's account" in run.out


def test_timeline_json_carries_disputed_by_and_the_note_on_every_event(cli: Cli, db: str) -> None:
    events = cli("--db", db, "timeline", "ceasefire-30d-2025", "--json").json()["events"]
    assert all({"disputed_by", "disputed", "dispute"} <= set(e) for e in events)
    call = next(e for e in events if e["id"] == "call-trump-putin-2025-03-18-ed2")
    assert call["disputed_by"] == ["US"] and call["disputed"] is True and call["dispute"].startswith("Trump")
    rejection = next(e for e in events if e["id"] == "ru-rejects-30d-2025-ed2")
    assert rejection["disputed"] is False and rejection["dispute"] is None
    assert "disputed_by" not in rejection["fields"]
