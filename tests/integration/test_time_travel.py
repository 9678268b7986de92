"""The analyst's three questions through the application layer: as of D, between D1 and D2, as known at T."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from journal_kit import Journal

RU_REJECTS = """
    events:
      - {id: ru-rejects, type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU, reason: aid first}
"""
RETRACTION = """
    events:
      - {id: fix-ru-rejects, type: retracted, proposal: truce-2025, date: 2025-03-25, retracts: ru-rejects,
         reason: "the source quoted an adviser, not the Kremlin"}
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class TestWhereEachPartyStandsAsOf:
    def test_a_proposal_appears_only_from_the_day_it_was_proposed(self, truce: Journal) -> None:
        assert truce.proposal("truce-2025", "2025-03-10") is None
        view = truce.proposal("truce-2025", "2025-03-11")
        assert view is not None and view["status"] == "proposed"
        assert view["positions"]["UA"] == {"position": "unknown", "since": None, "revision": None, "stale": False,
                                           "conditions": []}

    def test_positions_carry_their_date_revision_and_confidence(self, truce: Journal) -> None:
        view = truce.proposal("truce-2025", "2025-03-12")
        assert view is not None
        assert view["positions"]["US"] == {"position": "proposer", "since": "2025-03-11", "revision": 1, "stale": False,
                                           "conditions": [], "confidence": "reported"}
        assert view["positions"]["UA"]["position"] == "accepted" and view["status"] == "negotiating"

    def test_a_party_that_is_not_required_is_listed_once_it_speaks(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: countered, proposal: truce-2025, date: 2025-03-13, party: EU, counter_proposal: truce-2025}]")
        view = truce.proposal("truce-2025", "2025-03-13")
        assert view is not None and list(view["positions"]) == ["UA", "RU", "US", "EU"]
        assert view["positions"]["EU"]["counter_proposal"] == "truce-2025"

    def test_violations_are_listed_with_who_disputes_them(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: v1, type: violation_reported, proposal: truce-2025, date: 2025-03-14, party: UA, against: RU,
                 terms: [halt], disputed_by: [Kremlin], description: shelling, confidence: claimed}
              - {id: v2, type: violation_reported, proposal: truce-2025, date: 2025-03-16, party: RU, against: UA}
        """)
        view = truce.proposal("truce-2025", "2025-03-15")
        assert view is not None and view["violations"] == [
            {"id": "v1", "date": "2025-03-14", "by": "RU", "reported_by": "UA", "disputed_by": ["RU"], "disputed": True,
             "dispute": None, "terms": ["halt"], "description": "shelling", "confidence": "claimed"}]
        later = truce.proposal("truce-2025", "2025-03-16")
        assert later is not None and [v["disputed"] for v in later["violations"]] == [True, False]

    def test_a_single_proposal_can_be_asked_for(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: proposed, proposal: other, date: 2025-03-12, party: EU, title: O, kind: other, parties: [RU]}]")
        report = truce.status("2025-03-31", proposal="other")
        assert [p["id"] for p in report["proposals"]] == ["other"]
        assert truce.status("2025-03-31", proposal="nope")["proposals"] == []


class TestWhatChangedBetween:
    def test_the_diff_lists_statuses_and_positions_that_differ_with_from_and_to(self, truce: Journal) -> None:
        truce.append_ok(RU_REJECTS)
        changes = truce.tracker.queries.diff(date(2025, 3, 11), date(2025, 3, 18))
        assert [(c.proposal, c.what, c.party, c.before, c.after) for c in changes] == [
            ("truce-2025", "status", None, "proposed", "rejected"),
            ("truce-2025", "position", "UA", "unknown", "accepted"),
            ("truce-2025", "position", "RU", "unknown", "rejected"),
        ]

    def test_a_proposal_that_did_not_exist_yet_changes_from_nothing(self, truce: Journal) -> None:
        changes = truce.tracker.queries.diff(date(2025, 3, 1), date(2025, 3, 11))
        assert [(c.what, c.party, c.before, c.after) for c in changes] == [
            ("status", None, None, "proposed"), ("position", "UA", None, "unknown"), ("position", "RU", None, "unknown"),
            ("position", "US", None, "proposer")]

    def test_an_amendment_shows_positions_turning_stale(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: amended, proposal: truce-2025, date: 2025-03-20, party: US, duration_days: 45}]")
        changes = truce.tracker.queries.diff(date(2025, 3, 19), date(2025, 3, 20))
        assert [(c.party, c.before, c.after) for c in changes] == [("UA", "accepted", "accepted*")]

    def test_expiry_shows_as_a_change_with_no_event(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: in_force, proposal: truce-2025, date: 2025-03-20}]")
        changes = truce.tracker.queries.diff(date(2025, 4, 18), date(2025, 4, 19))
        assert [(c.what, c.before, c.after) for c in changes] == [("status", "in_force", "expired")]

    def test_nothing_changed_is_an_empty_list(self, truce: Journal) -> None:
        assert truce.tracker.queries.diff(date(2025, 3, 13), date(2025, 3, 17)) == []


class TestWhatWeKnewAt:
    def test_a_back_dated_event_changes_the_past_as_of_view_only_from_when_it_was_recorded(self, truce: Journal) -> None:
        truce.append_ok("events: [{type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}]",
                        at="2025-04-01T10:00:00Z")
        now = truce.proposal("truce-2025", "2025-03-14")
        then = truce.proposal("truce-2025", "2025-03-14", at("2025-03-20T00:00:00Z"))
        assert now is not None and now["positions"]["RU"]["position"] == "reviewing"
        assert then is not None and then["positions"]["RU"]["position"] == "unknown"

    def test_a_retraction_is_invisible_before_it_was_recorded_and_undoes_the_event_after(self, truce: Journal) -> None:
        truce.append_ok(RU_REJECTS, at="2025-03-18T20:00:00Z")
        truce.append_ok(RETRACTION, at="2025-03-25T09:00:00Z")
        before = truce.proposal("truce-2025", "2025-03-20", at("2025-03-24T23:59:59Z"))
        after = truce.proposal("truce-2025", "2025-03-20", at("2025-03-25T09:00:00Z"))
        assert before is not None and (before["status"], before["positions"]["RU"]["position"]) == ("rejected", "rejected")
        assert after is not None and (after["status"], after["positions"]["RU"]["position"]) == ("negotiating", "unknown")

    def test_a_retraction_corrects_the_record_whatever_its_own_date(self, truce: Journal) -> None:
        truce.append_ok(RU_REJECTS, at="2025-03-18T20:00:00Z")
        truce.append_ok(RETRACTION, at="2025-03-25T09:00:00Z")
        view = truce.proposal("truce-2025", "2025-03-18")  # as of a day before the retraction is dated
        assert view is not None and view["positions"]["RU"]["position"] == "unknown"

    def test_the_timeline_marks_a_retracted_event_only_once_the_retraction_is_known(self, truce: Journal) -> None:
        truce.append_ok(RU_REJECTS, at="2025-03-18T20:00:00Z")
        truce.append_ok(RETRACTION, at="2025-03-25T09:00:00Z")
        now = {e.id: (e.retracted, e.retracted_by) for e in truce.tracker.queries.timeline("truce-2025")}
        then = {e.id: e.retracted for e in truce.tracker.queries.timeline("truce-2025", known_on=at("2025-03-20T00:00:00Z"))}
        assert now["ru-rejects"] == (True, "fix-ru-rejects") and "fix-ru-rejects" in now
        assert then == {"us-proposes-truce": False, "ua-accepts-truce": False, "ru-rejects": False}

    def test_the_timeline_is_in_fold_order_with_each_events_revision(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: amend, type: amended, proposal: truce-2025, date: 2025-03-20, party: US, title: 45-day truce}
              - {id: late, type: reviewing, proposal: truce-2025, date: 2025-03-15, party: RU}
              - {id: month, type: reviewing, proposal: truce-2025, date: 2025-03, party: EU}
        """)
        events = truce.tracker.queries.timeline("truce-2025")
        assert [(e.id, e.date, str(e.effective), e.revision) for e in events] == [
            ("us-proposes-truce", "2025-03-11", "2025-03-11", 1), ("month", "2025-03", "2025-03-11", 1),
            ("ua-accepts-truce", "2025-03-12", "2025-03-12", 1), ("late", "2025-03-15", "2025-03-15", 1),
            ("amend", "2025-03-20", "2025-03-20", 2)]
        assert [e.id for e in truce.tracker.queries.timeline("truce-2025", as_of=date(2025, 3, 12))] == [
            "us-proposes-truce", "month", "ua-accepts-truce"]

    def test_the_history_of_a_proposal_has_one_state_per_day_it_changed(self, truce: Journal) -> None:
        truce.append_ok(RU_REJECTS, at="2025-03-18T20:00:00Z")
        days = [(str(d), v.status) for d, v in truce.tracker.queries.history("truce-2025")]
        assert days == [("2025-03-11", "proposed"), ("2025-03-12", "negotiating"), ("2025-03-18", "rejected")]
        earlier = truce.tracker.queries.history("truce-2025", known_on=at("2025-03-13T00:00:00Z"))
        assert [str(d) for d, _ in earlier] == ["2025-03-11", "2025-03-12"]

    def test_known_on_echoes_as_a_utc_instant(self, truce: Journal) -> None:
        report = truce.status("2025-03-12", datetime(2025, 3, 13, 1, 0, tzinfo=timezone.utc))
        assert report["known_on"] == "2025-03-13T01:00:00Z"


class TestReplay:
    def test_replay_walks_event_by_event_with_what_each_changed_and_when_time_alone_did(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {type: accepted, proposal: truce-2025, date: 2025-03-14, party: RU}
              - {type: in_force, proposal: truce-2025, date: 2025-03-15}
        """)
        steps = list(truce.tracker.queries.replay(date(2025, 4, 30), date(2025, 3, 12)))
        summary = [(s.date, s.event.type if s.event else None, [(c.what, c.party, c.after) for c in s.changes])
                   for s in steps]
        assert summary == [
            ("2025-03-14", "accepted", [("status", None, "agreed"), ("position", "RU", "accepted")]),
            ("2025-03-15", "in_force", [("status", None, "in_force")]),
            ("2025-04-14", None, [("status", None, "expired")]),
        ]


class TestCorrectingAProposal:
    def test_a_wrongly_recorded_proposal_can_be_retracted(self, truce: Journal) -> None:
        outcome = truce.append("""
            events:
              - {type: retracted, proposal: truce-2025, date: 2025-03-13, retracts: us-proposes-truce, reason: wrong day}
        """)
        assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
        assert truce.proposal("truce-2025", "2025-03-31") is None

    def test_a_retraction_of_a_retraction_is_refused(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: fix, type: retracted, proposal: truce-2025, date: 2025-03-13, retracts: ua-accepts-truce, reason: x}
        """)
        outcome = truce.append("""
            events:
              - {type: retracted, proposal: truce-2025, date: 2025-03-14, retracts: fix, reason: y}
        """)
        assert outcome.outcome == "refused" and "cannot be retracted" in outcome.refusals[0].message

    def test_an_event_cannot_be_retracted_twice(self, truce: Journal) -> None:
        line = "  - {type: retracted, proposal: truce-2025, date: 2025-03-13, retracts: ua-accepts-truce, reason: %s}\n"
        truce.append_ok("events:\n" + line % "first")
        outcome = truce.append("events:\n" + line % "second")
        assert outcome.outcome == "refused" and "already retracted" in outcome.refusals[0].message
