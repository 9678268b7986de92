"""Fixtures of the integration tests: a journal over every backend, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from journal_kit import LATER, Journal, Run

from tracker.application.bootstrap import Tracker
from tracker.cli import main


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may reach the user's default store; tables are wide enough not to fold ids."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "220")


@pytest.fixture
def journal(tracker: Tracker, clock: Any, tmp_path: Path) -> Journal:
    """A store (every backend) holding the test registry of parties and sources."""
    folder = tmp_path / "files"
    folder.mkdir()
    j = Journal(tracker, clock, folder)
    j.append_fixture("registry.yaml", at="2025-03-01T08:00:00Z")
    clock.set(LATER)
    return j


@pytest.fixture
def truce(journal: Journal) -> Journal:
    """The test registry plus the 30-day truce (proposed 2025-03-11 by the US, accepted by Ukraine on 03-12)."""
    journal.append_fixture("truce.yaml", at="2025-03-12T18:00:00Z")
    journal.clock.set(LATER)
    return journal


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `tracker ARGS...` in-process; argparse's SystemExit becomes the exit code."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def db(bundled_sqlite: Path, tmp_path: Path) -> str:
    """A private copy of the store holding the bundled dataset."""
    target = tmp_path / "bundled-copy.db"
    shutil.copy(bundled_sqlite, target)
    return f"sqlite:///{target}"
