"""Details read as words: the event card, the timeline's rows, the swimlane's marks, the palette, the
known-on prompt and the filter's advice."""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import MappingProxyType

from dashboard_kit import make_app, settle
from textual.widgets import Input

from tracker.application.bootstrap import Tracker
from tracker.application.views import EventView, PositionView, ProposalView, SourceView
from tracker.ui.commands import ACTIONS, TrackerCommands
from tracker.ui.filtering import RowFilter
from tracker.ui.screens.date_modal import DateModal
from tracker.ui.screens.event_screen import LABEL, EventContext, event_text
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.widgets.events_panel import event_summary
from tracker.ui.widgets.swimlane import LANE, STALE, lane_since
from tracker.ui.widgets.timeline import Timeline

AT = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def _event(type_: str, fields: dict[str, object], party: str | None = "RU",
           sources: tuple[SourceView, ...] = ()) -> EventView:
    return EventView(12, "ev-1", type_, "black-sea-2025", "2025-03", date(2025, 3, 31), party, AT, 2, False, None,
                     "claimed", "a note", fields, sources)


def _view(positions: dict[str, PositionView]) -> ProposalView:
    return ProposalView("p", "P", "maritime", "negotiating", 2, "US", "2025-03-01", ("US", "UA"), positions,
                        MappingProxyType({}), None, (), None)


class TestEventCard:
    def test_lists_are_lines_terms_read_id_and_text_and_parties_go_by_name(self) -> None:
        event = _event("violation_reported", {
            "against": "UA", "terms": ["energy", "ports"], "disputed_by": ["UA", "TR"],
            "dispute": "Kyiv says the drone was Russian", "recorded_by": "analyst-7",
            "description": "a drone near Sevastopol"})
        context = EventContext({"UA": "Ukraine", "RU": "Russia", "TR": "Turkey"},
                               {"energy": "No strikes on energy", "ports": "No strikes on ports"}, "Black Sea")
        lines = event_text(event, 100, context).plain.splitlines()
        pad = " " * LABEL
        assert f"{'terms':<{LABEL}}energy — No strikes on energy" in lines
        assert f"{pad}ports — No strikes on ports" in lines
        assert f"{'disputed by':<{LABEL}}Ukraine (UA)" in lines and f"{pad}Turkey (TR)" in lines
        assert f"{'dispute':<{LABEL}}Kyiv says the drone was Russian" in lines
        assert f"{'recorded by':<{LABEL}}analyst-7" in lines
        assert f"{'party':<{LABEL}}Russia (RU)" in lines and f"{'against':<{LABEL}}Ukraine (UA)" in lines
        assert any(line.startswith("disputed") and "not as fact" in line for line in lines)
        assert f"{'proposal':<{LABEL}}Black Sea (black-sea-2025)" in lines

    def test_sources_are_wrapped_under_the_value_column_and_no_json_shows(self) -> None:
        quote = "We will not accept any ceasefire that leaves our ports blockaded, " * 3
        source = SourceView("src-1", "Test wire", "2025-03-26", "en", "https://example.org/a/very/long/path",
                            "A title", quote.strip())
        event = _event("proposed", {"title": "T", "kind": "maritime", "parties": ["US", "UA"],
                                    "terms": [{"id": "ports", "text": "No strikes on ports"}],
                                    "extra": {"a": 1, "b": [1, 2]}}, sources=(source,))
        text = event_text(event, 60).plain
        lines = text.splitlines()
        assert all(len(line) <= 60 for line in lines), [line for line in lines if len(line) > 60]
        quoted = [line for line in lines if line.strip() and line.startswith(" " * LABEL)]
        assert len(quoted) >= 3  # the quote goes on under the value column
        assert "   url          https://example.org/a/very/long/path" in lines
        assert f"{'terms':<{LABEL}}ports — No strikes on ports" in lines
        assert f"{'extra':<{LABEL}}a: 1; b: 1, 2" in lines
        for mark in ("[", "]", "{", "}", '"'):
            assert mark not in text, mark


class TestTimelineWords:
    def test_conditions_counter_proposals_and_disputes_are_said(self) -> None:
        accepted = _event("accepted", {"conditions": ["ships leave", "ports open"]}, party="UA")
        assert event_summary(accepted) == "UA accepted on conditions: ships leave; ports open: a note"
        partial = _event("accepted", {"terms": ["ports"]}, party="UA")
        assert event_summary(partial).startswith("UA accepted terms ports only")
        countered = _event("countered", {"counter_proposal": "eu-counter"}, party="EU")
        assert event_summary(countered).startswith("EU countered with eu-counter")
        disputed = _event("violation_reported", {"against": "UA", "disputed_by": ["UA"]})
        assert event_summary(disputed).endswith("(disputed by UA)")

    async def test_the_what_column_takes_the_free_width_and_home_end_move(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-25")
        for width in (80, 120, 200):
            async with app.run_test(size=(width, 40)) as pilot:
                await settle(pilot)
                app.open_proposal("energy-strike-pause-2025")
                await settle(pilot)
                assert isinstance(app.screen, ProposalScreen)
                timeline = app.screen.query_one(Timeline)
                used = sum(c.get_render_width(timeline) for c in timeline.columns.values())
                assert timeline.size.width - 2 <= used <= timeline.size.width, (width, used)
                await pilot.press("end")
                assert timeline.cursor_row == timeline.row_count - 1
                await pilot.press("home")
                assert timeline.cursor_row == 0
            app = make_app(loaded, "2025-03-25")


class TestSwimlane:
    def test_conditional_partial_and_stale_are_drawn_apart_from_accepted(self) -> None:
        marks = {LANE["accepted"], LANE["conditional"], LANE["partial"], STALE}
        assert len(marks) == 4

    def test_since_is_the_first_day_of_the_current_stretch(self) -> None:
        def at(position: str, stale: bool = False) -> ProposalView:
            return _view({"UA": PositionView("UA", position, "2025-03", 1, stale)})

        history = [(date(2025, 3, 2), at("reviewing")), (date(2025, 3, 9), at("accepted")),
                   (date(2025, 3, 20), at("accepted", stale=True)), (date(2025, 4, 1), at("rejected"))]
        assert lane_since(history, "UA", date(2025, 3, 15)) == date(2025, 3, 9)
        assert lane_since(history, "UA", date(2025, 3, 25)) == date(2025, 3, 20)
        assert lane_since(history, "UA", date(2025, 3, 25), stale_apart=False) == date(2025, 3, 9)
        assert lane_since(history, "US", date(2025, 3, 25)) is None
        renewed = history + [(date(2025, 4, 5), at("rejected", stale=True)), (date(2025, 4, 9), at("rejected"))]
        assert lane_since(renewed, "UA", date(2025, 4, 20), stale_apart=False) == date(2025, 4, 9)


class TestPaletteAndPrompts:
    async def test_the_palette_lists_every_action_with_its_key(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            provider = TrackerCommands(app.screen)
            hits = {str(hit.text): str(hit.help) async for hit in provider.discover()}
            for name in ("Sort: next order", "Longer step", "Filter proposals…", "Known on…", "Known now",
                         "Diff since…", "Toggle light/dark theme", "Open event by id…"):
                assert name in hits, name
            keyed = [name for name, _, key, _ in ACTIONS if key]
            for name in keyed:
                key = next(k for n, _, k, _ in ACTIONS if n == name)
                assert hits[name].startswith(f"{key}  ·  "), (name, hits[name])
            assert hits["Open: Black Sea maritime ceasefire"].startswith("enter on its row")

    async def test_open_event_by_id_and_known_on_starts_empty_offering_the_last(self, loaded: Tracker) -> None:
        app = make_app(loaded, "2025-03-19")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k", *"2026-01-20", "enter")
            await settle(pilot)
            assert app.when.known_on is not None
            await pilot.press("K")
            await settle(pilot)
            assert app.when.known_on is None
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, DateModal)
            box = app.screen.query_one(Input)
            assert box.value == "" and "2026-01-20T23:59:59Z" in box.placeholder
            await pilot.press("up")
            assert box.value == "2026-01-20T23:59:59Z"
            await pilot.press("ctrl+u", *"2020-01-01")
            await pilot.pause()
            hint = str(app.screen.query_one("#date-hint").render())
            assert "before the store's history starts (2026-01-05 09:00 UTC)" in hint
            await pilot.press("escape")
            await app.run_action("open_event_by_id")
            await pilot.pause()
            await pilot.press(*"ua-accepts-energy-pause-2025", "enter")
            await settle(pilot)
            assert "ua-accepts-energy-pause-2025" in str(app.screen.query_one("#event").render())


class TestFilterAdvice:
    def test_values_that_match_nothing_list_the_valid_ones(self) -> None:
        views = (_view({"UA": PositionView("UA", "accepted", None, 1)}),)
        parsed = RowFilter.parse("status:zzz kind:air party:xx", {"UA": "Ukraine", "US": "United States"})
        problems = parsed.problems(views)
        assert problems[0].startswith("status:zzz is no status; try in_force, agreed, negotiating")
        assert problems[1] == "kind:air is no kind here; try maritime"
        assert problems[2] == "party:xx is no party here; try UA (Ukraine), US (United States)"
        assert not RowFilter.parse("status:neg party:ukr").problems(views) == []  # no names: ukr is unknown
        assert RowFilter.parse("status:neg party:ukr", {"UA": "Ukraine"}).problems(views) == []

    def test_plain_words_match_statuses_and_party_names(self) -> None:
        view = _view({"UA": PositionView("UA", "accepted", None, 1)})
        names = {"UA": "Ukraine", "US": "United States"}
        assert RowFilter.parse("negotiating", names).matches(view)
        assert RowFilter.parse("ukraine", names).matches(view)
        assert RowFilter.parse("united states", names).matches(view)
        assert not RowFilter.parse("russia", names).matches(view)
