"""Every refusal of DOMAIN.md ('What is refused'), through `tracker append`: exit 1, where, what, a hint, nothing written.

Each case appends one file to a store holding the test registry (UA, RU, US, EU; aliases Kyiv, Kremlin, ...)
and the 30-day truce (`truce-2025`, proposed 2025-03-11 by the US, terms `halt` and `swap`, accepted by Ukraine
on 2025-03-12 as event `ua-accepts-truce`).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from journal_kit import FIXTURES, Run

from tracker.application.bootstrap import open_tracker


@dataclass(frozen=True)
class Store:
    url: str
    before: str  # `status --as-of 2026-12-31 --json` before the attempt
    head: int


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("refusals") / "template.db"
    tracker = open_tracker(f"sqlite:///{path}")
    for name in ("registry.yaml", "truce.yaml"):
        assert tracker.services.append_file(FIXTURES / name).outcome == "appended"
    tracker.close()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path, cli: Callable[..., Run]) -> Store:
    path = tmp_path / "store.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    return Store(url, cli("--db", url, "status", "--as-of", "2026-12-31", "--json").out, 2)


@dataclass(frozen=True)
class Case:
    text: str | bytes
    field: str
    line: int | None
    column: int | None
    says: str
    suggestion: str | None = None


def case(text: str, field: str, line: int | None, at: str | int | None, says: str, suggestion: str | None = None) -> Case:
    """`at` is the column, or the text the refusal must point at (its first occurrence on that line)."""
    text = textwrap.dedent(text).lstrip("\n")
    column = text.splitlines()[line - 1].index(at) + 1 if isinstance(at, str) and line else at
    return Case(text, field, line, column, says, suggestion)  # type: ignore[arg-type]


CASES: dict[str, Case] = {
    "unknown party": case("""
        events:
          - type: rejected
            proposal: truce-2025
            date: 2025-03-18
            party: RUS
        """, "events[0].party", 5, "RUS", "unknown party 'RUS'", "RU"),
    "unknown alias": case("""
        events:
          - {type: rejected, proposal: truce-2025, date: 2025-03-18, party: Kremln}
        """, "events[0].party", 2, "Kremln", "unknown party 'Kremln'", "kremlin"),
    "unknown party in a list": case("""
        events:
          - {type: talks_held, proposal: truce-2025, date: 2025-03-18, participants: [UA, Moskow], location: Riyadh}
        """, "events[0].participants[1]", 2, "Moskow", "unknown party 'Moskow'", "moscow"),
    "unknown event type": case("""
        events:
          - type: acepted
            proposal: truce-2025
            date: 2025-03-18
            party: RU
        """, "events[0].type", 2, "acepted", "unknown event type 'acepted'", "accepted"),
    "unknown proposal": case("""
        events:
          - type: accepted
            proposal: truce-2026
            date: 2025-03-18
            party: RU
        """, "events[0].proposal", 3, "truce-2026", "unknown proposal 'truce-2026'", "truce-2025"),
    "event on a proposal proposed only further down the file": case("""
        events:
          - {type: accepted, proposal: grain-2025, date: 2025-04-02, party: UA}
          - {type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain, kind: maritime, parties: [UA]}
        """, "events[0].proposal", 2, "grain-2025", "unknown proposal 'grain-2025'",
        "truce-2025"),
    "unknown term": case("""
        events:
          - type: accepted
            proposal: truce-2025
            date: 2025-03-18
            party: RU
            terms: [swap, hlat]
        """, "events[0].terms[1]", 6, "hlat", "unknown term 'hlat' of 'truce-2025' revision 1", "halt"),
    "rejected naming a term that does not exist": case("""
        events:
          - {type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU, terms: [prisoners]}
        """, "events[0].terms[0]", 2, "prisoners", "unknown term 'prisoners'"),
    "amended naming a term that does not exist": case("""
        events:
          - type: amended
            proposal: truce-2025
            date: 2025-03-20
            party: US
            replace_terms: [{id: swapp, text: All for all}]
        """, "events[0].replace_terms[0].id", 6, "swapp", "unknown term 'swapp'", "swap"),
    "amended removing a term that does not exist": case("""
        events:
          - {type: amended, proposal: truce-2025, date: 2025-03-20, party: US, remove_terms: [energy]}
        """, "events[0].remove_terms[0]", 2, "energy", "unknown term 'energy'"),
    "unknown field": case("""
        events:
          - type: accepted
            proposal: truce-2025
            date: 2025-03-18
            party: RU
            condition: [aid stops]
        """, "events[0].condition", 6, "[aid stops]", "unknown field 'condition'", "conditions"),
    "second proposed": case("""
        events:
          - {type: proposed, proposal: truce-2025, date: 2025-03-20, party: EU, title: Again, kind: other, parties: [UA]}
        """, "events[0].type", 2, "proposed", "was already proposed"),
    "dated before its proposal": case("""
        events:
          - type: reviewing
            proposal: truce-2025
            date: 2025-03-10
            party: RU
        """, "events[0].date", 4, "2025-03-10", "before 'truce-2025' was proposed on 2025-03-11"),
    "a month wholly before its proposal": case("""
        events:
          - {type: reviewing, proposal: truce-2025, date: 2025-02, party: RU}
        """, "events[0].date", 2, "2025-02", "dated 2025-02, before 'truce-2025'"),
    "retraction of an unknown event": case("""
        events:
          - type: retracted
            proposal: truce-2025
            date: 2025-03-20
            retracts: ua-accepts
            reason: typo
        """, "events[0].retracts", 5, "ua-accepts", "unknown event 'ua-accepts' to retract", "ua-accepts-truce"),
    "retraction of another proposal's event": case("""
        events:
          - {type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain, kind: maritime, parties: [UA]}
          - {type: retracted, proposal: grain-2025, date: 2025-04-03, retracts: ua-accepts-truce, reason: wrong file}
        """, "events[1].retracts", 3, "ua-accepts-truce", "belongs to proposal 'truce-2025'"),
    "counter proposal that does not exist": case("""
        events:
          - {type: countered, proposal: truce-2025, date: 2025-03-20, party: RU, counter_proposal: truce-2052}
        """, "events[0].counter_proposal", 2, "truce-2052", "unknown proposal 'truce-2052'", "truce-2025"),
    "counter_to that does not exist": case("""
        events:
          - type: proposed
            proposal: eu-plan
            date: 2025-03-20
            party: EU
            title: European plan
            kind: framework
            parties: [UA, RU]
            counter_to: plan-28
        """, "events[0].counter_to", 9, "plan-28", "unknown proposal 'plan-28'"),
    "id reused with different content": case("""
        events:
          - id: ua-accepts-truce
            type: rejected
            proposal: truce-2025
            date: 2025-03-12
            party: UA
        """, "events[0].id", 2, "ua-accepts-truce", "already used by a different event"),
    "id used twice in one file with different content": case("""
        events:
          - {id: ru-word, type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
          - {id: ru-word, type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU}
        """, "events[1].id", 3, "ru-word", "is used by events[0] with other content"),
    "date in the future": case("""
        events:
          - {type: reviewing, proposal: truce-2025, date: 2099-01-01, party: RU}
        """, "events[0].date", 2, "2099", "in the future"),
    "impossible date": case("""
        events:
          - {type: reviewing, proposal: truce-2025, date: 2025-02-30, party: RU}
        """, "events[0].date", 2, "2025-02-30", "February 2025 has 28 days", "2025-02-28"),
    "missing required field": case("""
        events:
          - {type: countered, proposal: truce-2025, date: 2025-03-20, party: RU}
        """, "events[0].counter_proposal", 2, "{", "missing field 'counter_proposal'"),
    "unknown source": case("""
        events:
          - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU, sources: [src-dialy]}
        """, "events[0].sources[0]", 2, "src-dialy", "unknown source 'src-dialy'", "src-daily"),
    "unknown section": case("""
        event:
          - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
        """, "event", 2, "- {", "unknown section 'event'", "events"),
    "empty file": case("", "", None, None, "the file is empty"),
    "root not a mapping": case("""
        - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
        """, "", 1, 1, "root must be a mapping"),
    "duplicate key": case("""
        events:
          - type: reviewing
            proposal: truce-2025
            date: 2025-03-13
            date: 2025-03-14
            party: RU
        """, "", 5, "date", "duplicate key 'date' (first at line 4)"),
    "yaml tag": case("""
        events:
          - type: reviewing
            proposal: !!str truce-2025
            date: 2025-03-13
            party: RU
        """, "", 3, "!!str", "YAML tag 'tag:yaml.org,2002:str' is not allowed"),
    "invalid utf-8": Case(b"events:\n  - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU, note: caf\xe9}\n",
                          "", 2, 83, "not valid UTF-8: byte 0xe9"),
    "not yaml at all": case("""
        events:
          - {type: reviewing, proposal: truce-2025
        """, "", 3, 1, "not valid YAML"),
}


def attempt(cli: Callable[..., Run], store: Store, tmp_path: Path, text: str | bytes, *flags: str) -> Run:
    path = tmp_path / "attempt.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return cli("--db", store.url, "append", str(path), *flags)


def unchanged(cli: Callable[..., Run], store: Store) -> bool:
    after = cli("--db", store.url, "status", "--as-of", "2026-12-31", "--json").out
    head = cli("--db", store.url, "verify", "--json").json()["events"]
    return after == store.before and head == store.head


@pytest.mark.parametrize("name", list(CASES))
def test_a_refused_file_is_located_explained_and_leaves_the_store_as_it_was(
    name: str, cli: Callable[..., Run], store: Store, tmp_path: Path
) -> None:
    expected = CASES[name]
    run = attempt(cli, store, tmp_path, expected.text, "--json")
    assert run.code == 1
    refusals: list[dict[str, Any]] = run.json()["files"][0]["refusals"]
    first = refusals[0]
    assert expected.says in first["message"], first
    assert (first["field"], first["line"], first["column"]) == (expected.field, expected.line, expected.column), first
    assert first["suggestion"] == expected.suggestion, first
    assert first["file"].endswith("attempt.yaml")
    assert unchanged(cli, store)


def test_the_printed_refusal_reads_file_line_column_field_and_hint(
    cli: Callable[..., Run], store: Store, tmp_path: Path
) -> None:
    run = attempt(cli, store, tmp_path, CASES["unknown party"].text)
    assert run.code == 1
    path = tmp_path / "attempt.yaml"
    assert f"{path}:5:12: events[0].party: unknown party 'RUS'" in run.err
    assert run.err.rstrip().endswith("- did you mean 'RU'?")
    assert "1 refused" in run.out


def test_an_unknown_field_lists_the_valid_ones(cli: Callable[..., Run], store: Store, tmp_path: Path) -> None:
    refusal = attempt(cli, store, tmp_path, CASES["unknown field"].text, "--json").json()["files"][0]["refusals"][0]
    assert refusal["expected"] == "one of: id, proposal, date, sources, confidence, note, disputed_by, dispute, party, terms, conditions"


def test_every_problem_of_a_file_is_reported_at_once(cli: Callable[..., Run], store: Store, tmp_path: Path) -> None:
    text = textwrap.dedent("""
        events:
          - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RUS}
          - {type: accepted, proposal: truce-2025, date: 2025-03-14, party: RU, terms: [hlat]}
          - {type: rejected, proposal: truce-2025, date: 2099-01-01, party: UA}
    """)
    refusals = attempt(cli, store, tmp_path, text, "--json").json()["files"][0]["refusals"]
    assert [r["field"] for r in refusals] == ["events[0].party", "events[1].terms[0]", "events[2].date"]
    assert unchanged(cli, store)


class TestWhatIsAccepted:
    def test_a_byte_order_mark_is_fine(self, cli: Callable[..., Run], store: Store, tmp_path: Path) -> None:
        text = "\ufeffevents:\n  - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}\n"
        assert attempt(cli, store, tmp_path, text.encode("utf-8")).code == 0

    def test_a_month_that_overlaps_the_proposals_day_is_not_before_it(
        self, cli: Callable[..., Run], store: Store, tmp_path: Path
    ) -> None:
        text = "events:\n  - {type: reviewing, proposal: truce-2025, date: 2025-03, party: RU}\n"
        assert attempt(cli, store, tmp_path, text).code == 0

    def test_proposals_terms_and_ids_defined_earlier_in_the_same_file_can_be_used(
        self, cli: Callable[..., Run], store: Store, tmp_path: Path
    ) -> None:
        text = textwrap.dedent("""
            parties: [{id: TR, name: Turkey, aliases: [Ankara]}]
            events:
              - {id: grain, type: proposed, proposal: grain-2025, date: 2025-04-02, party: Ankara, title: Grain,
                 kind: maritime, parties: [UA, RU], terms: [{id: ports, text: Open ports}]}
              - {id: grain-amend, type: amended, proposal: grain-2025, date: 2025-04-03, party: TR,
                 add_terms: [{id: escort, text: Naval escort}]}
              - {id: ru-grain, type: accepted, proposal: grain-2025, date: 2025-04-04, party: RU, terms: [escort]}
              - {type: retracted, proposal: grain-2025, date: 2025-04-05, retracts: ru-grain, reason: misread}
              - {type: countered, proposal: truce-2025, date: 2025-04-05, party: RU, counter_proposal: grain-2025}
        """)
        run = attempt(cli, store, tmp_path, text, "--json")
        assert run.code == 0, run.out
        assert run.json()["files"][0]["appended"] == 5


class TestSeveralFiles:
    def test_a_folder_appends_its_yaml_files_in_name_order_each_its_own_batch(
        self, cli: Callable[..., Run], store: Store
    ) -> None:
        run = cli("--db", store.url, "append", str(FIXTURES / "episode"))
        assert run.code == 0, run.err
        lines = run.out.splitlines()
        assert lines[0].startswith("appended") and lines[0].endswith("01-proposal.yaml: 1 new, 0 unchanged")
        assert lines[1].startswith("appended") and lines[1].endswith("02-answers.yml: 2 new, 0 unchanged")
        assert lines[-1] == "2 file(s): 2 appended, 0 unchanged, 0 refused"
        assert "notes.txt" not in run.out

    def test_good_files_are_appended_and_a_refused_one_is_not_and_the_exit_code_is_1(
        self, cli: Callable[..., Run], store: Store, tmp_path: Path
    ) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text(CASES["unknown party"].text)  # type: ignore[arg-type]
        good = tmp_path / "good.yaml"
        good.write_text("events:\n  - {id: ru-thinks, type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}\n")
        run = cli("--db", store.url, "append", str(FIXTURES / "episode" / "01-proposal.yaml"), str(bad), str(good),
                  "--json")
        assert run.code == 1
        assert [(Path(f["file"]).name, f["outcome"]) for f in run.json()["files"]] == [
            ("01-proposal.yaml", "appended"), ("bad.yaml", "refused"), ("good.yaml", "appended")]
        assert cli("--db", store.url, "verify", "--json").json()["events"] == store.head + 2

    def test_the_text_summary_says_which_file_was_refused(self, cli: Callable[..., Run], store: Store,
                                                           tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text("")
        run = cli("--db", store.url, "append", str(FIXTURES / "episode"), str(bad))
        assert run.code == 1
        assert any(line.startswith("refused") and line.endswith("bad.yaml: 0 new, 0 unchanged, 1 problem(s)")
                   for line in run.out.splitlines())
        assert run.out.splitlines()[-1] == "3 file(s): 2 appended, 0 unchanged, 1 refused"
        assert f"{bad}: the file is empty" in run.err

    def test_validate_reports_the_same_refusals_and_writes_nothing(
        self, cli: Callable[..., Run], store: Store, tmp_path: Path
    ) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text(CASES["unknown term"].text)  # type: ignore[arg-type]
        run = cli("--db", store.url, "validate", str(FIXTURES / "episode" / "01-proposal.yaml"), str(bad))
        assert run.code == 1
        assert f"{bad}:6:19: events[0].terms[1]: unknown term 'hlat'" in run.err
        assert run.out.splitlines()[-1] == "2 file(s): 1 valid, 0 unchanged, 1 refused"
        assert unchanged(cli, store)

    def test_validating_a_folder_whose_second_file_builds_on_the_first_validates_both(
        self, cli: Callable[..., Run], store: Store
    ) -> None:
        run = cli("--db", store.url, "validate", str(FIXTURES / "episode"))
        assert run.code == 0, run.err
        assert run.out.splitlines()[-1] == "2 file(s): 2 valid, 0 unchanged, 0 refused"
