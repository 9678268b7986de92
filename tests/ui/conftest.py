"""A copy of the bundled store per test, opened with a clock the test controls."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from dashboard_kit import LOADED_AT, bundled_tracker

from tracker.application.bootstrap import Tracker, open_tracker


@pytest.fixture(scope="session")
def bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset recorded at LOADED_AT, built once; tests copy it."""
    path = tmp_path_factory.mktemp("ui-bundled") / "store.db"
    at = datetime.fromisoformat(LOADED_AT.replace("Z", "+00:00"))
    bundled_tracker(f"sqlite:///{path}", lambda: at).close()
    return path


@pytest.fixture
def loaded(tmp_path: Path, bundled_template: Path, clock: Any) -> Iterator[Tracker]:
    """A copy of the bundled store, opened with the test's fake clock (set to LOADED_AT)."""
    path = tmp_path / "store.db"
    shutil.copyfile(bundled_template, path)
    clock.set(LOADED_AT)
    opened = open_tracker(f"sqlite:///{path}", clock=clock)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _bugs_end_the_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault the tracker does not recognise (a bug) in a worker ends the app with its traceback, so that
    a test fails on it instead of passing over a one-line report (see tracker.ui.failures)."""
    monkeypatch.setenv("TRACKER_DEBUG", "1")


@pytest.fixture(autouse=True)
def _one_analyst(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events are recorded by the same name whoever runs the tests, so that screens (and snapshots) agree."""
    monkeypatch.setenv("TRACKER_USER", "analyst")
