"""The dashboard never dies on a date: going to, stepping past and reading at the calendar's first and last
days, with events dated in year 1, and a known-on instant beyond either end."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from dashboard_kit import make_app, settle, type_text

from tracker.application.bootstrap import Tracker
from tracker.domain.date_input import LAST_INSTANT
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.timecontrol import parse_date, parse_instant, step_date

FIRST, LAST = date(1, 1, 1), date(9999, 12, 31)

ANCIENT = """\
parties:
  - {id: AT, name: Athens}
  - {id: SP, name: Sparta}
events:
  - id: ancient-truce-proposed
    type: proposed
    proposal: ancient-truce
    date: 0001-01-01
    party: AT
    title: A truce at the start of the calendar
    kind: full_ceasefire
    parties: [SP]
    duration_days: 30
  - {type: accepted, proposal: ancient-truce, date: 0001-01-01, party: SP}
  - {type: in_force, proposal: ancient-truce, date: 0001-01-02/0001-01-05}
"""


class TestSteppingHoldsAtTheCalendarsEnds:
    def test_a_step_past_either_end_stays_at_it(self) -> None:
        assert step_date(FIRST, "day", False) == FIRST and step_date(FIRST, "month", False) == FIRST
        assert step_date(LAST, "week", True) == LAST and step_date(LAST, "month", True) == LAST
        assert parse_date("-2w", FIRST, FIRST) == FIRST and parse_date("+1y", LAST, LAST) == LAST

    def test_a_known_on_instant_beyond_the_last_day_in_utc_means_everything_known(self) -> None:
        assert parse_instant("9999-12-31T23:00:00-05:00") == LAST_INSTANT
        assert parse_instant("0001-01-01T01:00+05:00") == datetime.min.replace(tzinfo=timezone.utc)

    def test_only_the_documented_forms_are_read(self) -> None:
        for text in ("20250319", "2025-03-19?", "2025-03-10/2025-03-16"):
            try:
                parse_date(text, FIRST, FIRST)
            except ValueError as exc:
                assert "did you mean" in str(exc)
            else:
                raise AssertionError(f"{text} was read as an as-of date")


class TestTheDashboardAtTheEdges:
    async def test_go_to_either_end_and_step_past_it(self, loaded: Tracker) -> None:
        app = make_app(loaded)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for typed, key, expected in (("0001-01-01", "shift+left", FIRST), ("9999-12-31", "shift+right", LAST)):
                await pilot.press("g")
                await type_text(pilot, typed)
                await pilot.press("enter")
                await settle(pilot)
                for step in ("shift+up", "shift+up", key, key, "right_square_bracket", "left_square_bracket"):
                    await pilot.press(step)
                    await settle(pilot)
                app.when = app.when.moved(expected)
                await settle(pilot)
                app.open_proposal("energy-strike-pause-2025")
                await settle(pilot)
                assert isinstance(app.screen, ProposalScreen)
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
            assert app.when.as_of == LAST and app.is_running

    async def test_known_on_beyond_the_calendar(self, loaded: Tracker) -> None:
        app = make_app(loaded)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await type_text(pilot, "9999-12-31T23:00:00-05:00")
            await pilot.press("enter")
            await settle(pilot)
            assert app.when.known_on == LAST_INSTANT and app.is_running

    async def test_events_of_year_one_are_stepped_to_and_past(self, loaded: Tracker, tmp_path: Path) -> None:
        path = tmp_path / "ancient.yaml"
        path.write_text(ANCIENT)
        assert loaded.services.append_file(path).outcome == "appended"
        app = make_app(loaded, "0001-01-10")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for _ in range(3):
                await pilot.press("left_square_bracket")
                await settle(pilot)
            assert app.when.as_of == FIRST
            app.open_proposal("ancient-truce")
            await settle(pilot)
            for key in ("shift+left", "shift+left", "right_square_bracket", "shift+right"):
                await pilot.press(key)
                await settle(pilot)
            assert app.when.as_of == date(1, 1, 3) and app.is_running
