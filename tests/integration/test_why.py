"""`why`: a position traced to the events behind it, a status to the rule that decided it (every backend)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from journal_kit import Journal, Run

from tracker.application import why, why_json

RU_REVIEWS_THEN_REJECTS = """
    defaults: {proposal: truce-2025}
    events:
      - {id: ru-reviews, type: reviewing, date: 2025-03-13, party: RU}
      - {id: ru-rejects, type: rejected, date: 2025-03-18, party: Kremlin, reason: aid first, confidence: confirmed,
         sources: [{outlet: Wire, published: 2025-03-18, url: "https://example.org/a", quote: "Not now."}]}
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class TestWhyAPartyHoldsItsPosition:
    def test_the_deciding_event_comes_first_and_the_position_it_replaced_after_it(self, truce: Journal) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS, at="2025-03-19T08:00:00Z")
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "RU", date(2025, 3, 20))
        assert explained.position.position == "rejected" and explained.position.since == "2025-03-18"
        assert [(link.role, link.event.id) for link in explained.chain] == [
            ("deciding", "ru-rejects"), ("replaced", "ru-reviews")]
        assert explained.sentence.startswith("RU is rejected on truce-2025 since 2025-03-18, on revision 1, because: aid first")
        source = explained.chain[0].event.sources[0]
        assert (source.outlet, source.published, source.url, source.quote) == (
            "Wire", "2025-03-18", "https://example.org/a", "Not now.")

    def test_an_alias_names_the_party(self, truce: Journal) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS, at="2025-03-19T08:00:00Z")
        assert why.explain_party(truce.tracker.queries, "truce-2025", "moscow", date(2025, 3, 20)).party == "RU"

    def test_the_amendment_that_made_a_position_stale_is_in_the_chain(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: us-amends, type: amended, proposal: truce-2025, date: 2025-03-15, party: US, title: 45-day truce}
        """)
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "UA", date(2025, 3, 16))
        assert explained.position.stale
        assert [(link.role, link.event.id) for link in explained.chain] == [
            ("made_stale", "us-amends"), ("deciding", "ua-accepts-truce")]
        assert "stale: the text is at revision 2 since US's amendment of 2025-03-15 (event us-amends)" in explained.sentence

    def test_a_retracted_event_is_shown_with_its_retraction_and_when_it_was_recorded(self, truce: Journal) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS, at="2025-03-19T08:00:00Z")
        truce.append_ok("""
            events:
              - {id: fix, type: retracted, proposal: truce-2025, date: 2025-03-25, retracts: ru-rejects, reason: misquote}
        """, at="2025-03-25T09:00:00Z")
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "RU", date(2025, 3, 20))
        assert explained.position.position == "reviewing"
        retracted = explained.chain[0]
        assert (retracted.role, retracted.event.id) == ("retracted", "ru-rejects")
        assert retracted.retraction is not None and retracted.retraction.id == "fix"
        assert retracted.retraction.recorded_at == at("2025-03-25T09:00:00Z")
        data = why_json.party(explained)
        assert data["chain"][0]["retraction"] == {"id": "fix", "date": "2025-03-25", "reason": "misquote",
                                                  "recorded_at": "2025-03-25T09:00:00Z"}

    def test_before_the_retraction_was_recorded_the_event_still_decides(self, truce: Journal) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS, at="2025-03-19T08:00:00Z")
        truce.append_ok("""
            events:
              - {id: fix, type: retracted, proposal: truce-2025, date: 2025-03-25, retracts: ru-rejects, reason: misquote}
        """, at="2025-03-25T09:00:00Z")
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "RU", date(2025, 3, 20),
                                      at("2025-03-24T00:00:00Z"))
        assert [(link.role, link.event.id) for link in explained.chain] == [
            ("deciding", "ru-rejects"), ("replaced", "ru-reviews")]

    def test_a_dispute_on_the_deciding_event_is_shown(self, truce: Journal) -> None:
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "UA", date(2025, 3, 20))
        assert why.disputed_note(explained.chain[0].event.fields) == ""
        assert why.disputed_note({"disputed_by": ["RU"], "dispute": "denies it"}) == "disputed by RU (denies it)"

    def test_a_party_that_said_nothing_has_an_empty_chain(self, truce: Journal) -> None:
        explained = why.explain_party(truce.tracker.queries, "truce-2025", "EU", date(2025, 3, 20))
        assert explained.position.position == "unknown" and explained.chain == ()
        assert explained.sentence == "EU has taken no position on truce-2025 that counts as of this date"

    def test_an_unknown_party_is_refused_with_the_nearest_one(self, truce: Journal) -> None:
        with pytest.raises(why.WhyError, match="unknown party 'RUS'; did you mean 'RU'"):
            why.explain_party(truce.tracker.queries, "truce-2025", "RUS", date(2025, 3, 20))


class TestWhyAProposalHasItsStatus:
    def test_rejected_names_the_party_and_its_event(self, truce: Journal) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS)
        explained = why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 20))
        assert explained.sentence == "rejected: RU's current position is rejected, since 2025-03-18 (event ru-rejects)"
        assert explained.deciding == ("ru-rejects",)

    def test_in_force_then_expired_with_no_event_needed(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: truce-starts, type: in_force, proposal: truce-2025, date: 2025-03-18}
        """)
        queries = truce.tracker.queries
        assert why.explain_status(queries, "truce-2025", date(2025, 3, 20)).sentence == (
            "in force: from 18 Mar 2025 for 30 days, to 16 Apr 2025 inclusive (event truce-starts)")
        assert why.explain_status(queries, "truce-2025", date(2025, 4, 30)).sentence == (
            "expired: in force from 18 Mar 2025 for 30 days, no event needed (in force by event truce-starts)")

    def test_an_in_force_that_starts_later_does_not_decide_yet(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: truce-starts, type: in_force, proposal: truce-2025, date: 2025-03-18, starts: 2025-03-25}
        """)
        explained = why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 20))
        assert explained.rule == "negotiating" and explained.effect_event is None

    def test_ended_gives_its_reason_and_date_as_written(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: truce-starts, type: in_force, proposal: truce-2025, date: 2025-03-18}
              - {id: truce-ends, type: ended, proposal: truce-2025, date: 2025-04, reason: collapsed}
        """)
        explained = why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 4, 30))
        assert explained.sentence == "ended: collapsed on 2025-04 (event truce-ends)"

    def test_withdrawn_names_the_proposer(self, truce: Journal) -> None:
        truce.append_ok("events: [{id: us-out, type: withdrawn, proposal: truce-2025, date: 2025-03-14, party: US}]")
        explained = why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 20))
        assert explained.sentence == "withdrawn: the proposer US withdrew it on 2025-03-14 (event us-out)"

    def test_agreed_and_negotiating_list_every_required_party(self, truce: Journal) -> None:
        queries = truce.tracker.queries
        assert why.explain_status(queries, "truce-2025", date(2025, 3, 12)).sentence == (
            "negotiating: no current rejection, not every required party agrees: "
            "UA accepted since 2025-03-12 (event ua-accepts-truce), RU nothing said yet")
        truce.append_ok("events: [{id: ru-yes, type: accepted, proposal: truce-2025, date: 2025-03-13, party: RU,"
                        " conditions: [no rearmament]}]")
        explained = why.explain_status(queries, "truce-2025", date(2025, 3, 13))
        assert explained.sentence.startswith("agreed: every required party stands by the current text: UA accepted")
        assert explained.deciding == ("ua-accepts-truce", "ru-yes")

    def test_proposed_when_no_required_party_has_spoken(self, truce: Journal) -> None:
        explained = why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 11))
        assert explained.sentence == "proposed: no required party has taken a position yet (UA, RU)"

    def test_the_json_lists_disputed_violations(self, truce: Journal) -> None:
        truce.append_ok("""
            events:
              - {id: v1, type: violation_reported, proposal: truce-2025, date: 2025-03-14, party: UA, against: RU,
                 disputed_by: [RU]}
        """)
        data = why_json.status(why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 20)))
        assert data["rule"] == "negotiating" and data["party"] is None
        assert [(v["id"], v["disputed"]) for v in data["violations"]] == [("v1", True)]
        assert data["positions"]["UA"]["event"] == "ua-accepts-truce"

    def test_a_proposal_not_yet_proposed_is_explained_in_one_line(self, truce: Journal) -> None:
        with pytest.raises(why.WhyError, match="'truce-2025' was not yet proposed as of 2025-03-10"):
            why.explain_status(truce.tracker.queries, "truce-2025", date(2025, 3, 10))
        with pytest.raises(why.WhyError, match="unknown proposal 'truce-2052'; did you mean 'truce-2025'"):
            why.explain_status(truce.tracker.queries, "truce-2052", date(2025, 3, 10))


class TestWhyOnTheCommandLine:
    def test_why_prints_the_chain_and_json(self, truce: Journal, cli: Callable[..., Run]) -> None:
        truce.append_ok(RU_REVIEWS_THEN_REJECTS, at="2025-03-19T08:00:00Z")
        db = truce.tracker.url
        run = cli("why", "truce-2025", "RU", "--as-of", "2025-03-20", "--db", db)
        assert run.code == 0, run.err
        assert "ru-rejects  [confirmed]  decides it" in run.out and '"Not now."' in run.out
        data = cli("why", "truce-2025", "RU", "--as-of", "2025-03-20", "--json", "--db", db).json()
        assert data["position"]["event"] == "ru-rejects" and data["chain"][1]["role"] == "replaced"
        status = cli("why", "truce-2025", "--as-of", "2025-03-20", "--db", db)
        assert "rejected: RU's current position is rejected, since 2025-03-18 (event ru-rejects)" in status.out

    def test_a_wrong_name_exits_1_with_one_line(self, truce: Journal, cli: Callable[..., Run]) -> None:
        run = cli("why", "truce-2025", "RUS", "--db", truce.tracker.url)
        assert run.code == 1 and run.err == "tracker why: unknown party 'RUS'; did you mean 'RU'?\n"


class TestWhatTheCommandsLoad:
    def test_the_command_module_loads_neither_textual_nor_the_store(self) -> None:
        import subprocess
        import sys

        code = ("import sys, tracker.commands.why; "
                "print(sorted(m for m in ('textual', 'sqlalchemy', 'rich') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]"

    def test_the_briefing_and_its_renderers_never_load_textual(self) -> None:
        import subprocess
        import sys

        code = ("import sys, tracker.application.brief, tracker.application.render.html, "
                "tracker.application.render.markdown, tracker.application.render.csv_format, "
                "tracker.application.why_json; print('textual' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "False"


def test_text_from_event_files_is_shown_literally(truce: Journal, cli: Callable[..., Run]) -> None:
    truce.append_ok('events: [{type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU,'
                    ' note: "\\e[31mred\\e[0m \\u202e"}]')
    run = cli("why", "truce-2025", "RU", "--as-of", "2025-03-20", "--db", truce.tracker.url)
    assert run.code == 0 and "\x1b" not in run.out and "\u202e" not in run.out
    assert "note: \\x1b[31mred\\x1b[0m \\u202e" in run.out
