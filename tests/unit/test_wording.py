"""Validation errors in the tracker's words: what was expected, what was found, never pydantic's sentences."""

from __future__ import annotations

import re
import textwrap

import pytest

from tracker.ingest.batch import Registry, read_batch
from tracker.ingest.wording import article
from tracker.ingest.yaml_loader import load

REGISTRY = Registry({"ua": "UA", "ru": "RU", "us": "US"}, frozenset({"UA", "RU", "US"}), frozenset({"src-1"}))
PYDANTIC = re.compile(r"Input should|String should|Value error|Field required|Extra inputs|valid dictionary|"
                      r"constrained-str|InlineSource|Tuple should")
BASE = "proposal: p, date: 2025-03-11"


def problems(event: str) -> list[tuple[str, str, str | None, str | None]]:
    batch = read_batch(load(textwrap.dedent(f"events:\n  - {{{event}}}\n")), REGISTRY)
    return [(".".join(map(str, p.path)), p.message, p.expected, p.found) for p in batch.problems]


@pytest.mark.parametrize(("event", "field", "message", "expected", "found"), [
    (f"type: accepted, {BASE}, party: UA, confidence: maybe", "events.0.confidence",
     "'maybe' is not a valid confidence", "one of: confirmed, reported, claimed", "maybe"),
    (f"type: accepted, {BASE}, party: UA, note: [a, b]", "events.0.note",
     "note must be text", "text (put it in quotes if it looks like a number)", "a list"),
    (f"type: accepted, {BASE}, party: UA, id: 'a b'", "events.0.id", "'a b' is not an id",
     "letters, digits and . _ : - only, starting with a letter or digit, at most 128 characters", "a b"),
    (f"type: proposed, {BASE}, party: US, title: T, kind: other, parties: []", "events.0.parties",
     "parties is empty", "at least 1 item(s)", "an empty list"),
    (f"type: proposed, {BASE}, party: US, title: T, kind: other, parties: UA", "events.0.parties",
     "parties must be a list", "a list, e.g. parties: [a, b]", "the text 'UA'"),
    (f"type: proposed, {BASE}, party: US, title: T, kind: other, parties: [UA], terms: [halt]", "events.0.terms.0",
     "each item of terms must be a mapping", "{id, text}", "the text 'halt'"),
    (f"type: proposed, {BASE}, party: US, title: T, kind: other, parties: [UA], terms: [{{id: a}}]",
     "events.0.terms.0.text", "missing field 'text' for a term", "all of: id, text", None),
    (f"type: in_force, {BASE}, duration_days: 40000", "events.0.duration_days",
     "duration_days is out of range", "a whole number at most 36500", "40000"),
    (f"type: in_force, {BASE}, duration_days: 2.5", "events.0.duration_days",
     "duration_days must be a whole number", "a whole number such as 30", "the number 2.5"),
    (f"type: ended, {BASE}, reason: bored", "events.0.reason",
     "'bored' is not a valid reason", "one of: expired, terminated, collapsed, superseded", "bored"),
    (f"type: accepted, {BASE}, party: UA, sources: [{{outlet: W, pages: 3}}]", "events.0.sources.0.pages",
     "unknown field 'pages' for an inline source", "one of: outlet, published, url, quote, language", "pages"),
    (f"type: accepted, {BASE}, party: UA, sources: [3]", "events.0.sources.0",
     "each item of sources must be text", "text (put it in quotes if it looks like a number)", "the number 3"),
    (f"type: accepted, {BASE}, party: ''", "events.0.party", "party is empty", "some text", "nothing"),
])
def test_a_validation_error_is_said_in_the_trackers_words(event: str, field: str, message: str, expected: str,
                                                          found: str | None) -> None:
    found_problems = problems(event)
    assert (field, message, expected, found) in found_problems, found_problems
    for problem in found_problems:
        assert not PYDANTIC.search(" ".join(str(x) for x in problem)), problem


def test_the_article_fits_the_word() -> None:
    assert [article(f"`{t}`") for t in ("accepted", "in_force", "ended", "rejected", "talks_held")] == [
        "an", "an", "an", "a", "a"]


def test_an_unknown_field_is_reported_for_an_event_with_the_right_article() -> None:
    [(_, message, _, _)] = problems(f"type: in_force, {BASE}, colour: red")
    assert message == "unknown field 'colour' for an `in_force` event"
