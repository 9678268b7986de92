"""A store loaded with the first edition of the bundled dataset, then brought up to date with the corrected one
(on SQLite and PostgreSQL): an idempotent append of the files it lacks, announced in one line, with the first
edition still visible as known before the correction."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from journal_kit import FIXTURES

from projection_check import assert_snapshots_equal_a_rebuild
from tracker.application import bundled
from tracker.application.bootstrap import Tracker, open_tracker
from tracker.application.json_output import status as status_json
from tracker.cli import main

FIRST_EDITION = FIXTURES / "bundled-first-edition"
LOADED, CORRECTED = "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z"


def _first_edition_store(url: str, clock: Any) -> Tracker:
    clock.set(LOADED)
    opened = open_tracker(url, clock=clock)
    outcomes = bundled.bring_up_to_date(opened.services, everything=True, root=FIRST_EDITION)
    assert [o.outcome for o in outcomes] == ["appended"] * 7, [str(r) for o in outcomes for r in o.refusals]
    return opened


def test_the_first_edition_files_are_published_unchanged() -> None:
    """Corrections are new files: every file of the first edition ships byte for byte as it was published."""
    for path in sorted((FIRST_EDITION / "events").glob("*.yaml")):
        assert path.read_bytes() == (bundled.bundled_root() / "events" / path.name).read_bytes(), path.name


def test_a_first_edition_store_is_brought_up_to_date_once(store_url: str, clock: Any) -> None:
    opened = _first_edition_store(store_url, clock)
    try:
        before = status_json(opened.queries.status(date(2025, 12, 3)))
        head = opened.queries.head()
        assert bundled.missing_files(opened.store) != []
        clock.set(CORRECTED)
        outcomes = bundled.bring_up_to_date(opened.services)
        names = [Path(o.file).name for o in outcomes]
        assert names[0] == "sources.yaml" and all(n.startswith("correction-") for n in names[1:])
        assert {o.outcome for o in outcomes} == {"appended"}
        added = sum(o.appended for o in outcomes)
        assert opened.queries.head() == head + added
        line = bundled.notice(outcomes)
        assert line is not None and "\n" not in line and f"{added} event(s) added from {len(names) - 1} file(s)" in line
        # Idempotent: nothing is missing any more, and appending every file again adds nothing.
        assert bundled.missing_files(opened.store) == []
        assert bundled.bring_up_to_date(opened.services) == []
        again = bundled.bring_up_to_date(opened.services, everything=True)
        assert {o.outcome for o in again} == {"unchanged"} and opened.queries.head() == head + added
        assert bundled.notice(again) is None
        # What the tracker knew before the correction is exactly the first edition.
        known_before = datetime(2026, 1, 5, 12, tzinfo=timezone.utc)
        assert status_json(opened.queries.status(date(2025, 12, 3), known_before)) == {**before, "known_on": "2026-01-05T12:00:00Z"}
        after = opened.queries.status(date(2025, 3, 19))
        assert len(after.get("energy-strike-pause-2025").violations) == 3
        assert opened.services.verify() == []
        assert_snapshots_equal_a_rebuild(opened)
    finally:
        opened.close()


def test_the_default_store_picks_up_new_bundled_files_when_opened(tmp_path: Path, clock: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'tracker.db'}"
    monkeypatch.setattr(bundled, "bundled_root", lambda: FIRST_EDITION)
    clock.set(LOADED)
    first = open_tracker(url, clock=clock, bundled_if_new=True)
    assert first.notice is None and len(first.first_run) == 7
    first.close()
    monkeypatch.undo()
    clock.set(CORRECTED)
    second = open_tracker(url, clock=clock, bundled_if_new=True)
    assert second.notice and second.notice.startswith("tracker: bundled dataset updated:")
    second.close()
    third = open_tracker(url, clock=clock, bundled_if_new=True)
    assert third.notice is None
    third.close()


def test_a_refused_bundled_file_is_announced_once_and_retried_by_init(tmp_path: Path, clock: Any,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A store whose own appends clash with a correction: the open says so once; `init --bundled` shows why."""
    db = tmp_path / "mine.db"
    opened = _first_edition_store(f"sqlite:///{db}", clock)
    clash = tmp_path / "clash.yaml"
    clash.write_text("events:\n  - {id: my-fix, type: retracted, proposal: istanbul-2022, date: 2022-03-29,\n"
                     "     retracts: ru-reviewing-istanbul-2022-03-29, reason: my own correction}\n")
    assert opened.services.append_file(clash).outcome == "appended"
    outcomes = bundled.bring_up_to_date(opened.services)
    refused = [Path(o.file).name for o in outcomes if o.outcome == "refused"]
    # The second correction re-dates an event the refused file would have added, so it is refused with it.
    assert refused == ["correction-1-istanbul-2022.yaml", "correction-2-dates.yaml"]
    assert "refused (correction-1-istanbul-2022.yaml, correction-2-dates.yaml)" in (bundled.notice(outcomes) or "")
    assert bundled.bring_up_to_date(opened.services) == []  # not tried again on every open
    opened.close()
    assert main(["--db", str(db), "init", "--bundled"]) == 1
    err = capsys.readouterr().err
    assert "correction-1-istanbul-2022.yaml" in err and "already retracted" in err


def test_init_bundled_brings_any_store_up_to_date(tmp_path: Path, clock: Any, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    _first_edition_store(f"sqlite:///{db}", clock).close()
    assert main(["--db", str(db), "init", "--bundled"]) == 0
    out = capsys.readouterr().out
    assert "appended  " in out and "correction-1-the-28-point-plan.yaml" in out
    assert main(["--db", str(db), "init", "--bundled"]) == 0
    assert "0 appended" in capsys.readouterr().out.splitlines()[-1]


def test_a_copy_of_the_bundle_outside_the_package_is_read_from_its_own_root(tmp_path: Path) -> None:
    root = tmp_path / "bundle"
    shutil.copytree(FIRST_EDITION, root)
    names = [f"{p.parent.name}/{p.name}" for p in bundled.bundled_files(root)]
    assert names[0] == "seeds/sources.yaml" and len(names) == 7
