"""Output worth copying: whole ids, every field an analyst needs, help for every option, 80 columns piped."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from journal_kit import FIXTURES, Run

from tracker import cli as cli_module
from tracker.text import inert

Cli = Callable[..., Run]

EPISODE = """\
defaults: {proposal: truce-2025}
events:
  - {id: ru-accepts-truce-with-conditions-about-the-front-line, type: accepted, date: 2025-03-13, party: RU,
     conditions: [freeze of the front line, no rearmament during the pause], confidence: claimed,
     sources: [{outlet: Some wire, published: 2025-03-13, url: "https://example.org/ru-accepts"}]}
  - {id: talks-in-riyadh-about-the-truce, type: talks_held, date: 2025-03-14, participants: [US, RU],
     location: Riyadh, outcome: agreement on a monitoring group}
  - {id: ua-rejects-truce-later, type: rejected, date: 2025-03-15, party: UA, reason: the front line keeps moving}
  - {id: correction-of-the-ua-rejection, type: retracted, date: 2025-03-16, retracts: ua-rejects-truce-later,
     reason: misattributed quote}
"""


@pytest.fixture
def episode(cli: Cli, tmp_path: Path) -> str:
    db = str(tmp_path / "episode.db")
    extra = tmp_path / "episode.yaml"
    extra.write_text(EPISODE)
    run = cli("--db", db, "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml"), str(extra))
    assert run.code == 0, run.out + run.err
    return db


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


class TestTimeline:
    def test_every_field_an_analyst_needs_is_shown(self, cli: Cli, episode: str, narrow: None) -> None:
        out = cli("--db", episode, "timeline", "truce-2025").out
        for text in ("conditions: freeze of the front line, no rearmament during the pause", "[claimed]",
                     "participants: US, RU", "location: Riyadh", "outcome: agreement on a monitoring group",
                     "reason: the front line keeps moving", "source: Some wire · 2025-03-13 · https://example.org/ru-accepts",
                     "source: src-daily · Dutch daily · 2025-03-19", "retracts: ua-rejects-truce-later",
                     "retracted by: correction-of-the-ua-rejection", "RETRACTED",
                     "term halt: Halt of all hostilities on land, sea and air", "term swap: Exchange of prisoners"):
            assert text in out, text

    def test_ids_are_never_broken_at_80_columns(self, cli: Cli, episode: str, narrow: None) -> None:
        out = cli("--db", episode, "timeline", "truce-2025").out
        for event_id in ("ru-accepts-truce-with-conditions-about-the-front-line", "correction-of-the-ua-rejection",
                         "us-proposes-truce", "ua-rejects-truce-later"):
            assert f"id: {event_id}\n" in out
        assert all(len(line) <= 80 for line in out.splitlines() if "id: " not in line), out

    def test_an_unknown_proposal_suggests_the_nearest(self, cli: Cli, episode: str) -> None:
        run = cli("--db", episode, "timeline", "truce")
        assert (run.code, run.err) == (1, "tracker: unknown proposal 'truce'; did you mean 'truce-2025'?\n")


class TestLookupsAreTheSameEverywhere:
    @pytest.mark.parametrize("args", [["timeline", "truce-2024"], ["status", "--proposal", "truce-2024"],
                                      ["diff", "2025-01", "2025-06", "--proposal", "truce-2024"]])
    def test_an_unknown_proposal(self, cli: Cli, episode: str, args: list[str]) -> None:
        run = cli("--db", episode, *args)
        assert (run.code, run.out, run.err) == (1, "", "tracker: unknown proposal 'truce-2024'; did you mean 'truce-2025'?\n")

    def test_the_application_layer_answers_for_parties_and_events(self, episode: str) -> None:
        from tracker.application import lookups
        from tracker.application.bootstrap import open_tracker

        tracker = open_tracker(f"sqlite:///{episode}", create=False)
        try:
            assert lookups.party(tracker.queries, "kyiv") == "UA"
            with pytest.raises(lookups.UnknownId, match="unknown party 'USA'; did you mean 'US'"):
                lookups.party(tracker.queries, "USA")
            assert lookups.event(tracker.queries, "us-proposes-truce") == "us-proposes-truce"
            with pytest.raises(lookups.UnknownId, match="did you mean 'ua-rejects-truce-later'"):
                lookups.event(tracker.queries, "ua-reject-truce-later")
            assert lookups.proposal(tracker.queries, "truce-2025") == "truce-2025"
        finally:
            tracker.close()

    def test_an_echoed_argument_is_inert(self, cli: Cli, episode: str) -> None:
        run = cli("--db", episode, "status", "--proposal", "\x1b[2J\x1b]52;c;aGk=\x07")
        assert run.code == 1 and "\x1b" not in run.err and "\x07" not in run.err
        assert "\\x1b[2J" in run.err


    def test_a_usage_error_echoes_what_was_typed_inert(self, cli: Cli) -> None:
        run = cli("status", "\x1b]0;owned\x07")
        assert run.code == 2 and "\x1b" not in run.err and "\x07" not in run.err and "\\x1b]0;owned" in run.err


class TestStatusAndReplay:
    def test_violation_reports_are_listed_in_date_order(self, cli: Cli, bundled_sqlite: Path, tmp_path: Path) -> None:
        db = tmp_path / "b.db"
        shutil.copy(bundled_sqlite, db)
        out = cli("--db", str(db), "status").out
        # Dates are shown as written in words ("19 Mar 2025", "Mar 2025"): compare their first days.
        shown = re.findall(r"^  ((?:\d{1,2}(?:-\d{1,2})? )?[A-Z][a-z]{2} \d{4})  \S+: \S+ reports a violation", out,
                           re.MULTILINE)
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

        def first_day(text: str) -> tuple[int, int, int]:
            *day, month, year = text.split()
            return int(year), months.index(month) + 1, int(day[0].split("-")[0]) if day else 1

        assert len(shown) >= 3 and [first_day(d) for d in shown] == sorted(first_day(d) for d in shown)
        assert shown[0].endswith("2022")  # the 2022 proposal's report comes first, though its id sorts later

    def test_replay_from_a_date_includes_that_date(self, cli: Cli, episode: str) -> None:
        out = cli("--db", episode, "replay", "--from", "2025-03-13", "--to", "2025-03-16").out
        assert out.startswith("13 Mar 2025  accepted truce-2025 by RU  [claimed]  "
                              "(ru-accepts-truce-with-conditions-about-the-front-line)\n")
        data = cli("--db", episode, "replay", "--from", "2025-03-13", "--to", "2025-03-16", "--json").json()
        assert data["from"] == "2025-03-13" and data["steps"][0]["date"] == "2025-03-13"

    def test_replay_lines_show_confidence_and_what_a_retraction_retracts(self, cli: Cli, episode: str) -> None:
        out = cli("--db", episode, "replay", "--to", "2025-03-31").out
        assert ("16 Mar 2025  retracted truce-2025 retracts ua-rejects-truce-later  [reported]  "
                "(correction-of-the-ua-rejection)") in out

    def test_diff_lines_are_whole_at_80_columns(self, cli: Cli, episode: str, narrow: None) -> None:
        out = cli("--db", episode, "diff", "2025-03-11", "2025-03-31").out
        assert out.splitlines() == ["changes from 2025-03-11 to 2025-03-31: 3",
                                    "  truce-2025  status: proposed -> agreed",
                                    "  truce-2025  UA position: unknown -> accepted",
                                    "  truce-2025  RU position: unknown -> conditional"]


class TestHelp:
    def test_every_option_and_argument_of_every_command_has_help(self) -> None:
        top = cli_module.parser()
        missing = []
        parsers = [("tracker", top)]
        for action in top._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += [(f"tracker {name}", p) for name, p in action.choices.items()]
        for name, p in parsers:
            for action in p._actions:
                if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
                    continue
                if not action.help:
                    missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
        assert not missing, missing

    def test_as_of_without_a_command_opens_the_dashboard_at_that_date(self, cli: Cli, episode: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
        from tracker.commands import dashboard

        seen = {}

        def fake(tracker: object, args: argparse.Namespace) -> int:
            seen["as_of"] = args.as_of
            return 0

        monkeypatch.setattr(dashboard, "run", fake)
        assert cli("--db", episode, "--as-of", "2025-03-19").code == 0
        assert seen["as_of"] == date(2025, 3, 19)


def test_inert_text_escapes_control_characters_and_keeps_the_rest() -> None:
    assert inert("a\x1b[31mb\x07c\u202ed") == "a\\x1b[31mb\\x07c\\u202ed"
    assert inert("Kyiv – Київ") == "Kyiv – Київ"


def test_piped_output_is_plain_text_at_80_columns(episode: str) -> None:
    import os
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("COLUMNS", None)
    run = subprocess.run([sys.executable, "-m", "tracker", "--db", episode, "status"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout
    assert "truce-2025" in run.stdout and all(len(line) <= 80 for line in run.stdout.splitlines()), run.stdout
