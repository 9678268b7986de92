"""Live: another process appends to the same store, or a YAML file is saved in the watched folder."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path
from typing import Any

from dashboard_kit import DATA, LOADED_AT, bundled_tracker, cell, make_app, matrix, settle, until

from tracker.application.bootstrap import Tracker
from tracker.ui.widgets.error_panel import ErrorPanel


class TestAnotherProcessAppends:
    async def test_the_screen_updates_within_two_seconds_keeping_the_selection(self, store_url: str,
                                                                               clock: Any) -> None:
        """On SQLite always, and on PostgreSQL when the test server is configured."""
        clock.set(LOADED_AT)
        loaded = bundled_tracker(store_url, clock)
        app = make_app(loaded, "2025-03-31", poll_interval=0.25)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("black-sea-2025")
            await pilot.pause()
            assert cell(app, "black-sea-2025", "UA") == "· unknown"
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tracker", "--db", loaded.url, "append", str(DATA / "ua-accepts-black-sea.yaml"),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await process.communicate()
            assert process.returncode == 0, (out, err)
            await until(pilot, lambda: cell(app, "black-sea-2025", "UA") == "✔ accepted")
            assert matrix(app).selected_proposal == "black-sea-2025"
        loaded.close()


class TestFolderWatch:
    async def test_a_good_file_is_appended_and_a_bad_one_shows_its_line(self, loaded: Tracker, tmp_path: Path) -> None:
        folder = tmp_path / "events"
        folder.mkdir()
        shutil.copy(DATA / "bad-party.yaml", folder / "early.yaml")  # there before the start: not appended
        app = make_app(loaded, "2025-03-31", poll_interval=0.2, watch=folder)
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await settle(pilot)
            panel = app.overview.query_one(ErrorPanel)
            shutil.copy(DATA / "ua-accepts-black-sea.yaml", folder / "accept.yaml")
            await until(pilot, lambda: cell(app, "black-sea-2025", "UA") == "✔ accepted")
            assert not panel.display
            shutil.copy(DATA / "bad-party.yaml", folder / "bad.yaml")
            await until(pilot, lambda: panel.display)
            text = str(panel.render())
            assert f"{folder / 'bad.yaml'}:7:12: events[0].party: unknown party 'XX'" in text
            assert "early.yaml" not in text
            assert loaded.queries.event("test-bad-party") is None
            await pilot.press("x")
            assert not panel.display
