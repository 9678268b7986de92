"""The dashboard at every size: nothing runs off the screen, no date is cut, the header keeps its flags and
the key line keeps its exits, on every event day of the bundled data and on a big synthetic store."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text
from dashboard_kit import make_app, matrix, settle
from synthetic_app import synthetic_tracker
from textual.pilot import Pilot

from tracker.application.bootstrap import Tracker
from tracker.ui.app import TrackerApp
from tracker.ui.timecontrol import When
from tracker.ui.widgets.key_footer import KeyFooter, layout
from tracker.ui.widgets.position_matrix import TITLE_LEAST, fit_columns
from tracker.ui.widgets.time_header import (
    TimeHeader,
    compact,
    count_item,
    fitted,
    filter_item,
    sort_item,
    time_items,
    watch_item,
)

SIZES = [(80, 24), (120, 40), (200, 50)]
KNOWN_ON = datetime(2026, 1, 6, tzinfo=timezone.utc)  # the day after the test stores were recorded
MODES = [(None, None), (date(2025, 3, 1), None), (None, KNOWN_ON), (date(2025, 3, 1), KNOWN_ON)]


def _day_forms(day: date) -> tuple[str, ...]:
    return (f"{day.day} {day:%b %Y}", day.isoformat())


def check_screen(app: TrackerApp, label: str) -> None:
    """Fail on a horizontal scrollbar, a cut status or date, a header without its flags, or a key line
    without its exits."""
    table = matrix(app)
    width = table.scrollable_content_region.width
    assert not table.show_horizontal_scrollbar, label
    assert table.virtual_size.width <= width, label
    header = table.render_line(0).text
    drawn = table._render_row([Text(k) for k in table._keys], Style(), header=True)
    assert drawn.cell_length <= width, (label, "the header row runs off the screen", drawn.text)
    for column in ("proposal", "status", "rev", "changed"):
        assert column in header, (label, header)
    for y, pid in enumerate(table.row_ids[: table.scrollable_content_region.height - 1], start=1):
        line = table.render_line(y).text
        assert len(line) == width, (label, pid)
        cells = table._rows[pid].cells
        assert table._render_row(cells, Style()).cell_length <= width, (label, pid, "the row runs off the screen")
        assert cells[3].plain in line, (label, pid, "changed date cut", line)
        assert cells[1].plain in line, (label, pid, "status cut", line)
    when: When = app.when
    top = app.overview.query_one(TimeHeader).plain
    assert any(form in top for form in _day_forms(when.as_of)), (label, top)
    assert ("known" in top or "k:" in top), (label, top)
    if when.known_on is not None:
        assert when.known_on.date().isoformat() in top, (label, top)
    if when.diff_since is None:
        assert "diff off" in top or "Δ off" in top, (label, top)
    else:
        assert any(form in top for form in _day_forms(when.diff_since)), (label, top)  # with the year
    assert "↓" in top or "sorted by" in top, (label, top)
    keys = str(app.overview.query_one(KeyFooter).render())
    for exit_key in ("?", "^p", "q"):
        assert f" {exit_key} " in keys or keys.rstrip().endswith(f" {exit_key}"), (label, keys)


async def walk(app: TrackerApp, pilot: Pilot[int], days: list[date], sizes: list[tuple[int, int]],
               modes: list[tuple[date | None, datetime | None]]) -> int:
    checked = 0
    for width, height in sizes:
        await pilot.resize_terminal(width, height)
        await settle(pilot)
        for diff, known in modes:
            for day in days:
                app.when = When(day, known, diff)
                await settle(pilot)
                check_screen(app, f"{width}x{height} as of {day} diff {diff} known {known}")
                checked += 1
    return checked


class TestEveryEventDay:
    async def test_the_bundled_data_fits_every_size_on_every_event_day(self, loaded: Tracker) -> None:
        days = loaded.queries.event_days()
        app = make_app(loaded, days[0].isoformat())
        async with app.run_test(size=SIZES[0]) as pilot:
            await settle(pilot)
            checked = await walk(app, pilot, days + [date(2025, 12, 31)], SIZES, MODES)
        assert checked == len(SIZES) * len(MODES) * (len(days) + 1)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "store.db"
    synthetic_tracker(path).close()
    return path


class TestBigStore:
    async def test_three_hundred_proposals_and_forty_parties_fit_with_party_columns_scrolling(
            self, synthetic: Path) -> None:
        tracker = synthetic_tracker(synthetic)
        try:
            every = tracker.queries.event_days()
            days = every[:: max(1, len(every) // 6)][:6] + [every[-1]]
            app = make_app(tracker, days[-1].isoformat())
            async with app.run_test(size=SIZES[0]) as pilot:
                await settle(pilot)
                await walk(app, pilot, days, SIZES, MODES[:2])
                table = matrix(app)
                shown = table.parties_shown
                assert 0 < len(shown) < 40  # at 200 columns, forty parties still do not fit
                await pilot.press("right")
                assert table.parties_shown[0] == shown[1]
                assert table.render_line(0).text.startswith(" proposal")
        finally:
            tracker.close()


class TestColumnFit:
    def test_the_title_takes_the_width_the_other_columns_leave(self) -> None:
        view = fit_columns([70, 12, 3, 10, 3, 3, 3], 120, 4, 0)
        widths = dict(view.columns)
        assert widths[0] == 120 - 1 - (14 + 5 + 12) - 2 - 3 * 5
        assert not view.hidden_left and not view.hidden_right

    def test_party_columns_that_do_not_fit_scroll_under_the_pinned_ones(self) -> None:
        natural = [60, 12, 3, 10] + [3] * 40
        view = fit_columns(natural, 80, 4, 5)
        shown = [i for i, _ in view.columns]
        assert shown[:4] == [0, 1, 2, 3] and shown[4] == 9
        assert view.hidden_left == 5 and view.hidden_right == 40 - 5 - (len(shown) - 4)
        assert dict(view.columns)[0] >= TITLE_LEAST
        used = 1 + sum(w + 2 for _, w in view.columns) + len(f"▶ +{view.hidden_right}") - 1
        assert used <= 80


class TestHeader:
    def test_flags_are_shortened_before_decoration_is_kept_and_never_dropped(self) -> None:
        when = When(date(2025, 3, 19), KNOWN_ON, date(2025, 2, 19), "week")
        for width in (200, 120, 80, 60):
            shown = " ".join(form for _, form in compact(time_items(when, True), width))
            assert "2026-01-06" in shown and "2025" in shown and ("19 Feb 2025" in shown or "2025-02-19" in shown)
        wide = " ".join(form for _, form in compact(time_items(when, True), 200))
        assert "as of 19 Mar 2025 (Wed)" in wide and "step week" in wide
        narrow = [form for _, form in compact(time_items(when, True), 60)]
        assert "step week" not in narrow and "tracker" not in narrow


    def test_sort_filter_and_watch_stay_at_80_columns(self) -> None:
        when = When(date(2025, 3, 19), KNOWN_ON, date(2025, 2, 19))
        items = [*time_items(when, True), sort_item("last change"), filter_item("party:RU status:negotiating"),
                 count_item(3, 7, 4, True), watch_item("events")]
        fit, sep = fitted(items, 78)
        shown = [form for _, form in fit]
        line = sep.join(shown)
        assert len(line) <= 78, line
        assert any(f.startswith("↓last") or f.startswith("sorted by") for f in shown), shown
        assert any(f.startswith("/party:RU") or f.startswith("filter:") for f in shown), shown
        assert any("events/" in f for f in shown), shown
        assert "2026-01-06" in line and "2025" in line


class TestKeyLine:
    def test_the_exits_stay_and_other_keys_show_whole_or_not_at_all(self) -> None:
        keys = [("/", "filter", "/", "filter"), ("s", "sort", "s", "sort"),
                ("]", "next event", "]", "next_event"), ("g", "go to", "g", "go_to_date"),
                ("d", "diff", "d", "diff")]
        exits = [("?", "help", "?", "help"), ("^p", "palette", "ctrl+p", "command_palette"),
                 ("q", "quit", "q", "quit")]
        shown, kept = layout(keys, exits, 100)
        assert kept == exits and shown == keys  # room for every key in full words
        shown, kept = layout(keys, exits, 55)
        assert kept == exits
        assert [k for k, _, _, _ in shown] == ["/", "]", "d"]  # the most useful, in binding order
        assert ("]", "next", "]", "next_event") in shown  # in shorter words
        shown, kept = layout(keys, exits, 12)
        assert not shown and [k for k, _, _, _ in kept] == ["?", "^p", "q"]


async def test_the_key_line_keeps_help_palette_and_quit_at_80_columns(loaded: Tracker) -> None:
    app = make_app(loaded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for screen in ("overview", "proposal"):
            if screen == "proposal":
                app.open_proposal("energy-strike-pause-2025")
                await settle(pilot)
            line = str(app.screen.query_one(KeyFooter).render())
            assert line.rstrip().endswith("? help  ^p palette  q quit"), line


async def test_a_click_on_a_key_in_the_key_line_presses_it(loaded: Tracker) -> None:
    app = make_app(loaded, "2025-03-19")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        footer.render()
        start, _, _ = next(span for span in footer._spans if span[2] == "right_square_bracket")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await settle(pilot)
        assert app.when.as_of == date(2025, 3, 24)


async def test_party_columns_keep_one_order_across_filters_and_dates(loaded: Tracker) -> None:
    app = make_app(loaded, "2025-12-31")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = matrix(app)
        order = table.parties_shown
        for keys in (["slash", *"party:eu", "enter"], ["escape"], ["left_square_bracket"] * 3,
                     ["right_square_bracket"] * 3):
            for key in keys:
                await pilot.press(key)
            await settle(pilot)
            shown = table.parties_shown
            assert shown == [p for p in order if p in shown], (keys, shown, order)
        assert table.parties_shown == order


async def test_a_notification_never_covers_the_error_panel_nor_breaks_a_file_name(loaded: Tracker) -> None:
    from tracker.application.refusals import Refusal
    from textual.widgets._toast import Toast

    from tracker.ui.widgets.error_panel import ErrorPanel

    app = make_app(loaded, "2025-03-19")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        name = "2025-03-19-a-rather-long-journal-file-name-for-the-energy-pause.yaml"
        app.overview.show_refusals({name: (Refusal(name, 3, 5, "party", "unknown party 'XX'"),)})
        app.notify(f"refused {name}: nothing appended (see the error panel)", severity="error", markup=False)
        await settle(pilot)
        panel = app.overview.query_one(ErrorPanel).region
        assert panel.height > 0
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert not toast.region.overlaps(panel), (toast.region, panel)
            assert not toast.region.overlaps(app.overview.query_one(KeyFooter).region)
            lines = [line.text for line in toast.render_lines(toast.region.reset_offset)]
            assert any(name in line for line in lines), "\n".join(lines)
