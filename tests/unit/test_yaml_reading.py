"""Reading an event file: safe YAML located by line and column, then validated events and every problem found."""

from __future__ import annotations

import textwrap

import pytest

from tracker.ingest.authoring import json_schema, template
from tracker.ingest.batch import Registry, derived_id, read_batch
from tracker.ingest.yaml_loader import Locator, YamlRefused, decode, load
from tracker.store.serialization import canonical_payload

REGISTRY = Registry(
    aliases={"ua": "UA", "ukraine": "UA", "kyiv": "UA", "kiev": "UA", "ru": "RU", "russia": "RU", "kremlin": "RU",
             "moscow": "RU", "us": "US", "united states": "US"},
    party_ids=frozenset({"UA", "RU", "US"}),
    source_ids=frozenset({"src-1"}),
)


def refused(text: str | bytes) -> YamlRefused:
    with pytest.raises(YamlRefused) as info:
        load(decode(text if isinstance(text, bytes) else text.encode()))
    return info.value


def batch_of(text: str):  # type: ignore[no-untyped-def]
    return read_batch(load(textwrap.dedent(text)), REGISTRY)


class TestSafeYaml:
    def test_dates_stay_text_and_yes_no_stay_words(self) -> None:
        assert load("date: 2025-03-11\nanswer: no\nflag: true\n") == {"date": "2025-03-11", "answer": "no", "flag": True}

    def test_a_utf8_byte_order_mark_is_accepted(self) -> None:
        assert load(decode("\ufeffevents: []\n".encode())) == {"events": []}

    def test_invalid_utf8_is_refused_at_its_line_and_column(self) -> None:
        problem = refused(b"events:\n  - note: caf\xe9\n").problem
        assert (problem.line, problem.column) == (2, 14)
        assert "not valid UTF-8" in problem.message

    def test_an_empty_or_blank_file_is_refused(self) -> None:
        assert "empty" in refused("").problem.message
        assert "empty" in refused("  \n\n").problem.message

    def test_a_file_of_only_comments_holds_no_document(self) -> None:
        assert "no YAML document" in refused("# nothing yet\n").problem.message

    def test_a_duplicate_key_is_refused_where_it_repeats(self) -> None:
        problem = refused("events:\n  - type: accepted\n    type: rejected\n").problem
        assert (problem.line, problem.column) == (3, 5)
        assert "duplicate key 'type' (first at line 2)" in problem.message

    @pytest.mark.parametrize("text", ["events: !!python/object/apply:os.system [ls]\n", "date: !!timestamp 2025-03-11\n",
                                      "x: !custom 1\n"])
    def test_any_yaml_tag_is_refused(self, text: str) -> None:
        problem = refused(text).problem
        assert "is not allowed" in problem.message and problem.line == 1

    def test_an_exclamation_mark_inside_a_quoted_string_is_fine(self) -> None:
        assert load("note: 'Stop! Now!'\n") == {"note": "Stop! Now!"}

    def test_an_alias_bomb_is_refused(self) -> None:
        lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
        for i, name in enumerate("bcdefghi"):
            prev = "abcdefghi"[i]
            lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
        assert "alias bomb" in refused("\n".join(lines) + "\n").problem.message

    def test_a_small_alias_is_fine(self) -> None:
        assert load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}

    def test_a_too_deeply_nested_file_is_refused(self) -> None:
        assert "nested more than" in refused("x: " + "[" * 60 + "]" * 60 + "\n").problem.message

    def test_an_oversized_file_is_refused_before_it_is_parsed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import tracker.ingest.yaml_loader as loader

        monkeypatch.setattr(loader, "MAX_BYTES", 16)
        with pytest.raises(YamlRefused, match="over the limit of 16"):
            decode(b"events: []\n# a comment that makes it long\n")

    def test_a_nul_character_means_it_is_not_a_text_file(self) -> None:
        assert "NUL" in refused(b"events: []\n\x00\n").problem.message

    def test_broken_yaml_is_refused_at_the_place_it_breaks(self) -> None:
        problem = refused("events:\n  - {type: accepted\n").problem
        assert problem.line is not None and "not valid YAML" in problem.message

    def test_the_locator_finds_a_field_by_its_path(self) -> None:
        text = "events:\n  - type: accepted\n    party: RUS\n"
        assert Locator(text).find(("events", 0, "party")) == (3, 12)
        assert Locator(text).find(("events", 0, "nope")) == (2, 5)


class TestReadingEvents:
    def test_aliases_become_party_ids_everywhere_a_party_is_expected(self) -> None:
        batch = batch_of("""
            events:
              - {type: talks_held, proposal: p, date: 2025-03-11, participants: [Kyiv, Moscow], location: Jeddah}
              - {type: violation_reported, proposal: p, date: 2025-03-11, party: kremlin, against: Kiev, disputed_by: [ukraine]}
        """)
        assert batch.problems == []
        talks, violation = (e for _, e in batch.events)
        assert talks.participants == ("UA", "RU")  # type: ignore[attr-defined]
        assert (violation.party, violation.against, violation.disputed_by) == ("RU", "UA", ("UA",))  # type: ignore[attr-defined]

    def test_defaults_fill_the_fields_an_event_lacks_but_never_override_it(self) -> None:
        batch = batch_of("""
            defaults: {proposal: p, sources: [src-1], confidence: claimed}
            events:
              - {type: accepted, date: 2025-03-11, party: UA}
              - {type: accepted, date: 2025-03-11, party: RU, confidence: confirmed, proposal: q}
        """)
        first, second = (e for _, e in batch.events)
        assert (first.proposal, first.sources, first.confidence) == ("p", ("src-1",), "claimed")
        assert (second.proposal, second.confidence) == ("q", "confirmed")

    def test_a_default_only_applies_to_events_that_can_have_the_field(self) -> None:
        batch = batch_of("""
            defaults: {proposal: p, party: US}
            events:
              - {type: talks_held, date: 2025-03-11, participants: [UA], location: Riyadh}
              - {type: retracted, date: 2025-03-11, retracts: x, reason: typo}
        """)
        assert batch.problems == []

    def test_an_event_without_an_id_gets_one_from_its_content(self) -> None:
        one = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: Kyiv}]").events[0][1]
        two = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: UA}]").events[0][1]
        other = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-12, party: UA}]").events[0][1]
        assert one.id == two.id == derived_id(canonical_payload(two)) and one.id != other.id
        assert (one.id or "").startswith("ev-")

    def test_an_unknown_field_is_never_ignored_and_the_valid_ones_are_listed(self) -> None:
        batch = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: UA, term: [halt]}]")
        (problem,) = batch.problems
        assert problem.path == ("events", 0, "term")
        assert problem.suggestion == "terms"
        assert problem.expected == "one of: id, proposal, date, sources, confidence, note, disputed_by, dispute, party, terms, conditions"

    def test_an_unknown_event_type_suggests_the_nearest(self) -> None:
        (problem,) = batch_of("events: [{type: acepted, proposal: p, date: 2025-03-11, party: UA}]").problems
        assert (problem.path, problem.suggestion) == (("events", 0, "type"), "accepted")

    def test_an_unknown_party_suggests_the_nearest_id(self) -> None:
        (problem,) = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: RUS}]").problems
        assert (problem.path, problem.message, problem.suggestion) == (("events", 0, "party"), "unknown party 'RUS'", "RU")

    def test_an_unknown_source_is_refused(self) -> None:
        (problem,) = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: UA, sources: [src-2]}]").problems
        assert (problem.path, problem.suggestion) == (("events", 0, "sources", 0), "src-1")

    def test_inline_sources_need_no_registry(self) -> None:
        batch = batch_of("events: [{type: accepted, proposal: p, date: 2025-03-11, party: UA, "
                         "sources: [{outlet: Daily, published: 2025-03, quote: 'We agree.'}]}]")
        assert batch.problems == []

    def test_missing_required_fields_are_named(self) -> None:
        problems = batch_of("events: [{type: proposed, proposal: p, date: 2025-03-11, party: US}]").problems
        assert {p.path for p in problems} == {("events", 0, "title"), ("events", 0, "kind"), ("events", 0, "parties")}

    def test_a_wrong_choice_suggests_the_nearest_allowed_value(self) -> None:
        problems = batch_of("events: [{type: proposed, proposal: p, date: 2025-03-11, party: US, title: T, "
                            "kind: full_ceasfire, parties: [UA]}]").problems
        assert [(p.path, p.suggestion) for p in problems] == [(("events", 0, "kind"), "full_ceasefire")]

    def test_an_impossible_date_is_refused_with_the_reason(self) -> None:
        (problem,) = batch_of("events: [{type: accepted, proposal: p, date: 2025-02-30, party: UA}]").problems
        assert problem.path == ("events", 0, "date") and "February 2025 has 28 days" in problem.message

    def test_parties_and_sources_defined_in_the_file_can_be_used_below(self) -> None:
        batch = batch_of("""
            parties: [{id: EU, name: European Union, aliases: [Brussels]}]
            sources: [{id: src-9, outlet: Weekly}]
            events: [{type: reviewing, proposal: p, date: 2025-03-11, party: Brussels, sources: [src-9]}]
        """)
        assert batch.problems == [] and batch.events[0][1].party == "EU"  # type: ignore[attr-defined]

    def test_an_alias_that_already_names_another_party_is_refused(self) -> None:
        (problem,) = batch_of("parties: [{id: EU, name: European Union, aliases: [Kyiv]}]").problems
        assert problem.path == ("parties", 0, "aliases", 0) and "already names party 'UA'" in problem.message

    def test_a_root_that_is_not_a_mapping_and_unknown_sections_are_refused(self) -> None:
        assert read_batch(["a"], REGISTRY).problems[0].path == ()
        (problem,) = batch_of("event: []\nevents: [{type: reviewing, proposal: p, date: 2025, party: UA}]").problems
        assert (problem.path, problem.suggestion) == (("event",), "events")

    def test_a_file_with_nothing_to_append_is_refused(self) -> None:
        assert "nothing to append" in batch_of("events: []").problems[0].message


class TestAuthoringHelp:
    def test_the_json_schema_accepts_a_valid_file_and_rejects_unknown_fields(self) -> None:
        import jsonschema

        schema = json_schema()
        good = load(textwrap.dedent("""
            defaults: {proposal: p}
            events:
              - {type: proposed, date: 2025-03, party: US, title: T, kind: other, parties: [UA], terms: [{id: a, text: A}]}
              - {type: accepted, date: 2025-03-12, party: UA, terms: [a]}
        """))
        jsonschema.validate(good, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"events": [{"type": "accepted", "colour": "red"}]}, schema)

    @pytest.mark.parametrize("kind", ["proposed", "amended", "in_force", "retracted", "talks_held"])
    def test_a_template_is_a_commented_skeleton_that_loads_as_yaml(self, kind: str) -> None:
        text = template(kind)
        data = load(text)
        assert data["events"][0]["type"] == kind
        assert "# required" in text or "# optional" in text

    def test_a_template_of_an_unknown_type_suggests_the_nearest(self) -> None:
        with pytest.raises(KeyError, match="did you mean 'accepted'"):
            template("acepted")


class TestNumbersAreYaml12:
    """Numbers by YAML 1.2's core schema, decimal only (README, 'Event files': numbers)."""

    @pytest.mark.parametrize("written", ["12:30", "20:03:20", "0b11", "1_000", "0x1F", "0o17", "1:30.5"])
    def test_what_yaml_1_1_reads_as_a_number_stays_text(self, written: str) -> None:
        assert load(f"title: {written}\n") == {"title": written}

    def test_a_time_is_a_valid_title_not_a_number(self) -> None:
        batch = batch_of("""
            events:
              - {type: proposed, proposal: p, date: 2025-03-11, party: US, title: 12:30, kind: other, parties: [UA]}
        """)
        assert batch.problems == [] and batch.events[0][1].title == "12:30"  # type: ignore[attr-defined]

    def test_a_base_60_duration_is_refused_as_text_not_read_as_750(self) -> None:
        batch = batch_of("""
            events:
              - {type: in_force, proposal: p, date: 2025-03-11, duration_days: 12:30}
        """)
        [problem] = batch.problems
        assert problem.message == "duration_days must be a whole number" and problem.found == "the text '12:30'"

    def test_a_leading_zero_is_refused_where_it_is_written_not_read_as_octal(self) -> None:
        problem = refused("events:\n  - type: in_force\n    duration_days: 030\n").problem
        assert (problem.line, problem.column) == (3, 20)
        assert problem.message.startswith("the number 030 has a leading zero") and "write 30" in problem.message

    @pytest.mark.parametrize(("written", "value"), [("30", 30), ("-0", 0), ("+7", 7), ("1e3", 1000.0), ("0.5", 0.5)])
    def test_decimal_numbers_are_numbers(self, written: str, value: object) -> None:
        assert load(f"n: {written}\n") == {"n": value}


class TestRefusalsInWords:
    def test_a_redefined_anchor_names_the_anchor_and_its_first_line(self) -> None:
        problem = refused("defaults: &d {proposal: p}\nevents:\n  - &d {type: reviewing}\n").problem
        assert (problem.line, problem.message) == (
            3, "anchor &d defined a second time (first defined at line 1): give one of them another name")

    @pytest.mark.parametrize(("text", "what"), [("? [a, b]\n: 1\n", "a list"), ("events: []\n? {a: 1}\n: 2\n", "a mapping")])
    def test_a_collection_as_a_key_is_refused_as_the_tracker_accepts_only_plain_keys(self, text: str, what: str) -> None:
        problem = refused(text).problem
        assert problem.message == f"{what} used as a key: the tracker accepts only plain text keys (field names)"
        assert "unhashable" not in problem.message
