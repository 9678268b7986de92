"""What the first screen and a date step cost: the lower panel comes with the first matrix, the next dates are
read ahead from the first screen on, and a step repaints only the rows that changed (never the whole screen)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dashboard_kit import cell, make_app, matrix, rows, settle, until
from textual.geometry import Region

from tracker.application.bootstrap import Tracker
from tracker.ui.app import TrackerApp
from tracker.ui.data import neighbours
from tracker.ui.timecontrol import When

DAYS = [date(2025, 3, 18), date(2025, 3, 24), date(2025, 4, 2)]


class CountingQueries:
    """The app's Queries, noting the date of every whole-store status read and every lower-panel read."""

    def __init__(self, queries: Any) -> None:
        self._queries = queries
        self.status_days: list[date] = []
        self.panel_reads: list[tuple[str, date]] = []

    def recent_events(self, proposal: str, as_of: date, *args: Any, **kwargs: Any) -> Any:
        self.panel_reads.append((proposal, as_of))
        return self._queries.recent_events(proposal, as_of, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queries, name)

    def status(self, as_of: date | None = None, known_on: Any = None, proposal: str | None = None,
               violations: bool = True) -> Any:
        if proposal is None and as_of is not None:
            self.status_days.append(as_of)
        return self._queries.status(as_of, known_on, proposal, violations=violations)


def matrix_text(app: TrackerApp) -> list[str]:
    """The matrix's lines as the screen has them (lines not repainted come from the widget's line cache)."""
    table = matrix(app)
    return [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]


class TestFirstScreen:
    async def test_the_lower_panel_is_read_with_the_first_matrix(self, loaded: Tracker) -> None:
        """No keys to wait for yet: the panel does not wait for them to rest (and is read once)."""
        queries = CountingQueries(loaded.queries)
        app = TrackerApp(queries, loaded.services, as_of=date(2025, 3, 19), poll_interval=0)
        async with app.run_test(size=(160, 45)) as pilot:
            await until(pilot, lambda: app.overview.data is not None)
            assert not app.overview.panel_pending
            await settle(pilot)
            selected = matrix(app).selected_proposal
            assert selected is not None
            title = app.overview.data.report.get(selected).title  # type: ignore[union-attr]
            assert title[:30] in str(app.overview.query_one("#events-panel").render())
            assert queries.panel_reads == [(selected, date(2025, 3, 19))]


class TestReadAhead:
    def test_before_the_first_move_it_reads_both_ways(self) -> None:
        when = When(date(2025, 3, 20))
        assert [w.as_of for w in neighbours(when, DAYS, 0)] == [
            date(2025, 3, 21), date(2025, 3, 24), date(2025, 3, 19), date(2025, 3, 18)]
        assert [w.as_of for w in neighbours(when, DAYS, 1)] == [date(2025, 3, 21), date(2025, 3, 24)]
        assert [w.as_of for w in neighbours(when, DAYS, -1)] == [date(2025, 3, 19), date(2025, 3, 18)]

    async def test_the_first_steps_are_read_with_the_first_screen(self, loaded: Tracker) -> None:
        queries = CountingQueries(loaded.queries)
        app = TrackerApp(queries, loaded.services, as_of=date(2025, 3, 19), poll_interval=0)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            head = app.head
            for day in (date(2025, 3, 20), date(2025, 3, 18), date(2025, 3, 24)):  # a day each way, next event day
                assert app.overview.cache.get(app.when.moved(day), head) is not None, day
            read = len(queries.status_days)
            app.action_step(True)  # what shift+right does
            # drawn in the key's own handler: no read, nothing loading
            assert app.overview.data is not None and app.overview.data.when.as_of == date(2025, 3, 20)
            assert not app.loading_when
            assert cell(app, "energy-strike-pause-2025", "status").startswith("in force 28d left")
            await settle(pilot)
            assert date(2025, 3, 20) not in queries.status_days[read:]
            assert date(2025, 3, 21) in queries.status_days[read:]  # and on it reads, the way it went


class TestRepaint:
    @pytest.fixture
    def spied(self) -> Any:
        """Record what is asked to repaint: regions of the matrix, and the whole screen."""

        def spy(app: TrackerApp) -> tuple[list[tuple[Region, ...]], list[object]]:
            table, screen = matrix(app), app.screen
            matrix_calls: list[tuple[Region, ...]] = []
            screen_calls: list[object] = []
            table_refresh, screen_refresh = table.refresh, screen.refresh

            def on_table(*regions: Region, **kwargs: Any) -> Any:
                matrix_calls.append(regions)
                return table_refresh(*regions, **kwargs)

            def on_screen(*regions: Region, **kwargs: Any) -> Any:
                screen_calls.append((regions, kwargs))
                return screen_refresh(*regions, **kwargs)

            table.refresh = on_table  # type: ignore[method-assign]
            screen.refresh = on_screen  # type: ignore[method-assign]
            return matrix_calls, screen_calls

        return spy

    async def test_a_step_that_changes_one_proposal_repaints_only_its_row(self, loaded: Tracker, spied: Any) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            matrix_calls, screen_calls = spied(app)
            await pilot.press("shift+right")
            await settle(pilot)
            assert app.when.as_of == date(2025, 3, 20)
            assert cell(app, "energy-strike-pause-2025", "status").startswith("in force 28d left")
            line = rows(app).index("energy-strike-pause-2025") + 1  # line 0 is the header
            assert matrix_calls, "the changed row was not repainted"
            assert all(len(regions) == 1 and (regions[0].y, regions[0].height) == (line, 1)
                       for regions in matrix_calls), matrix_calls
            assert not screen_calls

    async def test_a_step_that_changes_nothing_repaints_no_row(self, loaded: Tracker, spied: Any) -> None:
        app = make_app(loaded, "2025-04-20")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            before = matrix_text(app)
            matrix_calls, screen_calls = spied(app)
            await pilot.press("shift+right")
            await settle(pilot)
            assert app.when.as_of == date(2025, 4, 21)
            assert matrix_calls == [] and not screen_calls
            assert matrix_text(app) == before

    @pytest.mark.parametrize("height", [45, 9])  # 9: the matrix scrolls
    async def test_what_steps_leave_on_screen_is_what_a_full_repaint_draws(self, loaded: Tracker,
                                                                         height: int) -> None:
        app = make_app(loaded, "2025-03-17")
        async with app.run_test(size=(160, height)) as pilot:
            await settle(pilot)
            keys = ["shift+right", "shift+right", "down", "down", "down", "down", "right_square_bracket",
                    "shift+right", "left_square_bracket", "right_square_bracket", "right_square_bracket"]
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
                shown = matrix_text(app)
                matrix(app).refresh()  # every line drawn again from the rows
                assert matrix_text(app) == shown, f"stale lines after {key} (as of {app.when.as_of})"


class TestSideways:
    async def test_party_columns_scroll_under_pinned_columns_and_nothing_runs_off_screen(self, loaded: Tracker
                                                                                         ) -> None:
        """Too narrow for every party: title, status, rev and changed stay, the party columns scroll with
        left/right, and the header says how many are out of view."""
        app = make_app(loaded, "2025-12-31")
        async with app.run_test(size=(62, 30)) as pilot:
            await settle(pilot)
            table = matrix(app)
            first = table.parties_shown
            everyone = [k.removeprefix("party:") for k in table._keys if k.startswith("party:")]
            assert 0 < len(first) < len(everyone)
            assert "▶ +" in table.render_line(0).text
            seen = list(first)
            for _ in everyone:
                await pilot.press("right")
                await pilot.pause()
                seen += [p for p in table.parties_shown if p not in seen]
                header = table.render_line(0).text
                assert header.startswith(" proposal") and "status" in header and "changed" in header
                assert not table.show_horizontal_scrollbar
            assert seen == everyone
            assert "◀" in table.render_line(0).text
            for _ in everyone:
                await pilot.press("left")
            await pilot.pause()
            assert table.parties_shown == first
            for y, pid in enumerate(table.row_ids, start=1):
                line = table.render_line(y).text
                assert len(line) == table.scrollable_content_region.width, pid
                assert table._rows[pid].cells[3].plain in line  # the changed date, whole
