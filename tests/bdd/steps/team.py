"""Steps of the team features: who recorded an event, as the timeline shows it."""

from __future__ import annotations

import json

from pytest_bdd import parsers, then

from steps.cli import Ran


@then(parsers.parse('every event of the output was recorded by "{who}"'))
def _(ran: Ran, who: str) -> None:
    assert ran.code == 0, ran.err
    recorded = [line.strip() for line in ran.out.splitlines() if line.strip().startswith("recorded: ")]
    ids = [line for line in ran.out.splitlines() if line.strip().startswith("id: ")]
    assert recorded and len(recorded) == len(ids), ran.out
    assert all(line.endswith(f" UTC by {who}") for line in recorded), recorded


@then(parsers.parse('every event of the JSON output has "{field}" set to "{value}"'))
def _(ran: Ran, field: str, value: str) -> None:
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    events = data["events"] if isinstance(data, dict) else data
    assert events and all(e[field] == value for e in events), [e[field] for e in events]


@then(parsers.parse('the command fails with usage "{text}"'))
def _(ran: Ran, text: str) -> None:
    assert ran.code == 2 and ran.out == "", (ran.code, ran.out, ran.err)
    assert text in ran.err and "Traceback" not in ran.err, ran.err
