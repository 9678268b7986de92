"""Steps that ask the analyst's questions (as of D, between D1 and D2, as known at T) and check the answers."""

from __future__ import annotations

from datetime import date

from parse import with_pattern
from pytest_bdd import parsers, then, when
from steps.store import instant

from tracker.application.bootstrap import Tracker
from tracker.application.views import Change, EventView, ProposalView, StatusReport


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def _day(text: str) -> date:
    return date.fromisoformat(text)


DAY = {"Day": _day}


def proposal(report: StatusReport, pid: str) -> ProposalView:
    view = report.get(pid)
    assert view is not None, f"'{pid}' is not in the view as of {report.as_of}: {[p.id for p in report.proposals]}"
    return view


@when(parsers.parse("I ask for the status as of {day:Day} as known on {when}", extra_types=DAY), target_fixture="report")
def _(bdd_tracker: Tracker, day: date, when: str) -> StatusReport:
    return bdd_tracker.queries.status(day, instant(when))


@when(parsers.parse("I ask for the status as of {day:Day}", extra_types=DAY), target_fixture="report")
def _(bdd_tracker: Tracker, day: date) -> StatusReport:
    return bdd_tracker.queries.status(day)


@when(parsers.parse("I compare {start:Day} with {end:Day}", extra_types=DAY), target_fixture="changes")
def _(bdd_tracker: Tracker, start: date, end: date) -> list[Change]:
    return bdd_tracker.queries.diff(start, end)


@when(parsers.parse('I read the timeline of "{pid}" as known on {when}'), target_fixture="timeline")
def _(bdd_tracker: Tracker, pid: str, when: str) -> list[EventView]:
    return bdd_tracker.queries.timeline(pid, known_on=instant(when))


@when(parsers.parse('I read the timeline of "{pid}"'), target_fixture="timeline")
def _(bdd_tracker: Tracker, pid: str) -> list[EventView]:
    return bdd_tracker.queries.timeline(pid)


@then(parsers.parse('proposal "{pid}" has status "{status}"'))
def _(report: StatusReport, pid: str, status: str) -> None:
    assert proposal(report, pid).status == status


@then(parsers.parse('proposal "{pid}" is not yet proposed'))
def _(report: StatusReport, pid: str) -> None:
    assert report.get(pid) is None


@then(parsers.parse('proposal "{pid}" is at revision {revision:d}'))
def _(report: StatusReport, pid: str, revision: int) -> None:
    assert proposal(report, pid).revision == revision


@then(parsers.parse('proposal "{pid}" has {count:d} violations'))
def _(report: StatusReport, pid: str, count: int) -> None:
    assert len(proposal(report, pid).violations) == count


@then(parsers.parse('proposal "{pid}" has {count:d} violation'))
def _(report: StatusReport, pid: str, count: int) -> None:
    assert len(proposal(report, pid).violations) == count


@then(parsers.parse('the violation reported by "{accuser}" against "{accused}" on "{pid}" is shown as disputed by "{who}"'))
def _(report: StatusReport, accuser: str, accused: str, pid: str, who: str) -> None:
    found = [v for v in proposal(report, pid).violations if (v.reported_by, v.by) == (accuser, accused)]
    assert len(found) == 1 and found[0].disputed and found[0].disputed_by == tuple(who.split(", "))


@then(parsers.parse('the in-force window of "{pid}" runs from {start} until {until}'))
def _(report: StatusReport, pid: str, start: str, until: str) -> None:
    window = proposal(report, pid).in_force
    assert window is not None
    assert (str(window.start), str(window.until)) == (start, until)


@then(parsers.parse('"{pid}" has no in-force window'))
def _(report: StatusReport, pid: str) -> None:
    assert proposal(report, pid).in_force is None


@then(parsers.parse('party "{party}" is "{position}" on "{pid}" since {since}'))
def _(report: StatusReport, party: str, position: str, pid: str, since: str) -> None:
    pos = proposal(report, pid).positions[party]
    assert (pos.position, pos.since) == (position, since)


@then(parsers.parse('party "{party}" is "{position}" on "{pid}"'))
def _(report: StatusReport, party: str, position: str, pid: str) -> None:
    pos = proposal(report, pid).positions.get(party)
    found = pos.position if pos is not None else "unknown"  # a party that never spoke and is not required
    assert found == position, f"{party} is {found} on {pid}"


@then(parsers.parse('the position of "{party}" on "{pid}" is stale'))
def _(report: StatusReport, party: str, pid: str) -> None:
    assert proposal(report, pid).positions[party].stale


@then(parsers.parse('the position of "{party}" on "{pid}" is current at revision {revision:d}'))
def _(report: StatusReport, party: str, pid: str, revision: int) -> None:
    pos = proposal(report, pid).positions[party]
    assert (pos.stale, pos.revision) == (False, revision)


@then(parsers.parse('the conditions of "{party}" on "{pid}" are "{conditions}"'))
def _(report: StatusReport, party: str, pid: str, conditions: str) -> None:
    assert proposal(report, pid).positions[party].conditions == tuple(conditions.split("; "))


@then(parsers.parse('party "{party}" has "{word}" term "{term}" of "{pid}"'))
def _(report: StatusReport, party: str, word: str, term: str, pid: str) -> None:
    assert proposal(report, pid).terms[term].positions.get(party) == word


@then(parsers.parse('nobody has a position on term "{term}" of "{pid}"'))
def _(report: StatusReport, term: str, pid: str) -> None:
    assert proposal(report, pid).terms[term].positions == {}


@then(parsers.parse('term "{term}" of "{pid}" reads "{text}"'))
def _(report: StatusReport, term: str, pid: str, text: str) -> None:
    assert proposal(report, pid).terms[term].text == text


@then(parsers.parse('"{pid}" has no term "{term}"'))
def _(report: StatusReport, pid: str, term: str) -> None:
    assert term not in proposal(report, pid).terms


@then("the changes are:")
def _(changes: list[Change], datatable: list[list[str]]) -> None:
    header, *rows = datatable
    found = [{"proposal": c.proposal, "what": c.what, "party": c.party or "", "from": c.before or "-",
              "to": c.after or "-"} for c in changes]
    assert [{k: f[k] for k in header} for f in found] == [dict(zip(header, row)) for row in rows]


@then("nothing changed")
def _(changes: list[Change]) -> None:
    assert changes == []


@then("the timeline lists:")
def _(timeline: list[EventView], datatable: list[list[str]]) -> None:
    header, *rows = datatable
    found = [{"id": e.id, "date": e.date, "type": e.type, "party": e.party or "", "revision": str(e.revision or ""),
              "retracted": "yes" if e.retracted else "no"} for e in timeline]
    assert [{k: f[k] for k in header} for f in found] == [dict(zip(header, row)) for row in rows]
