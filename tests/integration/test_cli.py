"""The command line: every command with --json, exit codes 0 (ok), 1 (refused or failed) and 2 (usage)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from journal_kit import FIXTURES, Run

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "status.schema.json").read_text())
Cli = Callable[..., Run]


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'empty.db'}"


def head(cli: Cli, db: str) -> int:
    return int(cli("--db", db, "verify", "--json").json()["events"])


class TestStatus:
    def test_the_json_is_the_documented_shape(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--as-of", "2025-03-19", "--json")
        assert run.code == 0, run.err
        data = run.json()
        jsonschema.validate(data, SCHEMA)
        assert (data["as_of"], data["known_on"]) == ("2025-03-19", None)
        energy = next(p for p in data["proposals"] if p["id"] == "energy-strike-pause-2025")
        assert (energy["status"], energy["revision"], energy["proposed_by"], energy["proposed_on"]) == (
            "in_force", 1, "US", "2025-03-18")
        assert energy["in_force"] == {"from": "2025-03-18", "until": "2025-04-17"}
        assert {p: (v["position"], v["since"], v["revision"], v["stale"]) for p, v in energy["positions"].items()} == {
            "UA": ("accepted", "2025-03-19", 1, False), "RU": ("accepted", "2025-03-18", 1, False),
            "US": ("proposer", "2025-03-18", 1, False)}
        assert len(energy["violations"]) == 3

    @pytest.mark.parametrize("as_of", ["2022-03-29", "2022-03-31", "2025-03", "2025-03-12", "2025-03-18",
                                       "2025-04-20", "2025-11", "2025-12-03", "2026"])
    def test_every_view_of_the_bundled_dataset_validates_against_the_schema(self, cli: Cli, db: str, as_of: str) -> None:
        run = cli("--db", db, "status", "--as-of", as_of, "--json")
        assert run.code == 0
        jsonschema.validate(run.json(), SCHEMA)

    def test_an_imprecise_as_of_means_the_end_of_that_period(self, cli: Cli, db: str) -> None:
        assert cli("--db", db, "status", "--as-of", "2025-03", "--json").json()["as_of"] == "2025-03-31"
        assert cli("--db", db, "status", "--as-of", "2024", "--json").json()["as_of"] == "2024-12-31"

    def test_imprecise_dates_are_printed_as_written(self, cli: Cli, db: str) -> None:
        data = cli("--db", db, "status", "--as-of", "2025-12-31", "--proposal", "peace-plan-28pt-2025", "--json").json()
        assert data["proposals"][0]["proposed_on"] == "2025-11"

    def test_known_on_a_date_means_the_end_of_that_day_in_utc(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--as-of", "2025-12-31", "--known-on", "2000-01-01", "--json")
        assert run.code == 0
        assert run.json() == {"as_of": "2025-12-31", "known_on": "2000-01-01T23:59:59.999999Z", "proposals": []}

    def test_known_on_an_instant_with_an_offset_is_echoed_in_utc(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--known-on", "2030-01-01T02:00:00+02:00", "--as-of", "2025-03-19", "--json")
        data = run.json()
        jsonschema.validate(data, SCHEMA)
        assert data["known_on"] == "2030-01-01T00:00:00Z"
        assert len(data["proposals"]) == 6

    def test_known_on_an_instant_without_offset_is_utc(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--known-on", "2030-01-01T08:30:00", "--as-of", "2025-03-19", "--json")
        assert run.json()["known_on"] == "2030-01-01T08:30:00Z"

    def test_one_proposal_can_be_asked_for(self, cli: Cli, db: str) -> None:
        data = cli("--db", db, "status", "--as-of", "2025-03-19", "--proposal", "black-sea-2025", "--json").json()
        assert [p["id"] for p in data["proposals"]] == ["black-sea-2025"]

    def test_an_unknown_proposal_is_refused_with_the_nearest_id(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--proposal", "black-sea", "--json")
        assert (run.code, run.out) == (1, "")
        assert run.err == "tracker: unknown proposal 'black-sea'; did you mean 'black-sea-2025'?\n"

    def test_a_proposal_not_yet_proposed_as_of_the_date_is_said_on_stderr(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--proposal", "black-sea-2025", "--as-of", "2024", "--json")
        assert run.code == 0 and "not yet proposed as of 2024-12-31" in run.err and run.json()["proposals"] == []

    def test_the_table_names_every_proposal_and_its_status(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "status", "--as-of", "2025-03-19")
        assert run.code == 0
        for text in ("as of 2025-03-19", "energy-strike-pause-2025", "in force", "ceasefire-30d-2025", "rejected"):
            assert text in run.out


class TestTimeline:
    def test_the_json_lists_events_in_fold_order_with_revision_and_retracted(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "timeline", "peace-plan-28pt-2025", "--json")
        assert run.code == 0
        data = run.json()
        assert data["proposal"] == "peace-plan-28pt-2025"
        events = data["events"]
        assert events[0]["type"] == "proposed" and events[0]["revision"] == 1
        for e in events:
            assert {"id", "type", "date", "party", "recorded_at", "revision", "retracted"} <= set(e)
            # The bundled correction retracts some events of the first edition: shown, marked, and named.
            assert e["recorded_at"].endswith("Z") and e["retracted"] is (e["retracted_by"] is not None)
        assert max(e["revision"] for e in events) == 2

    def test_as_of_stops_the_timeline_at_that_date(self, cli: Cli, db: str) -> None:
        events = cli("--db", db, "timeline", "ceasefire-30d-2025", "--as-of", "2025-03-17", "--json").json()["events"]
        # The month-dated opening (and what the corrections retract), and the Jeddah week; not the call of 18 March.
        assert {e["date"] for e in events} == {"2025-03", "2025-03-10/2025-03-16"} and len(events) >= 2
        assert max(e["date_start"] for e in events) == "2025-03-10"

    def test_an_unknown_proposal_exits_1(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "timeline", "no-such-proposal")
        assert run.code == 1 and "unknown proposal 'no-such-proposal'" in run.err


class TestDiffAndReplay:
    def test_diff_lists_what_changed_with_from_and_to(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "diff", "2025-03-12", "2025-03-19", "--json")
        assert run.code == 0
        data = run.json()
        assert (data["from"], data["to"]) == ("2025-03-12", "2025-03-19")
        changes = {(c["proposal"], c["what"], c.get("party")): (c["from"], c["to"]) for c in data["changes"]}
        assert changes[("ceasefire-30d-2025", "status", None)] == ("negotiating", "rejected")
        assert changes[("ceasefire-30d-2025", "position", "RU")] == ("unknown", "rejected")
        assert changes[("energy-strike-pause-2025", "status", None)] == (None, "in_force")

    def test_replay_walks_the_events_and_ends_with_the_status(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "replay", "--from", "2025-03-17", "--to", "2025-04-20", "--json")
        assert run.code == 0
        data = run.json()
        assert data["steps"][0]["date"] == "2025-03-18"
        assert any(s["event"] is None and s["date"] == "2025-04-17" for s in data["steps"])  # the energy pause expires
        jsonschema.validate(data["final"], SCHEMA)
        assert data["final"]["as_of"] == "2025-04-20"

    def test_replay_as_text(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "replay", "--from", "2025-03-17", "--to", "2025-03-19")
        assert run.code == 0 and "18 Mar 2025  rejected ceasefire-30d-2025 by RU" in run.out


class TestAppendAndValidate:
    def test_validate_checks_without_writing(self, cli: Cli, empty_db: str) -> None:
        assert cli("--db", empty_db, "init").code == 0
        run = cli("--db", empty_db, "validate", str(FIXTURES / "registry.yaml"), "--json")
        assert run.code == 0 and run.json()["files"][0]["outcome"] == "valid"
        assert cli("--db", empty_db, "status", "--json").json()["proposals"] == []
        assert cli("--db", empty_db, "append", str(FIXTURES / "truce.yaml")).code == 1  # the registry was not kept

    def test_append_reports_each_file_and_exits_0(self, cli: Cli, empty_db: str) -> None:
        run = cli("--db", empty_db, "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml"), "--json")
        assert run.code == 0
        files = run.json()["files"]
        assert [(Path(f["file"]).name, f["outcome"], f["appended"]) for f in files] == [
            ("registry.yaml", "appended", 0), ("truce.yaml", "appended", 2)]
        assert head(cli, empty_db) == 2

    def test_a_dry_run_writes_nothing(self, cli: Cli, empty_db: str) -> None:
        assert cli("--db", empty_db, "append", str(FIXTURES / "registry.yaml")).code == 0
        run = cli("--db", empty_db, "append", "--dry-run", str(FIXTURES / "truce.yaml"), "--json")
        assert run.code == 0 and run.json()["files"][0]["outcome"] == "valid"
        assert head(cli, empty_db) == 0

    def test_appending_the_same_file_again_is_unchanged(self, cli: Cli, empty_db: str) -> None:
        cli("--db", empty_db, "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml"))
        run = cli("--db", empty_db, "append", str(FIXTURES / "truce.yaml"))
        assert run.code == 0 and "unchanged" in run.out and head(cli, empty_db) == 2

    def test_a_refused_file_exits_1_with_file_line_column_and_field(self, cli: Cli, empty_db: str, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text("events:\n  - {type: accepted, proposal: x, date: 2025-03-12, party: RUS}\n")
        cli("--db", empty_db, "append", str(FIXTURES / "registry.yaml"))
        run = cli("--db", empty_db, "append", str(bad))
        assert run.code == 1
        assert f"{bad}:2:60: events[0].party: unknown party 'RUS'" in run.err and "did you mean 'RU'?" in run.err
        data = cli("--db", empty_db, "append", str(bad), "--json").json()
        assert data["files"][0]["refusals"][0]["line"] == 2 and data["files"][0]["refusals"][0]["suggestion"] == "RU"

    def test_a_missing_file_is_refused(self, cli: Cli, empty_db: str, tmp_path: Path) -> None:
        run = cli("--db", empty_db, "append", str(tmp_path / "nope.yaml"))
        assert run.code == 1 and "no such file" in run.err

    def test_init_bundled_loads_the_dataset_once(self, cli: Cli, empty_db: str) -> None:
        assert cli("--db", empty_db, "init", "--bundled").code == 0
        events = head(cli, empty_db)
        assert events > 30
        again = cli("--db", empty_db, "init", "--bundled")
        assert again.code == 0 and head(cli, empty_db) == events
        assert cli("--db", empty_db, "init").code == 0


class TestVerifyAndRebuild:
    def test_verify_json_of_an_intact_store(self, cli: Cli, db: str) -> None:
        run = cli("--db", db, "verify", "--json")
        assert run.code == 0
        data = run.json()
        assert data["ok"] is True and data["first_bad_position"] is None and data["problems"] == [] and data["events"] > 30

    def test_rebuild_leaves_every_view_as_it_was(self, cli: Cli, db: str) -> None:
        before = cli("--db", db, "status", "--as-of", "2025-12-03", "--json").out
        run = cli("--db", db, "rebuild")
        assert run.code == 0 and "rebuilt" in run.out
        assert cli("--db", db, "status", "--as-of", "2025-12-03", "--json").out == before


class TestOffline:
    def test_schema_prints_the_json_schema_of_event_files(self, cli: Cli) -> None:
        run = cli("schema")
        assert run.code == 0
        schema = run.json()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert set(schema["properties"]) == {"parties", "sources", "defaults", "events"}

    def test_template_prints_a_commented_skeleton(self, cli: Cli) -> None:
        run = cli("template", "violation_reported")
        assert run.code == 0 and "type: violation_reported" in run.out and "against" in run.out

    def test_template_of_an_unknown_type_exits_2_with_a_suggestion(self, cli: Cli) -> None:
        run = cli("template", "violation")
        assert run.code == 2 and "did you mean 'violation_reported'" in run.err


class TestUsage:
    @pytest.mark.parametrize("args", [
        ["status", "--as-of", "2025-02-30"],
        ["status", "--as-of", "yesterday"],
        ["status", "--known-on", "soon"],
        ["diff", "2025-03-01"],
        ["replay"],
        ["frobnicate"],
        ["append"],
        ["status", "--colour"],
    ])
    def test_a_wrong_command_line_exits_2_and_says_why(self, cli: Cli, db: str, args: list[str]) -> None:
        run = cli("--db", db, *args)
        assert run.code == 2 and "usage:" in run.err

    def test_help_exits_0(self, cli: Cli) -> None:
        run = cli("--help")
        assert run.code == 0 and "status" in run.out


class TestWhichStore:
    def test_without_db_the_default_store_is_created_with_the_bundled_dataset(
        self, cli: Cli, tmp_path: Path
    ) -> None:
        run = cli("status", "--as-of", "2025-03-19", "--json")
        assert run.code == 0 and len(run.json()["proposals"]) == 6
        assert (tmp_path / "xdg" / "tracker" / "tracker.db").exists()

    def test_tracker_db_names_another_store_which_starts_empty(
        self, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TRACKER_DB", str(tmp_path / "other.db"))
        refused = cli("status", "--json")
        assert refused.code == 1 and refused.err.startswith(f"tracker: no store at {tmp_path / 'other.db'}")
        assert not (tmp_path / "other.db").exists()
        assert cli("init").code == 0
        assert cli("status", "--json").json()["proposals"] == []
        assert (tmp_path / "other.db").exists() and not (tmp_path / "xdg" / "tracker" / "tracker.db").exists()
