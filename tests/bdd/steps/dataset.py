"""Steps of features/dataset: a default store that picks up the corrected bundle, disputes and retractions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from steps.store import instant
from steps.views import proposal

from tracker.application import bundled
from tracker.application.bootstrap import Tracker, open_tracker
from tracker.application.queries import diff_views
from tracker.application.views import Change, EventView, StatusReport
from tracker.cli import main

FIRST_EDITION = Path(__file__).resolve().parents[2] / "fixtures" / "bundled-first-edition"
CORRECTED = bundled.bundled_root()


@dataclass
class Opening:
    """The default store on disk, and what opening it said."""

    path: Path
    notices: list[str | None] = field(default_factory=list)


def _open(opening: Opening, root: Path, when: str, clock: Any, monkeypatch: pytest.MonkeyPatch,
          request: pytest.FixtureRequest) -> Tracker:
    monkeypatch.setattr(bundled, "bundled_root", lambda: root)
    clock.set(instant(when))
    opened = open_tracker(f"sqlite:///{opening.path}", clock=clock, bundled_if_new=True)
    request.addfinalizer(opened.close)
    opening.notices.append(opened.notice)
    return opened


@pytest.fixture
def opening(tmp_path: Path) -> Opening:
    return Opening(tmp_path / "data" / "tracker.db")


@given(parsers.parse("a default store that loaded the first edition of the bundled dataset on {when}"),
       target_fixture="bdd_tracker")
def _(opening: Opening, when: str, clock: Any, monkeypatch: pytest.MonkeyPatch,
      request: pytest.FixtureRequest) -> Tracker:
    opened = _open(opening, FIRST_EDITION, when, clock, monkeypatch, request)
    assert opened.first_run and all(o.outcome == "appended" for o in opened.first_run)
    return opened


@given(parsers.parse("the store opened with the corrected bundle on {when}"), target_fixture="bdd_tracker")
@when(parsers.parse("the store is opened with the corrected bundle again on {when}"), target_fixture="bdd_tracker")
def _(opening: Opening, when: str, clock: Any, monkeypatch: pytest.MonkeyPatch,
      request: pytest.FixtureRequest) -> Tracker:
    return _open(opening, CORRECTED, when, clock, monkeypatch, request)


@then(parsers.parse('the store said "{words}"'))
def _(opening: Opening, words: str) -> None:
    said = opening.notices[-1]
    assert said is not None and words in said and "\n" not in said, said


@then("the store said nothing about the bundled dataset")
def _(opening: Opening) -> None:
    assert opening.notices[-1] is None


@then(parsers.parse('the position of "{party}" on "{pid}" is shown as disputed by "{who}"'))
def _(report: StatusReport, party: str, pid: str, who: str) -> None:
    position = proposal(report, pid).positions[party]
    assert position.disputed and who in position.disputed_by


@then(parsers.parse('the position of "{party}" on "{pid}" is not disputed'))
def _(report: StatusReport, party: str, pid: str) -> None:
    assert not proposal(report, pid).positions[party].disputed


@then(parsers.parse('the violations of "{pid}" are:'))
def _(report: StatusReport, pid: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    found = [{"date": v.date, "reported_by": v.reported_by, "by": v.by, "confidence": v.confidence,
              "disputed": "yes" if v.disputed else "no"} for v in proposal(report, pid).violations]
    assert [{k: f[k] for k in header} for f in found] == [dict(zip(header, row)) for row in rows]


def _event(timeline: list[EventView], event_id: str) -> EventView:
    found = [e for e in timeline if e.id == event_id]
    assert found, f"no event '{event_id}' in the timeline: {[e.id for e in timeline]}"
    return found[0]


@then(parsers.parse('event "{event_id}" is shown as disputed by "{who}"'))
def _(timeline: list[EventView], event_id: str, who: str) -> None:
    event = _event(timeline, event_id)
    assert event.disputed and who in event.disputed_by and event.dispute


@then(parsers.parse('event "{event_id}" is not disputed'))
def _(timeline: list[EventView], event_id: str) -> None:
    assert not _event(timeline, event_id).disputed


@then(parsers.parse('event "{event_id}" is shown as retracted by "{retraction}"'))
def _(timeline: list[EventView], event_id: str, retraction: str) -> None:
    event = _event(timeline, event_id)
    assert event.retracted and event.retracted_by == retraction


@then(parsers.parse('event "{event_id}" counts'))
def _(timeline: list[EventView], event_id: str) -> None:
    assert not _event(timeline, event_id).retracted


@then(parsers.parse('the timeline has no event "{event_id}"'))
def _(timeline: list[EventView], event_id: str) -> None:
    assert event_id not in [e.id for e in timeline]


@when(parsers.parse("I compare what was known on {before} with what is known on {after} as of {day}"),
      target_fixture="changes")
def _(bdd_tracker: Tracker, before: str, after: str, day: str) -> list[Change]:
    from datetime import date

    as_of = date.fromisoformat(day)
    old = {p.id: p for p in bdd_tracker.queries.status(as_of, instant(before), violations=False).proposals}
    new = {p.id: p for p in bdd_tracker.queries.status(as_of, instant(after), violations=False).proposals}
    return [c for pid in sorted(set(old) | set(new)) for c in diff_views(old.get(pid), new.get(pid))]


@then("the only differences are:")
def _(changes: list[Change], datatable: list[list[str]]) -> None:
    header, *rows = datatable
    found = [{"proposal": c.proposal, "what": c.what, "party": c.party or "", "from": c.before or "-",
              "to": c.after or "-"} for c in changes]
    expected = [{k: v.strip() for k, v in zip(header, row)} for row in rows]
    assert [{k: f[k] for k in header} for f in found] == expected, found


@when(parsers.parse('I print the timeline of "{pid}"'), target_fixture="printed")
def _(bdd_tracker: Tracker, pid: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", bdd_tracker.url, "timeline", pid]) == 0
    return capsys.readouterr().out


@then(parsers.parse('the printed timeline heads event "{event_id}" with "{line}"'))
def _(printed: str, event_id: str, line: str) -> None:
    lines = printed.splitlines()
    assert f"    id: {event_id}" in lines, f"no event '{event_id}' in the printed timeline"
    assert lines[lines.index(f"    id: {event_id}") - 1] == line
