"""Opening the proposal and event views, going back, help, palette, theme, and user text shown literally."""

from __future__ import annotations

from datetime import date

from dashboard_kit import DATA, make_app, matrix, settle

from tracker.application.bootstrap import Tracker
from tracker.ui.commands import TrackerCommands
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.screens.help_modal import HelpModal
from tracker.ui.screens.overview_screen import OverviewScreen
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.widgets.swimlane import Swimlane
from tracker.ui.widgets.timeline import Timeline


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


class TestNavigation:
    async def test_enter_opens_the_proposal_then_the_event_and_esc_goes_back(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("energy-strike-pause-2025")
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ProposalScreen)
            head = text_of(screen, "#proposal-head")
            assert "30-day pause on strikes against energy infrastructure" in head
            assert "partial ceasefire · proposed by US on 18 Mar 2025 · rev 1" in head
            assert "in force 18 Mar 2025 – 16 Apr 2025 (day 2 of 30; expires 17 Apr 2025)" in head
            assert "No strikes on each other's energy infrastructure" in text_of(screen, "#terms")
            timeline = screen.query_one(Timeline)
            assert timeline.row_count == 28  # the first edition, both corrections' retractions and replacements
            assert "talks held" in str(timeline.get_row_at(27)[1])  # the Zelensky call, 19 Mar 2025?
            assert "violation reported" in str(timeline.get_row_at(25)[1])
            lanes = str(screen.query_one(Swimlane).render())
            assert "UA" in lanes and "│ as of 19 Mar 2025" in lanes
            await pilot.press("ctrl+end", "up", "up", "enter")
            await settle(pilot)
            assert isinstance(app.screen, EventScreen)
            body = text_of(app.screen, "#event")
            assert "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2" in body
            assert "applied to revision 1" in body and "recorded" in body
            assert "\nretracted       no\n" in body
            assert "\nparty           Ukraine (UA)\n" in body and "\nagainst         Russia (RU)\n" in body
            assert "\ndate            19 Mar 2025  (written 2025-03-19)\n" in body  # a plain day: counts from it
            assert "\nterms           energy — No strikes on each other's energy" in body
            assert "src-2025-03-19-energy-pause" in body
            assert not any(mark in body for mark in ('["', '"]', "{'", '{"', "': ", '": '))  # no JSON
            await pilot.press("escape")
            assert isinstance(app.screen, ProposalScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, OverviewScreen)
            assert matrix(app).selected_proposal == "energy-strike-pause-2025"

    async def test_the_proposal_view_follows_the_as_of_date(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.open_proposal("energy-strike-pause-2025")
            await settle(pilot)
            await pilot.press("g")
            for key in "2025-05-01":
                await pilot.press(key)
            await pilot.press("enter")
            await settle(pilot)
            assert "expired" in text_of(app.screen, "#proposal-head")
            await pilot.press("escape")
            await settle(pilot)
            assert app.when.as_of == date(2025, 5, 1)

    async def test_event_view_shows_sources_quotes_and_a_retraction(self, loaded: Tracker) -> None:
        assert loaded.services.append_file(DATA / "ua-accepts-black-sea.yaml").outcome == "appended"
        app = make_app(loaded, "2025-03-31")
        async with app.run_test(size=(120, 40)) as pilot:
            app.post_message(__import__("tracker.ui.messages", fromlist=["OpenEvent"]).OpenEvent(
                "test-ua-accepts-black-sea"))
            await settle(pilot)
            body = text_of(app.screen, "#event")
            assert "Test wire" in body and "“Kyiv said yes.”" in body


    async def test_a_retracted_event_is_struck_through_and_says_by_what(self, loaded: Tracker) -> None:
        assert loaded.services.append_file(DATA / "retract-krasnodar.yaml").outcome == "appended"
        app = make_app(loaded, "2025-03-25")
        async with app.run_test(size=(200, 50)) as pilot:
            app.open_proposal("energy-strike-pause-2025")
            await settle(pilot)
            timeline = app.screen.query_one(Timeline)
            row = timeline.get_row("ru-reports-krasnodar-oil-depot-2025-03-ed2")
            assert "(retracted by test-retract-krasnodar)" in str(row[-1])
            assert "strike" in str(row[-1].style)
            timeline.move_cursor(row=timeline.get_row_index("ru-reports-krasnodar-oil-depot-2025-03-ed2"))
            await pilot.press("enter")
            await settle(pilot)
            assert "retracted       yes, by test-retract-krasnodar" in text_of(app.screen, "#event")


class TestComfort:
    async def test_question_mark_lists_every_binding(self, loaded: Tracker) -> None:
        app = make_app(loaded)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpModal)
            text = text_of(app.screen, "#help-text")
            for words in ("As of the next day", "Cycle the sort", "Filter rows", "Known on", "Switch between the light",
                          "Go to a typed date", "make the step longer".capitalize()):
                assert words in text
            await pilot.press("escape")
            assert isinstance(app.screen, OverviewScreen)

    async def test_ctrl_t_toggles_light_and_dark(self, loaded: Tracker) -> None:
        app = make_app(loaded)
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.current_theme.dark
            await pilot.press("ctrl+t")
            assert not app.current_theme.dark
            await settle(pilot)

    async def test_palette_offers_the_main_actions_and_every_proposal(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            provider = TrackerCommands(app.screen)
            names = [str(hit.text) async for hit in provider.discover()]
            assert "Go to date…" in names and "Diff since…" in names and "Known on…" in names
            assert "Open: Black Sea maritime ceasefire" in names
            hits = [hit async for hit in provider.search("today")]
            assert hits and hits[0].text == "Today"
            await pilot.press("g")  # move away, then use the palette's Today
            await pilot.press("escape")
            await hits[0].command()
            assert app.when.as_of == date(2026, 1, 5)
            await settle(pilot)


class TestUserTextIsInert:
    async def test_markup_and_escape_codes_in_a_note_are_shown_literally(self, loaded: Tracker) -> None:
        assert loaded.services.append_file(DATA / "markup-note.yaml").outcome == "appended"
        app = make_app(loaded, "2025-03-31")
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            matrix(app).select_proposal("black-sea-2025")
            await settle(pilot)
            panel = text_of(app.overview, "#events-panel")
            assert "[bold]not bold[/] and \\x1b[31mnot red\\x1b[0m [link=x]y[/link]" in panel
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("ctrl+end", "enter")
            await settle(pilot)
            body = text_of(app.screen, "#event")
            assert "[bold]not bold[/] and \\x1b[31mnot red\\x1b[0m" in body
            assert "[i]Wire[/i]" in body
            assert "\x1b" not in body
