"""A damaged store reads as one line in the error panel, never a traceback; an unknown event id typed in the
dashboard gets the command line's "did you mean"."""

from __future__ import annotations

import re

from dashboard_kit import make_app, settle, type_text, until
from sqlalchemy import text

from tracker.application import lookups
from tracker.application.bootstrap import Tracker
from tracker.application.faults import explain
from tracker.domain.errors import TrackerError
from tracker.ui.screens.date_modal import DateModal
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.screens.overview_screen import OverviewScreen
from tracker.ui.widgets.error_panel import ErrorPanel


def _damage_snapshots(loaded: Tracker) -> None:
    """Every stored snapshot cut short, as a torn write or a hand edit would leave it."""
    with loaded.services.store.raw().begin() as conn:
        conn.execute(text("UPDATE snapshots SET state = '{\"id\": \"x\", \"positions\": {'"))


def _sentence(line: str | None) -> str:
    return re.sub(r"\d{4}-\d{2}-\d{2} \(recorded from position \d+\)", "DAY", line or "")


class TestDamagedStore:
    async def test_a_damaged_store_is_one_line_in_the_error_panel_and_the_dashboard_goes_on(
            self, loaded: Tracker) -> None:
        _damage_snapshots(loaded)
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            panel = app.overview.query_one(ErrorPanel)
            assert await until(pilot, lambda: panel.has_class("-shown"))
            shown = str(panel.render())
            assert "the store is corrupt" in shown and "tracker rebuild" in shown, shown
            assert shown.count("\n") == 0 and "Traceback" not in shown, shown
            assert app.failure is not None and app.failure in shown
            assert isinstance(app.screen, OverviewScreen) and app.is_running
            await pilot.press("x")
            await settle(pilot)
            assert not panel.has_class("-shown") and app.failure is None
        assert app.return_code in (0, None)

    async def test_the_line_is_the_command_lines(self, loaded: Tracker) -> None:
        _damage_snapshots(loaded)
        try:
            loaded.queries.status(loaded.queries.today())
        except TrackerError as exc:
            expected = explain(exc)
        else:
            raise AssertionError("a damaged snapshot must not read as a status")
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert await until(pilot, lambda: app.failure is not None)
            # the same sentence; the row it names is the first one read (the overview also reads ahead)
            assert _sentence(app.failure) == _sentence(expected), (app.failure, expected)


class TestOpenEventById:
    async def test_an_unknown_id_says_did_you_mean_as_the_command_line_does(self, loaded: Tracker) -> None:
        typo = "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed"
        try:
            lookups.event(loaded.queries, typo)
        except TrackerError as exc:
            expected = explain(exc)
        else:
            raise AssertionError(f"{typo} must be unknown")
        assert "did you mean 'ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2'" in expected
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.action_open_event_by_id()
            await settle(pilot)
            assert isinstance(app.screen, DateModal)
            await type_text(pilot, typo)
            await settle(pilot)
            assert str(app.screen.query_one("#date-hint").render()) == expected
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DateModal)  # an unknown id opens nothing
            await type_text(pilot, "2")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, EventScreen)
            assert app.screen.event_id == typo + "2"
