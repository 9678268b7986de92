"""The dashboard's folder watch reports every file it does not append, by name, and names cannot reach the
terminal as escapes (issue 16, points 2, 8 and the symlink case of 10), on both databases.

A database error, a link out of the folder and an unexpected error each end in an error toast and a line in
the error panel for that file; the other files are still appended. A file name holding OSC 52 (clipboard)
and OSC 0 (window title) sequences is shown with its escapes visible, never obeyed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tracker.application.bootstrap import Tracker
from tracker.ui.app import TrackerApp
from tracker.ui.watcher import FolderWatch
from tracker.ui.widgets.error_panel import ErrorPanel

from ._support import PARTIES, dump, event_ids, proposed, record, seed_file
from .conftest import backend
from .test_failures_reported import fail_inserts_of

pytestmark = pytest.mark.terminal

EVIL_NAME = "\x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;pwned\x07evil.yaml"


async def _until(pilot: Pilot[Any], check: Callable[[], bool], seconds: float = 10.0) -> None:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        await asyncio.sleep(0.05)
        await pilot.pause()


def _app(tracker: Tracker, folder: Path) -> tuple[TrackerApp, list[tuple[str, dict[str, Any]]]]:
    app = TrackerApp(tracker.queries, tracker.services, as_of=date(2024, 6, 1), watch=folder, poll_interval=0.1)
    app.folder = FolderWatch(folder, settle=0.3)
    toasts: list[tuple[str, dict[str, Any]]] = []
    app.notify = lambda message, **kw: toasts.append((message, kw))  # type: ignore[method-assign]
    return app, toasts


async def test_every_file_the_watch_does_not_append_is_a_toast_and_a_panel_line(
        tracker: Tracker, tmp_path: Path) -> None:
    assert tracker.services.append_bytes(seed_file(["a"]), "seed.yaml").outcome == "appended"
    folder, outside = tmp_path / "watched", tmp_path / "outside.yaml"
    folder.mkdir()
    outside.write_bytes(dump({"events": [proposed("secret")]}))
    fail_inserts_of(tracker.services.store, "b-proposed")
    app, toasts = _app(tracker, folder)
    async with app.run_test(size=(160, 45)) as pilot:
        (folder / EVIL_NAME).write_bytes(dump({"parties": PARTIES, "events": [proposed("c")]}))
        (folder / "full-disk.yaml").write_bytes(dump({"events": [proposed("b")]}))
        (folder / "link.yaml").symlink_to(outside)
        await _until(pilot, lambda: len(toasts) >= 3)
        panel = app.overview.query_one(ErrorPanel)
        await _until(pilot, lambda: "full-disk.yaml" in str(panel.render()))
        shown = str(panel.render())
    by_file = {next(n for n in (EVIL_NAME[-9:], "full-disk.yaml", "link.yaml") if n in m): (m, kw) for m, kw in toasts}
    message, kw = by_file["evil.yaml"]
    assert "\x1b" not in message and "\x07" not in message and "\\x1b]52;c;" in message, message
    assert "1 new" in message
    message, kw = by_file["full-disk.yaml"]
    assert kw.get("severity") == "error" and message.startswith("refused"), message
    message, kw = by_file["link.yaml"]
    assert kw.get("severity") == "error", message
    assert "the disk holding the store is full" in shown and "not followed" in shown, shown
    assert "\x1b" not in shown
    assert sorted(event_ids(tracker.services.store)) == ["a-proposed", "c-proposed"]
    record("watch", backend=backend(tracker.url), case="database error, link out, escape in a name",
           toasts=len(toasts), silent=0)


async def test_an_unexpected_error_is_reported_for_its_file_and_the_watch_goes_on(
        tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert tracker.services.append_bytes(seed_file(["a"]), "seed.yaml").outcome == "appended"
    folder = tmp_path / "watched"
    folder.mkdir()
    real = tracker.services.append_one

    def append_one(path: Path) -> Any:
        if path.name == "bug.yaml":
            raise RuntimeError("a bug")
        return real(path)

    monkeypatch.setattr(tracker.services, "append_one", append_one)
    app, toasts = _app(tracker, folder)
    async with app.run_test(size=(160, 45)) as pilot:
        (folder / "bug.yaml").write_bytes(dump({"events": [proposed("b")]}))
        await _until(pilot, lambda: len(toasts) >= 1)
        (folder / "good.yaml").write_bytes(dump({"events": [proposed("c")]}))
        await _until(pilot, lambda: len(toasts) >= 2)
        shown = str(app.overview.query_one(ErrorPanel).render())
    assert toasts[0][1].get("severity") == "error" and "bug.yaml" in toasts[0][0]
    assert "unexpected RuntimeError: a bug" in shown
    assert "good.yaml: 1 new" in toasts[1][0]
