"""Steps of the why and briefing features: they drive `tracker.application.why` and `brief` directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from pytest_bdd import parsers, then, when

from steps.store import append_or_fail, events_from_table, instant
from tracker.application.bootstrap import Tracker
from tracker.application.brief import make_briefing
from tracker.application.render import render
from tracker.application.why import PartyWhy, StatusWhy, explain_party, explain_status


@dataclass
class Briefings:
    made: list[bytes] = field(default_factory=list)
    known_on: list[Any] = field(default_factory=list)


def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


@when(parsers.parse('I ask why "{party}" stands where it does on "{pid}" as of {day} as known on {when}'),
      target_fixture="explained")
def _(bdd_tracker: Tracker, party: str, pid: str, day: str, when: str) -> PartyWhy:
    return explain_party(bdd_tracker.queries, pid, party, _day(day), instant(when))


@when(parsers.parse('I ask why "{party}" stands where it does on "{pid}" as of {day}'), target_fixture="explained")
def _(bdd_tracker: Tracker, party: str, pid: str, day: str) -> PartyWhy:
    return explain_party(bdd_tracker.queries, pid, party, _day(day))


@when(parsers.parse('I ask why "{pid}" has its status as of {day}'), target_fixture="explained")
def _(bdd_tracker: Tracker, pid: str, day: str) -> StatusWhy:
    return explain_status(bdd_tracker.queries, pid, _day(day))


@then(parsers.parse('the explanation says "{text}"'))
def _(explained: PartyWhy | StatusWhy, text: str) -> None:
    assert text in explained.sentence, explained.sentence


@then("the events behind it are, newest first:")
def _(explained: PartyWhy, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    got = [dict(zip(header, (link.event.id, link.role, link.event.date, link.event.confidence)))
           for link in explained.chain]
    assert got == [dict(zip(header, row)) for row in rows]


@then(parsers.parse('"{event_id}" was retracted by "{by}", recorded on {when}'))
def _(explained: PartyWhy, event_id: str, by: str, when: str) -> None:
    link = next(link for link in explained.chain if link.event.id == event_id)
    assert link.event.retracted_by == by
    assert link.retraction is not None and link.retraction.recorded_at == instant(when)


@when(parsers.parse("on {when} I make the briefing as {fmt} again, as known on the first one's instant"))
def _(bdd_tracker: Tracker, clock: Any, briefings: Briefings, when: str, fmt: str) -> None:
    clock.set(instant(when))
    made = make_briefing(bdd_tracker.queries, known_on=briefings.known_on[0], lanes=fmt == "html")
    briefings.made.append(render(made, fmt))


@when(parsers.parse("on {when} I make the briefing as {fmt} again, as of {day}"))
def _(bdd_tracker: Tracker, clock: Any, briefings: Briefings, when: str, fmt: str, day: str) -> None:
    clock.set(instant(when))
    made = make_briefing(bdd_tracker.queries, as_of=_day(day), lanes=fmt == "html")
    briefings.made.append(render(made, fmt))


@when(parsers.parse("on {when} I make the briefing as {fmt}"), target_fixture="briefings")
def _(bdd_tracker: Tracker, clock: Any, when: str, fmt: str) -> Briefings:
    clock.set(instant(when))
    made = make_briefing(bdd_tracker.queries, lanes=fmt == "html")
    return Briefings([render(made, fmt)], [made.known_on])


@when(parsers.parse("news arrives on {when}:"))
@when(parsers.parse("a correction arrives on {when}:"))
def _(bdd_tracker: Tracker, clock: Any, when: str, datatable: list[list[str]]) -> None:
    clock.set(instant(when))
    append_or_fail(bdd_tracker, yaml.safe_dump({"events": events_from_table(datatable)}).encode(), "news.yaml")


@then("the two briefings are the same bytes")
def _(briefings: Briefings) -> None:
    first, second = briefings.made
    assert first == second


@then("the two briefings differ")
def _(briefings: Briefings) -> None:
    first, second = briefings.made
    assert first != second


@then(parsers.parse('the briefing says "{text}"'))
def _(briefings: Briefings, text: str) -> None:
    assert text in briefings.made[0].decode()


@then(parsers.parse('the second briefing says "{text}"'))
def _(briefings: Briefings, text: str) -> None:
    assert text in briefings.made[1].decode()


@then("the briefing names the store's head position and hash")
def _(bdd_tracker: Tracker, briefings: Briefings) -> None:
    head = bdd_tracker.queries.mark()
    assert head is not None
    assert f"| store head | position {head.position}, hash {head.hash} |" in briefings.made[0].decode()
