"""The JSON Schema of event files: generated from the models, shipped beside the journal, and true of it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tracker.ingest.authoring import json_schema
from tracker.ingest.yaml_loader import decode, load

REPO = Path(__file__).resolve().parents[2]
EVENT_FILES = sorted([*REPO.glob("events/*.yaml"), *REPO.glob("events/examples/*.yaml"), *REPO.glob("seeds/*.yaml")])


def test_the_shipped_schema_file_is_what_tracker_schema_prints() -> None:
    shipped = json.loads((REPO / "events" / "event-file.schema.json").read_text())
    assert shipped == json_schema(), "run: tracker schema > events/event-file.schema.json"


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_bundled_file_validates_against_the_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    errors = [e.message for e in validator.iter_errors(load(decode(path.read_bytes())))]
    assert errors == []


@pytest.mark.parametrize(
    "event, why",
    [
        ({"type": "accepted", "proposal": "p", "date": "2025-03-01", "party": "UA", "colour": "red"}, "unknown field"),
        ({"type": "acepted", "proposal": "p", "date": "2025-03-01", "party": "UA"}, "unknown type"),
        ({"type": "proposed", "proposal": "p", "date": "2025-03-01", "party": "US", "kind": "truce"}, "unknown kind"),
        ({"type": "accepted", "proposal": "p", "date": "11 March", "party": "UA"}, "date format"),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(event: dict[str, object], why: str) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors({"events": [event]})), why
