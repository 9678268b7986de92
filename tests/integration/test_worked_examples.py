"""The worked examples in events/examples/ append cleanly on top of the bundled dataset, and the dataset itself is sound."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from journal_kit import FIXTURES

from projection_check import assert_snapshots_equal_a_rebuild
from tracker.application.bootstrap import open_tracker

REPO = FIXTURES.parents[1]
EXAMPLES = REPO / "events" / "examples"


@pytest.fixture
def bundled_copy(bundled_sqlite: Path, tmp_path: Path) -> str:
    target = tmp_path / "bundled.db"
    shutil.copy(bundled_sqlite, target)
    return f"sqlite:///{target}"


def test_every_worked_example_appends_to_a_store_with_the_bundled_dataset(bundled_copy: str) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("no events/examples/ folder yet")
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml"))
    assert files, "events/examples/ holds no YAML files"
    tracker = open_tracker(bundled_copy)
    try:
        outcomes = tracker.services.append_paths([EXAMPLES])
        refused = {Path(o.file).name: [str(r) for r in o.refusals] for o in outcomes if o.outcome == "refused"}
        assert refused == {}
        assert [Path(o.file).name for o in outcomes] == [p.name for p in files]
        assert all(o.outcome == "appended" for o in outcomes)
        assert tracker.services.verify() == []
        again = tracker.services.append_paths([EXAMPLES])
        assert {o.outcome for o in again} == {"unchanged"}
    finally:
        tracker.close()


class TestBundledDataset:
    def test_it_loads_without_a_refusal_and_its_hash_chain_verifies(self, bundled_copy: str) -> None:
        tracker = open_tracker(bundled_copy)
        try:
            assert tracker.services.verify() == []
            assert tracker.queries.proposal_ids() == [
                "black-sea-2025", "ceasefire-30d-2025", "energy-strike-pause-2025", "eu-counter-28pt-2025",
                "istanbul-2022", "kyiv-chernihiv-deescalation-2022", "peace-plan-28pt-2025", "prisoner-exchange-2025"]
            assert set(tracker.queries.parties()) >= {"UA", "RU", "US", "EU", "TR", "SA"}
        finally:
            tracker.close()

    def test_loading_it_again_adds_nothing(self, bundled_copy: str) -> None:
        tracker = open_tracker(bundled_copy)
        try:
            head = tracker.queries.head()
            outcomes = tracker.services.load_bundled()
            assert {o.outcome for o in outcomes} == {"unchanged"}
            assert tracker.queries.head() == head
        finally:
            tracker.close()

    def test_its_maintained_snapshots_equal_a_rebuild(self, bundled_copy: str) -> None:
        tracker = open_tracker(bundled_copy)
        try:
            assert_snapshots_equal_a_rebuild(tracker)
        finally:
            tracker.close()

    def test_every_event_cites_a_source(self, bundled_copy: str) -> None:
        tracker = open_tracker(bundled_copy)
        try:
            for pid in tracker.queries.proposal_ids():
                for event in tracker.queries.timeline(pid, as_of=date(2026, 1, 1)):
                    assert event.sources, f"{pid}: {event.id} cites no source"
        finally:
            tracker.close()
