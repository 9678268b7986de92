"""The audit of the bundled journal (seeds/sources.yaml) against the journal as a store loads it.

Every fact of a source names the events that carry it, or says why none does; every event that counts
(not retracted, not itself a retraction) is carried by some fact; every event cites each source whose
facts name it; every quote is marked as a translation; every event a correction file adds sets its
confidence on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tracker.application.bootstrap import open_tracker
from tracker.application.bundled import bundled_files, bundled_root
from tracker.ingest.yaml_loader import decode, load

SHARED_SOURCES = bundled_root().parent / "shared" / "sources"


@pytest.fixture(scope="module")
def journal(bundled_sqlite: Path) -> dict[str, dict[str, Any]]:
    """Every stored event of the bundled dataset: id -> payload (with `retracted_by` when a retraction names it)."""
    opened = open_tracker(f"sqlite:///{bundled_sqlite}")
    try:
        with opened.services.store.session() as s:
            rows = [r for p in sorted(s.proposals()) for r in s.stream_events(p)]
            retracted = s.all_retractions(None)
    finally:
        opened.close()
    events = {r.event_id: orjson.loads(r.payload) for r in rows}
    for target, by in retracted.items():
        events[target]["retracted_by"] = by
    return events


@pytest.fixture(scope="module")
def registry() -> list[dict[str, Any]]:
    return load(decode((bundled_root() / "seeds" / "sources.yaml").read_bytes()))["sources"]


def _facts(registry: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for source in registry:
        for fact in source["facts"]:
            assert isinstance(fact, dict), f"{source['id']}: a fact without its events: {fact!r}"
            yield source["id"], fact


def _counting(journal: dict[str, dict[str, Any]]) -> set[str]:
    return {i for i, e in journal.items() if e["type"] != "retracted" and "retracted_by" not in e}


def test_every_event_named_by_a_fact_exists_and_counts(journal: dict[str, dict[str, Any]],
                                                        registry: list[dict[str, Any]]) -> None:
    counting = _counting(journal)
    wrong = [(sid, f["at"], e) for sid, f in _facts(registry) for e in f.get("events", ()) if e not in counting]
    assert wrong == [], "facts naming events that do not exist or are retracted"


def test_every_fact_is_carried_or_says_why_not(registry: list[dict[str, Any]]) -> None:
    bare = [(sid, f.get("at")) for sid, f in _facts(registry) if not f.get("events") and not f.get("none")]
    assert bare == []
    assert all(f.get("at") for _, f in _facts(registry)), "every fact says where it stands in its document"


def test_every_counting_event_is_carried_by_a_fact(journal: dict[str, dict[str, Any]],
                                                    registry: list[dict[str, Any]]) -> None:
    carried = {e for _, f in _facts(registry) for e in f.get("events", ())}
    assert sorted(_counting(journal) - carried) == []


def test_every_event_cites_each_source_whose_facts_name_it(journal: dict[str, dict[str, Any]],
                                                           registry: list[dict[str, Any]]) -> None:
    missing = sorted({(e, sid) for sid, f in _facts(registry) for e in f.get("events", ())
                      if e in journal and sid not in journal[e].get("sources", ())})
    assert missing == []


def test_every_quote_is_an_officials_words_marked_as_translated(journal: dict[str, dict[str, Any]]) -> None:
    quotes = [(i, s["quote"]) for i, e in journal.items() if i in _counting(journal)
              for s in e.get("sources", ()) if isinstance(s, dict) and "quote" in s]
    assert quotes, "the journal quotes officials"
    assert [(i, q) for i, q in quotes if "translated from Dutch" not in q] == []


def test_the_registry_lists_each_shared_document_once(registry: list[dict[str, Any]]) -> None:
    documents = [s["document"] for s in registry]
    assert len(documents) == len(set(documents)) == 5
    if SHARED_SOURCES.is_dir():  # beside a source checkout; an installed package has no shared/ folder
        assert sorted(documents) == sorted(p.name for p in SHARED_SOURCES.glob("*.txt"))


def test_every_event_a_correction_adds_sets_its_confidence_on_purpose() -> None:
    corrections = [p for p in bundled_files() if p.name.startswith("correction-")]
    assert corrections
    unset = [(p.name, e.get("id")) for p in corrections for e in load(decode(p.read_bytes()))["events"]
             if e["type"] != "retracted" and "confidence" not in e]
    assert unset == []


def test_published_names_never_read_as_a_new_date() -> None:
    """Files added after the first edition sort after it and start with a word, not a date."""
    names = [p.name for p in bundled_files() if p.parent.name == "events"]
    first = [n for n in names if n[:1].isdigit()]
    later = [n for n in names if not n[:1].isdigit()]
    assert names == first + later and all(n.startswith("correction-") for n in later)


def test_every_event_left_at_the_default_confidence_is_justified_in_the_journal_readme(
        journal: dict[str, dict[str, Any]]) -> None:
    readme = (bundled_root() / "events" / "README.md").read_text(encoding="utf-8")
    # A stored payload leaves a default out, so an explicit `confidence: reported` is read from the files.
    explicit = {e.get("id") for p in bundled_files() if p.parent.name == "events"
                for e in load(decode(p.read_bytes()))["events"] if "confidence" in e}
    unset = sorted(i for i in _counting(journal) if "confidence" not in journal[i] and i not in explicit)
    assert unset, "the first edition's events kept at the default"
    assert [i for i in unset if f"`{i}`" not in readme] == []
