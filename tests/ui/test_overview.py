"""The overview: the matrix as of a date, moving through time, diff mode, known-on, filtering and sorting."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard_kit import DATA, cell, make_app, matrix, rows, settle, type_text

from tracker.application.bootstrap import Tracker
from tracker.ui.screens.date_modal import DateModal


class TestMatrix:
    async def test_shows_each_partys_position_as_of_the_date(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert cell(app, "energy-strike-pause-2025", "UA") == "✔ accepted"
            assert cell(app, "energy-strike-pause-2025", "US") == "● proposer"
            assert cell(app, "ceasefire-30d-2025", "RU") == "✘ rejected"
            assert cell(app, "energy-strike-pause-2025", "status").startswith("in force 29d left")
            assert "peace-plan-28pt-2025" not in rows(app)

    async def test_marks_a_stale_position_with_a_star(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-12-31")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert cell(app, "peace-plan-28pt-2025", "EU") == "↺* countered"
            assert cell(app, "peace-plan-28pt-2025", "rev") == "2"

    async def test_shows_symbols_only_and_no_lower_panel_at_80x24(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert cell(app, "energy-strike-pause-2025", "UA") == "✔"
            assert not app.overview.query_one("#lower").display
            assert matrix(app).virtual_size.width <= 80

    async def test_opens_on_today_without_a_date(self, loaded: Tracker) -> None:
        app = make_app(loaded, None)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert app.when.as_of == date(2026, 1, 5)
            assert cell(app, "energy-strike-pause-2025", "status") == "expired"


class TestTimeStepping:
    async def test_brackets_step_to_the_next_and_previous_event_day(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert app.when.as_of == date(2025, 3, 24)
            await pilot.press("left_square_bracket", "left_square_bracket")
            await settle(pilot)
            assert app.when.as_of == date(2025, 3, 18)
            assert cell(app, "energy-strike-pause-2025", "UA") == "· unknown"

    async def test_shift_arrows_step_by_day_week_and_month(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("shift+right")
            assert app.when.as_of == date(2025, 3, 20)
            await pilot.press("shift+up", "shift+left")
            assert (app.when.step, app.when.as_of) == ("week", date(2025, 3, 13))
            await pilot.press("shift+up", "shift+right")
            assert (app.when.step, app.when.as_of) == ("month", date(2025, 4, 13))
            await pilot.press("shift+down", "shift+down", "shift+down")
            assert app.when.step == "day"
            await settle(pilot)
            assert cell(app, "energy-strike-pause-2025", "status").startswith("in force 4d left")

    async def test_g_jumps_to_a_typed_date_and_to_a_relative_one(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("g")
            await type_text(pilot, "2022-03-31")
            await pilot.press("enter")
            await settle(pilot)
            assert app.when.as_of == date(2022, 3, 31)
            assert rows(app) == ["kyiv-chernihiv-deescalation-2022", "istanbul-2022"] or \
                sorted(rows(app)) == ["istanbul-2022", "kyiv-chernihiv-deescalation-2022"]
            await pilot.press("g")
            await type_text(pilot, "+1m")
            await pilot.press("enter")
            assert app.when.as_of == date(2022, 4, 30)
            await pilot.press("t")
            assert app.when.as_of == date(2026, 1, 5)

    async def test_a_bad_typed_date_keeps_the_prompt_open(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("g")
            await type_text(pilot, "2025-13")
            await pilot.press("enter")
            assert isinstance(app.screen, DateModal)
            assert "no month 13" in str(app.screen.query_one("#date-hint").render())
            await pilot.press("escape")
            assert app.when.as_of == date(2025, 3, 19)


class TestDiffMode:
    async def test_changed_cells_show_from_and_to(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.press("d")
            await type_text(pilot, "2025-03-17")
            await pilot.press("enter")
            await settle(pilot)
            assert app.when.diff_since == date(2025, 3, 17)
            assert cell(app, "ceasefire-30d-2025", "RU") == "· unknown → ✘ rejected"
            assert cell(app, "ceasefire-30d-2025", "status") == "negotiating → rejected"
            assert cell(app, "ceasefire-30d-2025", "UA") == "✔ accepted"  # unchanged
            assert cell(app, "energy-strike-pause-2025", "title").startswith("+ ")
            panel = str(app.overview.query_one("#events-panel").render())
            assert "new proposal(s) since 17 Mar 2025" in panel and "change(s) and " in panel
            await pilot.press("d")
            await settle(pilot)
            assert app.when.diff_since is None
            assert cell(app, "ceasefire-30d-2025", "RU") == "✘ rejected"


class TestKnownOn:
    async def test_hides_events_recorded_after_the_instant(self, loaded: Tracker, clock: Any) -> None:
        clock.set("2026-02-01T12:00:00Z")
        outcome = loaded.services.append_file(DATA / "ua-accepts-black-sea.yaml")
        assert outcome.outcome == "appended", outcome
        app = make_app(loaded, "2025-03-31")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert cell(app, "black-sea-2025", "UA") == "✔ accepted"
            await pilot.press("k")
            await type_text(pilot, "2026-01-20")
            await pilot.press("enter")
            await settle(pilot)
            assert app.when.known_on is not None
            assert cell(app, "black-sea-2025", "UA") == "· unknown"
            await pilot.press("k")
            await pilot.press("ctrl+u")  # clear the prompt: empty means now
            await pilot.press("enter")
            await settle(pilot)
            assert app.when.known_on is None
            assert cell(app, "black-sea-2025", "UA") == "✔ accepted"


class TestFilterAndSort:
    async def test_filters_rows_by_status_kind_party_and_text(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-12-31")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert len(rows(app)) == 8
            await pilot.press("slash")
            await type_text(pilot, "status:rejected")
            await settle(pilot)
            assert sorted(rows(app)) == ["ceasefire-30d-2025", "eu-counter-28pt-2025"]
            await pilot.press("enter")
            assert matrix(app).has_focus
            app.overview.set_filter("kind:maritime")
            assert rows(app) == ["black-sea-2025"]
            app.overview.set_filter("party:EU")
            assert sorted(rows(app)) == ["eu-counter-28pt-2025", "peace-plan-28pt-2025"]
            app.overview.set_filter("pause")
            assert rows(app) == ["energy-strike-pause-2025"]
            await pilot.press("escape")
            assert len(rows(app)) == 8

    async def test_s_cycles_the_sort(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-12-31")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert rows(app)[0] in ("istanbul-2022", "kyiv-chernihiv-deescalation-2022")
            await pilot.press("s")
            assert app.overview.sort == "last change"
            assert rows(app)[-1] in ("istanbul-2022", "kyiv-chernihiv-deescalation-2022")
            await pilot.press("s", "s")
            assert app.overview.sort == "title"
            assert rows(app)[0] == "ceasefire-30d-2025"  # "30-day full ceasefire"
