"""`tracker template`: the list of types, list items for under `events:`, a whole file, and the README's idiom of
appending templates to one file again and again, which must always give one valid file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from journal_kit import Journal, Run

from tracker.domain.events import EVENT_TYPES, fields_of, required_fields_of
from tracker.ingest.authoring import items, whole_file
from tracker.ingest.yaml_loader import load

PLACEHOLDER = re.compile(r"<[^<>\n]+>")


class TestTheCommand:
    def test_without_a_type_it_lists_the_types_one_a_line(self, cli: Callable[..., Run]) -> None:
        run = cli("template")
        assert run.code == 0
        lines = run.out.splitlines()
        assert [line.split()[0] for line in lines] == list(EVENT_TYPES)
        assert "countered" in run.out and "(needs counter_proposal)" in run.out

    def test_a_type_gives_a_list_item_to_put_under_events(self, cli: Callable[..., Run]) -> None:
        run = cli("template", "accepted")
        assert run.code == 0 and run.out.startswith("  - type: accepted")
        assert load("events:\n" + run.out)["events"][0]["type"] == "accepted"

    def test_several_types_give_several_items(self, cli: Callable[..., Run]) -> None:
        run = cli("template", "accepted", "rejected", "talks_held")
        assert [e["type"] for e in load("events:\n" + run.out)["events"]] == ["accepted", "rejected", "talks_held"]

    def test_file_gives_a_whole_file_ending_with_events(self, cli: Callable[..., Run]) -> None:
        run = cli("template", "--file", "proposed")
        assert run.code == 0
        assert load(run.out)["events"][0]["type"] == "proposed"
        assert [line for line in run.out.splitlines() if not line.startswith(("#", " "))] == ["events:"]

    def test_an_unknown_type_exits_2_with_the_nearest_suggested(self, cli: Callable[..., Run]) -> None:
        run = cli("template", "accepted", "violation")
        assert run.code == 2 and "did you mean 'violation_reported'" in run.err and run.out == ""


class TestTheIdiom:
    def test_appending_templates_to_one_file_again_and_again_gives_one_valid_file(self, cli: Callable[..., Run],
                                                                                 tmp_path: Path) -> None:
        path = tmp_path / "episode.yaml"
        path.write_text(cli("template", "--file", "proposed").out)
        for kind in ("accepted", "accepted", "rejected", "talks_held"):
            with path.open("a") as f:
                f.write(cli("template", kind).out)
        data = load(path.read_text())
        assert [e["type"] for e in data["events"]] == ["proposed", "accepted", "accepted", "rejected", "talks_held"]

    def test_an_unedited_template_is_refused_and_appends_nothing(self, truce: Journal) -> None:
        text = whole_file(["accepted"]) + items(["reviewing"])
        before = truce.head()
        outcome = truce.append(text, "unedited.yaml")
        assert outcome.outcome == "refused" and truce.head() == before
        placeholders = [m.group() for line in text.splitlines() if not line.lstrip().startswith("#")
                        for m in PLACEHOLDER.finditer(line.split(" #")[0])]
        assert len(outcome.refusals) == len(placeholders) == 6
        assert all("not filled in" in r.message for r in outcome.refusals)

    def test_the_same_file_filled_in_is_appended(self, truce: Journal) -> None:
        text = whole_file(["accepted"]) + items(["reviewing"])
        filled = text.replace("<proposal-id>", "truce-2025").replace("<YYYY-MM-DD>", "2025-03-14")
        filled = filled.replace("<party>", "RU", 1).replace("<party>", "EU")
        outcome = truce.append(filled, "filled.yaml")
        assert outcome.outcome == "appended" and outcome.appended == 2, [str(r) for r in outcome.refusals]


@pytest.mark.parametrize("kind", EVENT_TYPES)
class TestEachItem:
    def test_required_fields_are_placeholders_and_optional_ones_are_commented(self, kind: str) -> None:
        text = items([kind])
        event = load("events:\n" + text)["events"][0]
        assert set(event) == {"type", *required_fields_of(kind)}
        for name in required_fields_of(kind):
            assert PLACEHOLDER.search(str(event[name])), name
        for name in set(fields_of(kind)) - set(required_fields_of(kind)):
            assert f"    # {name}: " in text, name

    def test_comments_read_cleanly(self, kind: str) -> None:
        text = items([kind])
        assert "optional: optional" not in text and "  ;" not in text and ": :" not in text
        for line in text.splitlines():
            comment = line.split(" # ", 1)[-1] if " # " in line else ""
            assert not comment.startswith(("optional: optional", "required")), line
