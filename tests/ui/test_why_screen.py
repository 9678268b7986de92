"""The why screen: `w` on the overview and in the proposal view, ←/→ between status and parties, enter on an event."""

from __future__ import annotations

from dashboard_kit import make_app, matrix, settle
from textual.widgets import DataTable

from tracker.application.bootstrap import Tracker
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.screens.overview_screen import OverviewScreen
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.screens.why_screen import WhyScreen


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


def events_of(screen: WhyScreen) -> list[tuple[str, str]]:
    """(role, event id) of each row of the events table."""
    table = screen.query_one("#why-events", DataTable)
    return [(str(table.get_cell(key, "role")), str(table.get_cell(key, "event"))) for key in table.rows]


class TestWhyFromTheOverview:
    async def test_w_explains_the_status_then_each_party_and_enter_opens_the_event(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("ceasefire-30d-2025")
            await pilot.press("w")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, WhyScreen) and screen.party is None
            assert "rejected: RU's current position is rejected, since 18 Mar 2025 (event ru-rejects-30d-2025-ed2)" in (
                text_of(screen, "#why-text"))
            assert events_of(screen) == [("decides it", "ru-rejects-30d-2025-ed2")]
            await pilot.press("right", "right")  # status → UA → RU
            await settle(pilot)
            assert screen.party == "RU"
            assert "RU is rejected on ceasefire-30d-2025 since 18 Mar 2025" in text_of(screen, "#why-text")
            assert events_of(screen)[0] == ("decides it", "ru-rejects-30d-2025-ed2")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, EventScreen) and app.screen.event_id == "ru-rejects-30d-2025-ed2"
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)

    async def test_it_follows_the_dashboards_date(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("energy-strike-pause-2025")
            await pilot.press("w")
            await settle(pilot)
            assert "in force: from 18 Mar 2025 for 30 days" in text_of(app.screen, "#why-text")
            await pilot.press("g")
            await pilot.pause()
            for key in "2025-05-01":
                await pilot.press(key)
            await pilot.press("enter")
            await settle(pilot)
            assert "expired: in force from 18 Mar 2025 for 30 days, no event needed" in text_of(app.screen, "#why-text")


class TestWhyFromTheProposalView:
    async def test_w_opens_the_status_explanation_with_the_violation_reports(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("energy-strike-pause-2025")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ProposalScreen)
            await pilot.press("w")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, WhyScreen) and screen.proposal == "energy-strike-pause-2025"
            roles = [role for role, _ in events_of(screen)]
            assert roles == ["decides it", "violation", "violation", "violation"]


class TestWhyAt80Columns:
    async def test_ids_whole_dates_formatted_disputed_and_retracted_said_and_the_exits_kept(
            self, loaded: Tracker) -> None:
        app = make_app(loaded, "2022-04-01")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(WhyScreen("kyiv-chernihiv-deescalation-2022", "RU"))
            await settle(pilot)
            screen = app.screen
            assert "since 29 Mar 2022" in text_of(screen, "#why-text")
            assert "disputed by UA" in text_of(screen, "#why-text")
            table = screen.query_one("#why-events", DataTable)
            assert events_of(screen) == [("decides it", "ru-proposes-kyiv-chernihiv-deescalation-2022-ed2"),
                                         ("retracted", "ru-proposes-kyiv-chernihiv-deescalation-2022")]
            assert [str(table.get_cell(key, "date")) for key in table.rows] == ["29 Mar 2022", "29 Mar 2022"]
            assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width  # no scroll
            selected = text_of(screen, "#why-selected")
            assert selected.startswith("▸ ru-proposes-kyiv-chernihiv-deescalation-2022-ed2  29 Mar 2022")
            assert "disputed by UA" in selected
            await pilot.press("down")
            await settle(pilot)
            assert "retracted by retract-ru-proposes-kyiv-chernihiv-deescalation-2022" in text_of(
                screen, "#why-selected")
            footer = text_of(screen, "KeyFooter")
            assert "? help" in footer and "^p palette" in footer and "q quit" in footer
            assert "← prev" in footer and "→ next" in footer
