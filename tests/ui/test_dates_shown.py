"""Dates read as what they say in the dashboard: the timeline, the event view, the lower panel, and the
swimlanes, which draw a position dated by an interval as uncertain until the interval's end."""

from __future__ import annotations

from pathlib import Path

from dashboard_kit import make_app, matrix, settle

from tracker.application.bootstrap import Tracker
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.widgets.swimlane import UNSURE, Swimlane
from tracker.ui.widgets.timeline import Timeline

LAST_WEEK = """\
events:
  - {id: test-ua-accepts-last-week, type: accepted, proposal: black-sea-2025, date: 2025-03-26/2025-03-30, party: UA,
     sources: [{outlet: Test wire, published: 2025-03-31?}]}
  - {id: test-ru-reviews-reportedly, type: reviewing, proposal: black-sea-2025, date: 2025-03-27?, party: RU}
"""


def _append(loaded: Tracker, tmp_path: Path) -> None:
    path = tmp_path / "last-week.yaml"
    path.write_text(LAST_WEEK)
    assert loaded.services.append_file(path).outcome == "appended"


class TestDatesShown:
    async def test_the_timeline_and_the_event_view_read_an_interval_and_a_mark_as_such(
            self, loaded: Tracker, tmp_path: Path) -> None:
        _append(loaded, tmp_path)
        app = make_app(loaded, "2025-04-05")
        async with app.run_test(size=(200, 50)) as pilot:
            app.open_proposal("black-sea-2025")
            await settle(pilot)
            timeline = app.screen.query_one(Timeline)
            assert str(timeline.get_row("test-ua-accepts-last-week")[0]) == "26-30 Mar 2025"
            assert str(timeline.get_row("test-ru-reviews-reportedly")[0]) == "27 Mar 2025?"
            timeline.move_cursor(row=timeline.get_row_index("test-ua-accepts-last-week"))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, EventScreen)
            body = str(app.screen.query_one("#event").render())
            assert "26-30 Mar 2025  (written 2025-03-26/2025-03-30; counts from 26 Mar 2025)" in body
            assert "1. outlet       Test wire\n   published    31 Mar 2025?" in body

    async def test_the_swimlane_draws_an_interval_dated_position_as_uncertain_until_its_end(
            self, loaded: Tracker, tmp_path: Path) -> None:
        _append(loaded, tmp_path)
        app = make_app(loaded, "2025-04-05")
        async with app.run_test(size=(200, 50)) as pilot:
            app.open_proposal("black-sea-2025")
            await settle(pilot)
            lane = app.screen.query_one(Swimlane)
            lines = str(lane.render()).splitlines()
            ua = next(line for line in lines if line.startswith("UA"))
            ru = next(line for line in lines if line.startswith("RU"))
            assert UNSURE in ua and "✔" in ua  # uncertain first, certain after the interval's end
            assert ua.index(UNSURE) < ua.index("✔")
            assert UNSURE not in ru  # an uncertain day is marked in the timeline, not drawn as a range
            assert "dated by an interval" in lines[-1]

    async def test_the_lower_panel_reads_the_interval(self, loaded: Tracker, tmp_path: Path) -> None:
        _append(loaded, tmp_path)
        app = make_app(loaded, "2025-04-05")
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("black-sea-2025")
            await settle(pilot)
            assert "26-30 Mar 2025" in str(app.overview.query_one("#events-panel").render())
