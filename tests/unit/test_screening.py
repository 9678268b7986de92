"""Values screened before validation: template placeholders, names that only look right, files that are not files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracker.application.whole_file import Unreadable, read_whole
from tracker.ingest.files import NotARegularFile, check_regular
from tracker.ingest.screening import is_placeholder, lookalike_of, placeholders, skeleton, spoofing
from tracker.ingest.yaml_loader import load


@pytest.mark.parametrize("text", ["<party>", "<YYYY-MM-DD>", "<proposal-id>", "<expired|terminated|collapsed|superseded>"])
def test_what_a_template_writes_is_a_placeholder(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["<b>bold</b>", "<>", "< x>", "<3", "a <b>", "x<y>", "<" + "a" * 100 + ">", "party"])
def test_markup_and_ordinary_text_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


def test_placeholders_are_found_with_their_paths_at_any_depth() -> None:
    found = placeholders({"party": "<party>", "parties": ["UA", "<party>"], "terms": [{"id": "<event-id>", "text": "t"}]})
    assert found == [(("party",), "<party>"), (("parties", 1), "<party>"), (("terms", 0, "id"), "<event-id>")]


@pytest.mark.parametrize("text", ["<A>", "<note>", "<unconfirmed>", "<Kyiv>"])
def test_only_what_a_template_writes_is_refused_as_a_placeholder(text: str) -> None:
    # A note or a title may read `<A>`: only the values `tracker template` leaves to fill in are placeholders.
    assert not is_placeholder(text) and placeholders({"note": text}) == []


def test_a_file_without_any_angle_bracket_is_known_to_hold_no_placeholder() -> None:
    assert load("events: []\n").may_hold_placeholders is False  # type: ignore[attr-defined]
    assert load("events: [{note: <why>}]\n").may_hold_placeholders is True  # type: ignore[attr-defined]


class TestLookalikes:
    def test_a_cyrillic_letter_in_a_latin_name_is_named(self) -> None:
        assert spoofing("Kreml\u0456n") == "it mixes Latin letters with the Cyrillic letter '\u0456' (U+0456)"
        assert skeleton("Kreml\u0456n") == skeleton("Kremlin") == "kremlin"
        assert lookalike_of("Kreml\u0456n", {"kremlin": "RU", "kyiv": "UA"}) == "kremlin"

    @pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u2060", "\u200e", "\u202e", "\u00ad", "\ufeff"])
    def test_an_invisible_character_is_named(self, char: str) -> None:
        reason = spoofing(f"Ky{char}iv")
        assert reason is not None and reason.startswith("it contains an invisible character (U+")

    @pytest.mark.parametrize("name", ["Kremlin", "Кремль", "Ελλάδα", "Washington D.C.", "Côte d'Ivoire"])
    def test_a_name_in_one_script_is_fine(self, name: str) -> None:
        assert spoofing(name) is None


class TestOnlyRegularFiles:
    def test_a_fifo_is_refused_without_waiting_for_a_writer(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(NotARegularFile, match="named pipe"):
            check_regular(fifo)

    def test_a_device_is_refused(self) -> None:
        with pytest.raises(NotARegularFile, match="character device"):
            check_regular("/dev/null")

    def test_a_directory_is_a_directory(self, tmp_path: Path) -> None:
        with pytest.raises(IsADirectoryError):
            check_regular(tmp_path)

    def test_a_file_is_read_whole_within_the_limit_and_refused_past_it(self, tmp_path: Path) -> None:
        path = tmp_path / "f.yaml"
        path.write_bytes(b"x" * 5000)
        assert read_whole(path, 10**6)[0] == b"x" * 5000
        with pytest.raises(Unreadable, match="over the limit"):
            read_whole(path, 4096)
