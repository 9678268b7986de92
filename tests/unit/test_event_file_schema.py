"""The JSON Schema of event files: generated from the models, shipped beside the journal, true of it, and as strict
as the tracker where a schema can know: checked both ways against the tracker's own validation of each file."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tracker.domain.events import EVENT_TYPES, fields_of, required_fields_of
from tracker.ingest import hints
from tracker.ingest.authoring import json_schema, schema_text
from tracker.ingest.batch import Registry, read_batch
from tracker.ingest.yaml_loader import decode, load

REPO = Path(__file__).resolve().parents[2]
EVENT_FILES = sorted([*REPO.glob("events/*.yaml"), *REPO.glob("events/examples/*.yaml"), *REPO.glob("seeds/*.yaml")])
REGISTRY = Registry({"ua": "UA", "ru": "RU", "us": "US", "eu": "EU", "kyiv": "UA"}, frozenset({"UA", "RU", "US", "EU"}),
                    frozenset({"src-a"}))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_shipped_schema_file_is_what_the_models_give() -> None:
    shipped = json.loads((REPO / "events" / "event-file.schema.json").read_text())
    assert shipped == json_schema(), "regenerate it from tracker.ingest.editor_schema.json_schema()"
    assert json.loads(schema_text()) == json_schema()


def test_the_templates_field_table_is_the_models() -> None:
    assert hints.EVENT_TYPES == EVENT_TYPES
    for kind in EVENT_TYPES:
        assert hints.fields_of(kind) == fields_of(kind)
        assert hints.required_fields_of(kind) == required_fields_of(kind)


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_bundled_file_validates_against_the_schema(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    errors = [e.message for e in validator.iter_errors(load(decode(path.read_bytes())))]
    assert errors == []


EVENT = "{type: accepted, proposal: p, date: 2025-03-12, party: UA}"
PROPOSED = "{type: proposed, proposal: p, date: 2025-03, party: US, title: T, kind: other, parties: [UA]}"

# Files the tracker accepts as they are (before any store check): the schema must not flag them.
ACCEPTED = {
    "an event of each shape": f"events: [{PROPOSED}, {EVENT}]",
    "events left empty while typing": "parties: [{id: UA, name: Ukraine}]\nevents:",
    "defaults left empty while typing": f"defaults:\nevents: [{EVENT}]",
    "required fields given by defaults": "defaults: {proposal: p, date: 2025-03-12, party: US, title: T, kind: other, "
                                         "parties: [UA]}\nevents: [{type: proposed}]",
    "a year as a number": "events: [{type: reviewing, proposal: p, date: 2025, party: RU}]",
    "a month": "events: [{type: reviewing, proposal: p, date: 2025-03, party: RU}]",
    "an empty note": "events: [{type: reviewing, proposal: p, date: 2025-03-12, party: RU, note: }]",
    "an inline source": "events: [{type: reviewing, proposal: p, date: 2025-03-12, party: RU, "
                        "sources: [src-a, {outlet: Wire, published: 2025-03-12, url: 'https://x.org'}]}]",
    "an ended with its reason from defaults": "defaults: {reason: expired}\n"
                                              "events: [{type: ended, proposal: p, date: 2025-03-12}]",
    "a retraction with a reason in words": "events: [{type: retracted, proposal: p, date: 2025-03-12, "
                                           "retracts: e1, reason: A typo}]",
    "talks with participants": "events: [{type: talks_held, proposal: p, date: 2025-03-12, participants: [UA, RU], "
                               "location: Riyadh}]",
    "defaults for several types": "defaults: {proposal: p, party: RU, confidence: claimed, terms: [halt]}\n"
                                  "events: [{type: accepted, date: 2025-03-12}, {type: reviewing, date: 2025-03-13}]",
}

# Files the tracker refuses for a reason the schema can know: the schema must flag them too.
REFUSED = {
    "an unknown field": "events: [{type: accepted, proposal: p, date: 2025-03-01, party: UA, colour: red}]",
    "an unknown type": "events: [{type: acepted, proposal: p, date: 2025-03-01, party: UA}]",
    "an unknown kind": "events: [{type: proposed, proposal: p, date: 2025-03-01, party: US, title: T, kind: truce, "
                       "parties: [UA]}]",
    "a date in words": "events: [{type: accepted, proposal: p, date: 11 March, party: UA}]",
    "month 13": "events: [{type: accepted, proposal: p, date: 2025-13, party: UA}]",
    "day 32": "events: [{type: accepted, proposal: p, date: 2025-03-32, party: UA}]",
    "a proposed without title": "events: [{type: proposed, proposal: p, date: 2025-03, party: US, kind: other, "
                                "parties: [UA]}]",
    "an accepted without party": "events: [{type: accepted, proposal: p, date: 2025-03-12}]",
    "an event without date": "events: [{type: accepted, proposal: p, party: UA}]",
    "a countered without its counter proposal": "events: [{type: countered, proposal: p, date: 2025-03, party: RU}]",
    "a retraction without a reason": "events: [{type: retracted, proposal: p, date: 2025-03, retracts: e1}]",
    "talks without a location": "events: [{type: talks_held, proposal: p, date: 2025-03, participants: [UA]}]",
    "an event without a type": "events: [{proposal: p, date: 2025-03-01, party: UA}]",
    "a bad confidence in defaults": f"defaults: {{confidence: sure}}\nevents: [{EVENT}]",
    "an unknown field in defaults": f"defaults: {{colour: red}}\nevents: [{EVENT}]",
    "a bad date in defaults": "defaults: {date: 2025-13}\nevents: [{type: accepted, proposal: p, party: UA}]",
    "an ended reason not in the list": "events: [{type: ended, proposal: p, date: 2025-03, reason: bored}]",
    "an unknown field of an inline source": "events: [{type: reviewing, proposal: p, date: 2025-03-12, party: RU, "
                                            "sources: [{outlet: Wire, pages: 3}]}]",
    "an inline source without outlet": "events: [{type: reviewing, proposal: p, date: 2025-03-12, party: RU, "
                                       "sources: [{url: 'https://x.org'}]}]",
    "a source id with a space": "events: [{type: reviewing, proposal: p, date: 2025-03-12, party: RU, "
                                "sources: [src a]}]",
    "a proposal id with a space": "events: [{type: reviewing, proposal: p q, date: 2025-03-12, party: RU}]",
    "no parties needed": "events: [{type: proposed, proposal: p, date: 2025-03, party: US, title: T, kind: other, "
                         "parties: []}]",
    "zero days": f"events: [{PROPOSED[:-1]}, duration_days: 0}}]",
    "days in words": f"events: [{PROPOSED[:-1]}, duration_days: thirty}}]",
    "a term without text": "events: [{type: proposed, proposal: p, date: 2025-03, party: US, title: T, kind: other, "
                           "parties: [UA], terms: [{id: halt}]}]",
    "an unknown section": f"event: [{EVENT}]",
    "a party without a name": f"parties: [{{id: XX}}]\nevents: [{EVENT}]",
    "a party id with a space": f"parties: [{{id: X X, name: Example}}]\nevents: [{EVENT}]",
    "a confidence of an event": "events: [{type: accepted, proposal: p, date: 2025-03-12, party: UA, confidence: sure}]",
}


def _tracker_problems(data: Any) -> list[str]:
    return [p.message for p in read_batch(data, REGISTRY).problems]


def _schema_problems(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(data if data is not None else {})]


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_file_the_tracker_accepts_raises_no_error_in_the_editor(text: str,
                                                                  validator: jsonschema.Draft202012Validator) -> None:
    data = load(text + "\n")
    empty = not (data.get("events") or data.get("parties"))
    assert empty or _tracker_problems(data) == []
    assert _schema_problems(validator, data) == []


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_a_file_the_tracker_refuses_for_its_shape_is_flagged_in_the_editor(
        text: str, validator: jsonschema.Draft202012Validator) -> None:
    data = load(text + "\n")
    assert _tracker_problems(data), "a case the tracker accepts does not belong here"
    assert _schema_problems(validator, data), "the schema missed it"


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


class TestForEditors:
    def test_every_field_of_every_event_type_is_described_with_the_template_hint(self) -> None:
        defs = json_schema()["$defs"]
        for kind in EVENT_TYPES:
            properties = defs[f"event-{kind}"]["properties"]
            assert set(properties) == {"type", *fields_of(kind)}
            for name, body in properties.items():
                assert body.get("description"), f"{kind}.{name} has no description"
        for name in ("Party", "Source", "InlineSource", "Term", "defaults"):
            for field, body in defs[name]["properties"].items():
                assert body.get("description"), f"{name}.{field} has no description"

    def test_completion_inserts_no_null_and_hover_shows_no_bare_title(self) -> None:
        for where, node in _walk(json_schema()):
            if isinstance(node, dict) and not where.endswith("/properties"):
                assert node.get("default", "x") is not None, where
                assert "title" not in node or where == "", where

    def test_every_pattern_has_a_message_in_words(self) -> None:
        for where, node in _walk(json_schema()):
            if isinstance(node, dict) and "pattern" in node and not where.endswith("/properties"):
                assert "patternErrorMessage" in node, where
                assert "^" not in node["patternErrorMessage"], where

    def test_every_date_field_refers_to_the_one_date_definition(self) -> None:
        schema = json_schema()
        date_patterns = [w for w, n in _walk(schema) if isinstance(n, dict) and "YYYY" in str(n.get("pattern", ""))]
        assert date_patterns == []
        dates = [w for w, n in _walk(schema) if n == {"$ref": "#/$defs/Date"} or n == "#/$defs/Date"]
        assert len(dates) >= 6  # date, starts, published (registry and inline), in events and in defaults
        assert "pattern" in schema["$defs"]["Date"]


def test_the_template_file_once_filled_in_is_valid_for_the_schema_and_the_tracker(
        validator: jsonschema.Draft202012Validator) -> None:
    from tracker.ingest.authoring import items, whole_file

    text = whole_file(["proposed"]) + items(["accepted", "talks_held"])
    filled = (text.replace("<proposal-id>", "p").replace("<YYYY-MM-DD>", "2025-03-12").replace("<party>", "UA")
              .replace("<title>", "T").replace("<kind>", "other").replace("<place>", "Riyadh"))
    data = load(textwrap.dedent(filled))
    assert _schema_problems(validator, data) == []
    assert _tracker_problems(data) == []
