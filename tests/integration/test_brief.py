"""`brief`: a briefing that regenerates byte for byte, in Markdown, HTML and CSV (every backend)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from journal_kit import Journal, Run

from tracker.application.brief import make_briefing
from tracker.application.render import FORMATS, render

MONDAY = """
    events:
      - {id: ru-rejects, type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU, reason: aid first,
         sources: [{outlet: Wire, published: 2025-03-18, url: "https://example.org/a", quote: "Not now."}]}
      - {id: v1, type: violation_reported, proposal: truce-2025, date: 2025-03-19, party: UA, against: RU,
         disputed_by: [RU], description: shelling, sources: [src-weekly]}
"""
LATER_NEWS = """
    events:
      - {id: ru-reviews, type: reviewing, proposal: truce-2025, date: 2025-03-20, party: RU}
      - {id: v2, type: violation_reported, proposal: truce-2025, date: 2025-03-19, party: RU, against: UA}
      - {id: us-amends, type: amended, proposal: truce-2025, date: 2025-03-19, party: US, title: 45-day truce}
"""
CORRECTION = """
    events:
      - {id: fix, type: retracted, proposal: truce-2025, date: 2025-03-26, retracts: ru-rejects, reason: misquote}
"""


@pytest.fixture
def monday(truce: Journal) -> Journal:
    truce.append_ok(MONDAY, at="2025-03-24T08:00:00Z")
    truce.clock.set("2025-03-24T09:00:00Z")  # Monday's briefing is made an hour after the last append
    return truce


def briefs(journal: Journal, **kwargs: object) -> dict[str, bytes]:
    return {fmt: render(make_briefing(journal.tracker.queries, lanes=fmt == "html", **kwargs), fmt)  # type: ignore[arg-type]
            for fmt in FORMATS}


class TestReproducible:
    def test_monday_briefing_regenerates_byte_for_byte_after_news_and_a_retraction(self, monday: Journal) -> None:
        first = briefs(monday, as_of=date(2025, 3, 24))
        known_on = make_briefing(monday.tracker.queries).known_on
        assert known_on.isoformat() == "2025-03-24T08:00:00+00:00"  # the store's last recorded instant
        monday.append_ok(LATER_NEWS, at="2025-03-25T10:00:00Z")
        monday.append_ok(CORRECTION, at="2025-03-26T10:00:00Z")
        monday.clock.set("2025-03-27T09:00:00Z")
        assert briefs(monday, as_of=date(2025, 3, 24), known_on=known_on) == first
        now = briefs(monday, as_of=date(2025, 3, 24))
        assert all(now[fmt] != first[fmt] for fmt in FORMATS)  # the later news does show without --known-on

    def test_known_on_alone_means_what_was_known_then_about_then(self, monday: Journal) -> None:
        first = briefs(monday)  # as of today (Monday), known on the last append
        monday.append_ok(CORRECTION, at="2025-03-26T10:00:00Z")
        monday.clock.set("2025-03-27T09:00:00Z")
        from datetime import datetime, timezone

        assert briefs(monday, known_on=datetime(2025, 3, 24, 8, tzinfo=timezone.utc)) == first

    def test_on_the_command_line_too(self, monday: Journal, cli: Callable[..., Run], tmp_path: Path) -> None:
        db = monday.tracker.url
        for fmt in FORMATS:
            assert cli("brief", "--db", db, "--as-of", "2025-03-24", "--format", fmt, "-o", str(tmp_path / f"a.{fmt}")).code == 0
        header = (tmp_path / "a.md").read_text()
        command = re.search(r"`(tracker brief [^`]+)`", header)
        assert command is not None
        monday.append_ok(LATER_NEWS, at="2025-03-25T10:00:00Z")
        monday.append_ok(CORRECTION, at="2025-03-26T10:00:00Z")
        args = command.group(1).split()[2:]
        for fmt in FORMATS:
            run = cli("brief", "--db", db, *args, "--format", fmt, "-o", str(tmp_path / f"b.{fmt}"))
            assert run.code == 0, run.err
            assert (tmp_path / f"b.{fmt}").read_bytes() == (tmp_path / f"a.{fmt}").read_bytes()


class TestWhatABriefingSays:
    def test_the_header_names_as_of_known_on_and_the_store_head(self, monday: Journal) -> None:
        text = briefs(monday, as_of=date(2025, 3, 24))["md"].decode()
        head = monday.tracker.queries.mark()
        assert head is not None
        assert "| as of | 2025-03-24 |" in text
        assert "| known on | 2025-03-24T08:00:00Z (what the store had recorded by then) |" in text
        assert f"| store head | position {head.position}, hash {head.hash} |" in text
        assert "`tracker brief --as-of 2025-03-24 --known-on 2025-03-24T08:00:00Z --since 2025-03-17`" in text

    def test_markdown_has_the_matrix_the_why_line_the_changes_and_numbered_sources(self, monday: Journal) -> None:
        text = briefs(monday, as_of=date(2025, 3, 24))["md"].decode()
        assert "| 30-day truce (`truce-2025`) | rejected | 1 | ✔ accepted | ✘ rejected | ● proposer |" in text
        assert "**rejected**: RU's current position is rejected, since 2025-03-18 (event ru-rejects)" in text
        assert "- truce-2025 RU position: (none) → rejected" not in text  # RU had a column before: unknown
        assert "- truce-2025 RU position: unknown → rejected" in text
        assert "- truce-2025 status: negotiating → rejected" in text
        assert "**disputed by RU**" in text
        used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
        defined = set(re.findall(r"^\[\^(\d+)\]:", text, re.M))
        assert used and used == defined
        assert '[^2]: Dutch daily, published 2025-03-19, nl, source src-daily' in text
        assert '[^1]: Wire, published 2025-03-18, https://example.org/a — "Not now."' in text

    def test_html_is_one_self_contained_file_with_svg_swimlanes(self, monday: Journal) -> None:
        text = briefs(monday, as_of=date(2025, 3, 24))["html"].decode()
        assert text.startswith("<!DOCTYPE html>") and text.count("<svg") == 1
        assert "<script" not in text and "<link" not in text and not re.search(r'src="https?:', text)
        assert "@media print" in text
        assert '<span class="disputed">disputed by RU</span>' in text
        assert "<title>RU rejected: 2025-03-18 to 2025-03-24</title>" in text

    def test_csv_is_long_format_one_row_per_proposal_and_party(self, monday: Journal) -> None:
        rows = list(csv.DictReader(io.StringIO(briefs(monday, as_of=date(2025, 3, 24))["csv"].decode())))
        assert [(r["proposal"], r["party"], r["position"], r["since"], r["revision"], r["stale"], r["status"])
                for r in rows] == [
            ("truce-2025", "UA", "accepted", "2025-03-12", "1", "false", "rejected"),
            ("truce-2025", "RU", "rejected", "2025-03-18", "1", "false", "rejected"),
            ("truce-2025", "US", "proposer", "2025-03-11", "1", "false", "rejected")]
        assert {(r["as_of"], r["known_on"]) for r in rows} == {("2025-03-24", "2025-03-24T08:00:00Z")}

    def test_text_from_event_files_cannot_become_markup(self, monday: Journal) -> None:
        monday.append_ok("""
            events:
              - {type: reviewing, proposal: truce-2025, date: 2025-03-20, party: EU,
                 sources: [{outlet: "<script>alert(1)</script> | *bold* \\e[31m"}]}
        """, at="2025-03-24T08:30:00Z")
        out = briefs(monday, as_of=date(2025, 3, 24))
        assert b"<script>" not in out["html"] and b"&lt;script&gt;" in out["html"]
        assert b"\\<script\\>alert(1)\\</script\\> \\| \\*bold\\*" in out["md"]
        assert b"\x1b" not in out["md"] and b"\x1b" not in out["html"]

    def test_the_collector_is_back_on_after_a_briefing(self, monday: Journal, cli: Callable[..., Run],
                                                        tmp_path: Path) -> None:
        import gc

        assert gc.isenabled()
        assert cli("brief", "--db", monday.tracker.url, "-o", str(tmp_path / "b.md")).code == 0
        assert gc.isenabled()

    def test_only_the_proposals_asked_for(self, monday: Journal, cli: Callable[..., Run]) -> None:
        run = cli("brief", "--db", monday.tracker.url, "--as-of", "2025-03-24", "--proposal", "truce-2052")
        assert run.code == 1 and run.err == "tracker brief: unknown proposal 'truce-2052'; did you mean 'truce-2025'?\n"
        run = cli("brief", "--db", monday.tracker.url, "--as-of", "2025-03-24", "--format", "csv",
                  "--proposal", "truce-2025")
        assert run.code == 0 and run.out.count("truce-2025") == 3


class TestSwimlanes:
    def test_changes_narrower_than_a_pixel_give_way_to_the_next(self) -> None:
        from tracker.application.render.svg import _visible

        days = [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3), date(2021, 1, 1)]
        segments = ((days[0], "reviewing", False), (days[1], "accepted", False), (days[2], "reviewing", False),
                    (days[3], "rejected", False))
        # at one pixel a month, the first three days share a pixel: the position held at its end shows
        assert _visible(segments, days[0].toordinal(), 1 / 30) == [segments[2], segments[3]]
        assert _visible(segments, days[0].toordinal(), 1.0) == list(segments)
