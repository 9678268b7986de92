"""Steps about dates: how a date reads wherever it is shown, what the JSON gives, and dates at the calendar's ends."""

from __future__ import annotations

from datetime import date
from typing import Any

from pytest_bdd import parsers, then, when

from tracker.application import json_output
from tracker.application.bootstrap import Tracker
from tracker.application.views import EventView, ReplayStep, StatusReport
from tracker.domain.dates import DateError, format_date, parse_as_of, parse_instant


@then(parsers.parse('the timeline shows the dates "{shown}"'))
def _(timeline: list[EventView], shown: str) -> None:
    assert [format_date(e.date) for e in timeline] == [s.strip() for s in shown.split('", "')]


@then(parsers.parse('the timeline\'s JSON gives the event dated "{written}" the days {start} to {end}'))
def _(timeline: list[EventView], written: str, start: str, end: str) -> None:
    found = [json_output.event(e) for e in timeline if e.date == written]
    assert len(found) == 1, [e.date for e in timeline]
    assert (found[0]["date"], found[0]["date_start"], found[0]["date_end"]) == (written, start, end)


@then(parsers.parse('the date "{written}" reads "{shown}"'))
def _(written: str, shown: str) -> None:
    assert format_date(written) == shown


@when(parsers.parse("I replay the history up to {day}"), target_fixture="replayed")
def _(bdd_tracker: Tracker, day: str) -> list[ReplayStep]:
    return list(bdd_tracker.queries.replay(parse_as_of(day)))


@then(parsers.parse("the replay lists {count:d} steps"))
def _(replayed: list[ReplayStep], count: int) -> None:
    assert len(replayed) == count


@when(parsers.parse('I ask for the status as of {day} as known on the typed instant "{typed}"'),
      target_fixture="report")
def _(bdd_tracker: Tracker, day: str, typed: str) -> StatusReport:
    return bdd_tracker.queries.status(parse_as_of(day), parse_instant(typed))


@then(parsers.parse('the view is known on {instant}'))
def _(report: StatusReport, instant: str) -> None:
    assert json_output.instant(report.known_on) == instant


@when(parsers.parse('I type the {what} "{typed}"'), target_fixture="typed")
def _(what: str, typed: str) -> dict[str, Any]:
    parse = {"as-of date": parse_as_of, "instant": parse_instant}[what]
    try:
        return {"value": parse(typed), "error": None}
    except DateError as exc:
        return {"value": None, "error": exc}


@then(parsers.parse('it is refused, suggesting "{suggestion}"'))
def _(typed: dict[str, Any], suggestion: str) -> None:
    assert typed["error"] is not None, f"read as {typed['value']}"
    assert typed["error"].suggestion == suggestion


@then(parsers.parse("it is read as {day}"))
def _(typed: dict[str, Any], day: str) -> None:
    assert typed["error"] is None, typed["error"]
    assert typed["value"] == date.fromisoformat(day)
