"""Replacing a proposal's opening: a `proposed` after its stream's `proposed` is retracted (every backend)."""

from __future__ import annotations

from datetime import date

from journal_kit import Journal

OPENING = """
events:
  - {id: swap-open, type: proposed, proposal: swap, date: 2025-04-01, party: US, title: Swap, kind: humanitarian,
     parties: [UA, RU]}
  - {id: swap-ru, type: accepted, proposal: swap, date: 2025-04-01, party: RU}
  - {id: swap-ua, type: accepted, proposal: swap, date: 2025-04-03, party: UA}
"""


def test_a_retracted_opening_is_replaced_on_the_same_day(journal: Journal) -> None:
    journal.append_ok(OPENING, "open.yaml", at="2025-04-05T00:00:00Z")
    journal.append_ok("""
        events:
          - {id: fix-open, type: retracted, proposal: swap, date: 2025-04-01, retracts: swap-open, reason: wrong proposer}
          - {id: fix-ru, type: retracted, proposal: swap, date: 2025-04-01, retracts: swap-ru, reason: refold after}
          - {id: swap-open-2, type: proposed, proposal: swap, date: 2025-04-01, party: EU, title: Swap,
             kind: humanitarian, parties: [UA, RU], confidence: confirmed}
          - {id: swap-ru-2, type: accepted, proposal: swap, date: 2025-04-01, party: RU}
        """, "fix.yaml", at="2025-04-06T00:00:00Z")
    view = journal.tracker.queries.status(date(2025, 4, 4)).get("swap")
    assert view is not None and view.proposed_by == "EU" and view.status == "agreed"
    assert {p: v.position for p, v in view.positions.items()} == {"UA": "accepted", "RU": "accepted", "EU": "proposer"}


def test_a_second_opening_is_refused_while_the_first_stands(journal: Journal) -> None:
    journal.append_ok(OPENING, "open.yaml", at="2025-04-05T00:00:00Z")
    outcome = journal.append("""
        events:
          - {id: swap-open-2, type: proposed, proposal: swap, date: 2025-04-01, party: EU, title: Swap,
             kind: humanitarian, parties: [UA, RU]}
        """, "second.yaml")
    assert outcome.outcome == "refused" and "already proposed" in outcome.refusals[0].message


def test_a_replacement_may_not_move_the_opening_day(journal: Journal) -> None:
    journal.append_ok(OPENING, "open.yaml", at="2025-04-05T00:00:00Z")
    outcome = journal.append("""
        events:
          - {id: fix-open, type: retracted, proposal: swap, date: 2025-04-01, retracts: swap-open, reason: wrong day}
          - {id: fix-ru, type: retracted, proposal: swap, date: 2025-04-01, retracts: swap-ru, reason: refold after}
          - {id: swap-open-2, type: proposed, proposal: swap, date: 2025-03-30, party: US, title: Swap,
             kind: humanitarian, parties: [UA, RU]}
        """, "moved.yaml")
    assert outcome.outcome == "refused"
    assert "keeps the date of the one it replaces" in outcome.refusals[0].message


def test_a_replacement_is_refused_when_earlier_events_of_its_day_would_be_lost(journal: Journal) -> None:
    journal.append_ok(OPENING, "open.yaml", at="2025-04-05T00:00:00Z")
    outcome = journal.append("""
        events:
          - {id: fix-open, type: retracted, proposal: swap, date: 2025-04-01, retracts: swap-open, reason: wrong proposer}
          - {id: swap-open-2, type: proposed, proposal: swap, date: 2025-04-01, party: EU, title: Swap,
             kind: humanitarian, parties: [UA, RU]}
        """, "lossy.yaml")
    assert outcome.outcome == "refused"
    assert "'swap-ru'" in outcome.refusals[0].message and "would fold before" in outcome.refusals[0].message
