"""Long work shows progress on a terminal only: never in --json output, never in a pipe."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from journal_kit import FIXTURES, Run

from tracker.application import progress
from tracker.application.bootstrap import open_tracker
from tracker.commands import progress_bar

Cli = Callable[..., Run]


class Recorder:
    def __init__(self) -> None:
        self.total = 0.0
        self.done = 0.0
        self.events = 0
        self.phases: list[str] = []

    def start(self, total: float, what: str) -> None:
        self.total, self.done = total, 0.0
        self.phases.append(what)

    def advance(self, amount: float, events: int = 0) -> None:
        self.done += amount
        self.events += events

    def phase(self, text: str, at: float | None = None, events: int | None = None) -> None:
        self.phases.append(text)

    def item(self, amount: float) -> None:
        pass


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_append_reports_every_byte_and_event_and_a_rebuild_every_event(tmp_path: Path) -> None:
    tracker = open_tracker(f"sqlite:///{tmp_path / 's.db'}")
    files = [FIXTURES / "registry.yaml", FIXTURES / "truce.yaml"]
    recorder = Recorder()
    with progress.reporting(recorder):
        tracker.services.append_paths(files)
    assert recorder.total == recorder.done == sum(f.stat().st_size for f in files)
    assert recorder.events == 2 and "writing 2 events" in recorder.phases
    rebuilt = Recorder()
    with progress.reporting(rebuilt):
        tracker.services.rebuild()
    assert rebuilt.total == rebuilt.done == rebuilt.events == 2
    tracker.close()


def test_nothing_listens_by_default(tmp_path: Path) -> None:
    progress.advance(5, 5)  # no listener: a no-op, not an error


@pytest.mark.parametrize(("tty", "as_json", "shown"), [(True, False, True), (True, True, False), (False, False, False)])
def test_the_bar_only_on_a_terminal_and_never_with_json(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         tty: bool, as_json: bool, shown: bool) -> None:
    monkeypatch.setattr(progress_bar, "DELAY", 0.0)  # the real bar waits a second: these appends are quick
    err = Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    args = ["--db", str(tmp_path / "s.db"), "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml")]
    run = cli(*args, *(["--json"] if as_json else []))
    assert run.code == 0
    assert ("events · " in err.getvalue() and "/s · " in err.getvalue()) is shown
    assert "/s · " not in run.out


def test_time_left_reads_as_words() -> None:
    assert [progress_bar._duration(s) for s in (4.2, 65, 7300)] == ["4 s", "1 min 05 s", "2 h 01 min"]
