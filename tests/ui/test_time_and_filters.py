"""The pieces without a screen: typed dates and instants, steps, filters, the watch folder rule, import hygiene."""

from __future__ import annotations

import ast
import argparse
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tracker.ui.app import watch_folder
from tracker.ui.filtering import RowFilter
from tracker.ui.timecontrol import (
    add_months,
    longer_step,
    next_event_day,
    parse_date,
    parse_instant,
    previous_event_day,
    step_date,
)
from tracker.ui.watcher import FolderWatch

UI = Path(__file__).resolve().parents[2] / "tracker" / "ui"
D = date(2025, 3, 19)


class TestTypedDates:
    @pytest.mark.parametrize(("text", "expected"), [
        ("2025-03-19", date(2025, 3, 19)), ("2025-03", date(2025, 3, 31)), ("2024", date(2024, 12, 31)),
        ("-2w", date(2025, 3, 5)), ("+1m", date(2025, 4, 19)), ("-3d", date(2025, 3, 16)), ("+1y", date(2026, 3, 19)),
        ("today", date(2026, 1, 5)), (" +10D ", date(2025, 3, 29)),
    ])
    def test_understands_days_months_years_and_relative_steps(self, text: str, expected: date) -> None:
        assert parse_date(text, D, date(2026, 1, 5)) == expected

    @pytest.mark.parametrize("text", ["", "2025-13", "yesterday", "2025-02-30", "+w"])
    def test_refuses_anything_else_with_a_message(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_date(text, D, D)

    def test_reads_an_instant_a_date_or_nothing(self) -> None:
        assert parse_instant("") is None and parse_instant("now") is None
        assert parse_instant("2025-03-20T12:00Z") == datetime(2025, 3, 20, 12, tzinfo=timezone.utc)
        assert parse_instant("2025-03-20") == datetime(2025, 3, 20, 23, 59, 59, 999999, tzinfo=timezone.utc)
        with pytest.raises(ValueError):
            parse_instant("soon")


class TestSteps:
    def test_a_month_step_keeps_the_day_when_it_can(self) -> None:
        assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
        assert step_date(D, "month", False) == date(2025, 2, 19)
        assert step_date(D, "week", True) == date(2025, 3, 26)

    def test_the_step_grows_and_shrinks_within_day_week_month(self) -> None:
        assert longer_step("day", True) == "week" and longer_step("month", True) == "month"
        assert longer_step("day", False) == "day"

    def test_event_days_are_found_either_side(self) -> None:
        days = [date(2025, 3, 18), date(2025, 3, 19), date(2025, 3, 24)]
        assert next_event_day(days, D) == date(2025, 3, 24)
        assert previous_event_day(days, D) == date(2025, 3, 18)
        assert next_event_day(days, date(2025, 3, 24)) is None


class TestFilter:
    def test_parses_tokens_and_words(self) -> None:
        parsed = RowFilter.parse("status:rejected kind:maritime party:RU black sea")
        assert parsed == RowFilter(("rejected",), ("maritime",), ("ru",), ("black", "sea"))
        assert not RowFilter.parse("  ")


class TestWatchFolder:
    def test_watches_what_is_asked_or_a_local_events_folder_but_not_the_bundled_one(self, tmp_path: Path) -> None:
        def args(watch: str | None = None, no_watch: bool = False) -> argparse.Namespace:
            return argparse.Namespace(as_of=None, watch=watch, no_watch=no_watch)

        assert watch_folder(args("inbox"), tmp_path) == Path("inbox")
        assert watch_folder(args(), tmp_path) is None
        (tmp_path / "events").mkdir()
        assert watch_folder(args(), tmp_path) == tmp_path / "events"
        assert watch_folder(args(no_watch=True), tmp_path) is None
        assert watch_folder(args(), UI.parents[1]) is None  # the repository's own events/ is the bundled journal

    def test_only_files_saved_after_the_start_count(self, tmp_path: Path) -> None:
        (tmp_path / "old.yaml").write_text("x")
        watch = FolderWatch(tmp_path, settle=0)
        assert watch.changed() == []
        (tmp_path / "new.yml").write_text("y")
        (tmp_path / "notes.txt").write_text("z")
        assert watch.changed() == []  # seen once: handed over when still unchanged at the next look
        assert watch.changed() == [tmp_path / "new.yml"]
        (tmp_path / "old.yaml").write_text("changed")
        assert watch.changed() == []
        assert watch.changed() == [tmp_path / "old.yaml"]
        assert watch.changed() == []


def test_the_ui_never_imports_the_store_or_sqlalchemy() -> None:
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith(("tracker.store", "sqlalchemy")), f"{path.name} imports {name}"
