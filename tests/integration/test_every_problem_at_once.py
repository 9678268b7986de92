"""One run of `validate` reports every problem of a file: none hides another, each at its own line, in words.

The store (every backend) holds the test registry (UA, RU, US, EU; aliases Kyiv, Kremlin, Moscow...; sources
src-daily and src-weekly) and the 30-day truce `truce-2025` (terms `halt` and `swap`, accepted by Ukraine as
`ua-accepts-truce`). The clock stands at 2025-06-01.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from journal_kit import Journal

from tracker.application.refusals import Refusal

# Fifteen independent mistakes of thirteen kinds; the `retracted` event holds four of them. Each mistake's line
# ends with a marker `#! field: words of the refusal`, so that the test reads its expectations from the file.
MISTAKES = """
    defaults:
      confidence: sure                   #! defaults.confidence: 'sure' is not a valid confidence; 7 events inherit it
    events:
      - type: accepted
        proposal: truce-2025
        date: 2025-03-13
        party: RUS                       #! events[0].party: unknown party 'RUS'
      - type: rejected
        proposal: truce-2026             #! events[1].proposal: unknown proposal 'truce-2026'
        date: 2025-03-14
        party: RU
      - type: retracted                  #! events[2].reason: missing field 'reason' for a `retracted` event
        proposal: truce-2025
        date: 2025-03-32                 #! events[2].date: March 2025 has 31 days
        retracts: ua-accepts             #! events[2].retracts: unknown event 'ua-accepts' to retract
        colour: red                      #! events[2].colour: unknown field 'colour' for a `retracted` event
      - type: violation_reported
        proposal: truce-2025
        date: 2025-03-15
        party: UA
        against: Moskow                  #! events[3].against: unknown party 'Moskow'
        sources: [src-dayly]             #! events[3].sources[0]: unknown source 'src-dayly'
      - type: countered
        proposal: truce-2025
        date: 2025-03-15
        party: RU
        confidence: confirmed
        counter_proposal: truce-2052     #! events[4].counter_proposal: unknown proposal 'truce-2052'
      - type: proposed
        proposal: eu-plan
        date: 2025-03-16
        party: EU
        title: A European plan
        kind: truce                      #! events[5].kind: 'truce' is not a valid kind
        parties: [UA, RU]
        confidence: reported
      - type: accepted
        proposal: eu-plan
        date: 2025-03-17
        party: UA
        confidence: reported
      - type: in_force
        proposal: truce-2025
        date: 2025-03-18
        duration_days: thirty            #! events[7].duration_days: duration_days must be a whole number
        confidence: reported
      - type: talks_held
        proposal: truce-2025
        date: 2025-03-18
        participants: [UA, RU]
        location: Riyadh
        sources: [{outlet: Wire, pages: 3}]   #! events[8].sources[0].pages: unknown field 'pages' for an inline source
      - type: rejected
        proposal: truce-2025
        date: 2025-03-19
        party: RU
        terms: [hault]                   #! events[9].terms[0]: unknown term 'hault'
      - type: reviewing
        proposal: truce-2025
        date: 2026-02-01                 #! events[10].date: in the future
        party: EU
"""

PYDANTIC_WORDS = re.compile(r"Input should|String should|Value error|Field required|Extra inputs|valid dictionary")


def _expected(text: str) -> list[tuple[int, str, str]]:
    """(line, field, words) of every marked mistake."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "#!" in line:
            field, words = line.split("#!", 1)[1].strip().split(": ", 1)
            found.append((number, field, words))
    return found


def _validate(journal: Journal, text: str) -> tuple[list[Refusal], str]:
    path = journal.write(text, "mistakes.yaml")
    text = path.read_text()
    before = journal.head()
    [outcome] = journal.tracker.services.append_paths([path], dry_run=True)
    assert outcome.outcome == "refused"
    assert journal.head() == before
    return list(outcome.refusals), text


class TestOneRunFindsEveryProblem:
    def test_fifteen_mistakes_of_thirteen_kinds_are_all_reported_each_at_its_own_line(self, truce: Journal) -> None:
        refusals, text = _validate(truce, MISTAKES)
        expected = _expected(text)
        assert len(expected) == 15
        for line, field, words in expected:
            matching = [r for r in refusals if r.field == field and words in r.message]
            assert matching, f"line {line}: {field}: {words!r} not in {[str(r) for r in refusals]}"
            assert matching[0].line == line, str(matching[0])
        assert len(refusals) == len(expected), "\n".join(map(str, refusals))
        assert len({r.line for r in refusals}) == len(refusals), "each problem at its own line"

    def test_a_failed_proposed_does_not_make_its_proposal_unknown_to_the_events_after_it(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, MISTAKES)
        assert not [r for r in refusals if r.field.startswith("events[6]")], "eu-plan's acceptance is fine"

    def test_no_refusal_speaks_pydantic_and_events_take_the_right_article(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, MISTAKES)
        for refusal in refusals:
            assert not PYDANTIC_WORDS.search(str(refusal)), str(refusal)
            assert "a `accepted`" not in str(refusal) and "a `in_force`" not in str(refusal)

    def test_the_nearest_valid_value_is_suggested(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, MISTAKES)
        hints = {r.field: r.suggestion for r in refusals}
        assert hints["events[0].party"] == "RU"
        assert hints["events[1].proposal"] == "truce-2025"
        assert hints["events[2].retracts"] == "ua-accepts-truce"
        assert hints["events[3].sources[0]"] == "src-daily"


class TestDefaults:
    def test_a_bad_default_is_reported_once_at_its_line_with_how_many_events_inherit_it(self, truce: Journal) -> None:
        refusals, text = _validate(truce, """
            defaults:
              proposal: truce-2025
              party: Moskow
              confidence: sure
            events:
              - {type: reviewing, date: 2025-03-13}
              - {type: withdrawn, date: 2025-03-14, confidence: reported}
              - {type: reviewing, date: 2025-03-15, party: UA}
        """)
        assert [(r.line, r.field) for r in refusals] == [(3, "defaults.party"), (4, "defaults.confidence")]
        assert "unknown party 'Moskow'" in refusals[0].message and "2 events inherit it" in refusals[0].message
        assert "2 events inherit it" in refusals[1].message and refusals[1].suggestion is None

    def test_an_unfilled_default_placeholder_is_reported_once(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, """
            defaults:
              proposal: <proposal-id>
            events:
              - {type: reviewing, date: 2025-03-13, party: RU}
              - {type: reviewing, date: 2025-03-14, party: EU}
        """)
        assert [(r.field, r.message.split(":")[0]) for r in refusals] == [
            ("defaults.proposal", "placeholder <proposal-id> not filled in")]


class TestInlineSources:
    def test_an_unknown_field_of_an_inline_source_is_named_with_the_inline_source_fields(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, """
            events:
              - type: reviewing
                proposal: truce-2025
                date: 2025-03-13
                party: RU
                sources: [{outlet: Wire, pages: 3}, src-daily, {url: "https://example.org"}]
        """)
        assert [(r.field, r.message) for r in refusals] == [
            ("events[0].sources[0].pages", "unknown field 'pages' for an inline source"),
            ("events[0].sources[2].outlet", "missing field 'outlet' for an inline source"),
        ]
        assert refusals[0].expected == "one of: outlet, published, url, quote, language"


class TestLookalikes:
    def test_an_alias_with_a_cyrillic_letter_does_not_name_a_party(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, """
            events:
              - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: Kreml\u0456n}
        """)
        [refusal] = refusals
        assert "Cyrillic letter 'і' (U+0456)" in refusal.message and refusal.suggestion == "kremlin"
        assert refusal.found == "Kreml\\u0456n"

    def test_an_alias_with_a_zero_width_space_is_refused_with_the_plain_name_suggested(self, truce: Journal) -> None:
        refusals, _ = _validate(truce, """
            events:
              - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: "Kyiv\u200b"}
        """)
        [refusal] = refusals
        assert "invisible character (U+200B ZERO WIDTH SPACE)" in refusal.message and refusal.suggestion == "kyiv"

    @pytest.mark.parametrize("alias", ["Kreml\u0456n", "Mos\u0441ow", "Kre\u200bmlin", "KREMLIN\u2060"])
    def test_a_new_party_cannot_take_a_name_that_looks_like_another_partys(self, truce: Journal, alias: str) -> None:
        refusals, _ = _validate(truce, f"""
            parties:
              - {{id: XX, name: Example, aliases: ["{alias}"]}}
            events:
              - {{type: reviewing, proposal: truce-2025, date: 2025-03-13, party: XX}}
        """)
        assert refusals and refusals[0].field == "parties[0].aliases[0]"
        assert "could be mistaken for another name: it looks exactly like" in refusals[0].message
        assert "which names party 'RU'" in refusals[0].message

    def test_a_name_in_another_script_alone_is_fine(self, truce: Journal) -> None:
        outcome = truce.append("""
            parties:
              - {id: RU, name: Russia, aliases: [Кремль, Москва]}
            events:
              - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: Кремль}
        """)
        assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]


class TestNotAFile:
    def test_a_fifo_with_no_writer_is_refused_at_once(self, truce: Journal, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        done: list[object] = []
        worker = threading.Thread(target=lambda: done.append(truce.tracker.services.append_paths([fifo], True)),
                                  daemon=True)
        worker.start()
        worker.join(timeout=20)
        if worker.is_alive():  # release the reader so that the test process can end, then fail
            with open(fifo, "wb"):
                pass
            pytest.fail("validate blocked on a FIFO with no writer")
        [[outcome]] = done  # type: ignore[misc]
        assert outcome.outcome == "refused"  # type: ignore[attr-defined]
        assert "named pipe (FIFO), not a regular file" in str(outcome.refusals[0])  # type: ignore[attr-defined]

