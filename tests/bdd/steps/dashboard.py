"""Steps for the dashboard features: drive the Textual app with a Pilot from synchronous steps.

The app runs inside an event loop that each step resumes (`Driver.run`); thread workers wait for it.
"""

from __future__ import annotations

import asyncio
import shutil
import textwrap
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from textual.pilot import Pilot

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.domain.dates import format_date
from tracker.ui.app import TrackerApp
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.screens.overview_screen import OverviewScreen
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.widgets.position_matrix import PositionMatrix
from tracker.ui.widgets.swimlane import Swimlane
from tracker.ui.widgets.timeline import Timeline

LOADED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
KEYS = {"]": "right_square_bracket", "[": "left_square_bracket", "/": "slash", "?": "question_mark"}


@dataclass
class Clock:
    now: datetime = LOADED_AT

    def __call__(self) -> datetime:
        return self.now


Job = Callable[[Pilot[int]], Awaitable[Any]]


async def _session(app: TrackerApp, inbox: asyncio.Queue[tuple[Job | None, asyncio.Future[Any]]]) -> None:
    """The app's whole run inside one task, so that its context variables stay in one context."""
    async with app.run_test(size=(200, 50)) as pilot:
        while True:
            job, done = await inbox.get()
            if job is None:
                done.set_result(None)
                break
            try:
                done.set_result(await job(pilot))
            except BaseException as exc:  # noqa: BLE001 - handed to the step that asked
                done.set_exception(exc)


@dataclass
class Driver:
    """A running dashboard, and the loop it runs in; each step hands it jobs."""

    loop: asyncio.AbstractEventLoop
    app: TrackerApp
    inbox: asyncio.Queue[tuple[Job | None, asyncio.Future[Any]]]
    tracker: Tracker
    clock: Clock
    folder: Path

    def run(self, job: Job | None) -> Any:
        done = self.loop.create_future()
        self.inbox.put_nowait((job, done))
        return self.loop.run_until_complete(done)

    def settle(self) -> None:
        async def settle(pilot: Pilot[int]) -> None:
            await pilot.pause()
            await self.app.workers.wait_for_complete()
            while self.app.overview.panel_pending:
                await asyncio.sleep(0.02)
            await pilot.pause()
            await self.app.workers.wait_for_complete()
            await pilot.pause()

        self.run(settle)

    def press(self, *keys: str) -> None:
        async def press(pilot: Pilot[int]) -> None:
            await pilot.press(*(KEYS.get(k, k) for k in keys))

        self.run(press)
        self.settle()

    def select(self, proposal: str) -> None:
        async def select(pilot: Pilot[int]) -> None:
            self.app.overview.query_one(PositionMatrix).select_proposal(proposal)

        self.run(select)
        self.settle()

    def type(self, text: str) -> None:
        self.press(*(KEYS.get(c, "space" if c == " " else c) for c in text))

    def cell(self, proposal: str, column: str) -> str:
        table = self.app.overview.query_one(PositionMatrix)
        key = column if column in ("title", "status", "rev", "changed") else f"party:{column}"
        return str(table.get_cell(proposal, key))

    def append_yaml(self, name: str, text: str) -> None:
        path = self.folder / name
        path.write_text(textwrap.dedent(text))
        outcome = self.tracker.services.append_file(path)
        assert outcome.outcome == "appended", outcome
        self.settle()


@pytest.fixture(scope="session")
def bundled_dashboard_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dashboard") / "bundled.db"
    opened = open_tracker(f"sqlite:///{path}", clock=lambda: LOADED_AT)
    assert not [r for o in opened.services.load_bundled() for r in o.refusals]
    opened.close()
    return path


@pytest.fixture
def dashboard_store(tmp_path: Path, bundled_dashboard_store: Path) -> Path:
    path = tmp_path / "store.db"
    shutil.copyfile(bundled_dashboard_store, path)
    return path


@given(parsers.parse("the dashboard is open on the bundled dataset as of {day}"), target_fixture="dashboard")
def _(dashboard_store: Path, tmp_path: Path, day: str) -> Iterator[Driver]:
    yield from _open_dashboard(dashboard_store, tmp_path, day)


@given(parsers.parse("the dashboard is open on the bundled dataset, its stored snapshots cut short, as of {day}"),
       target_fixture="dashboard")
def _(dashboard_store: Path, tmp_path: Path, day: str) -> Iterator[Driver]:
    from sqlalchemy import text

    damaged = open_tracker(f"sqlite:///{dashboard_store}", clock=lambda: LOADED_AT)
    with damaged.services.store.raw().begin() as conn:  # as a torn write or a hand edit would leave them
        conn.execute(text("UPDATE snapshots SET state = '{\"id\": \"x\", \"positions\": {'"))
    damaged.close()
    yield from _open_dashboard(dashboard_store, tmp_path, day)


def _open_dashboard(dashboard_store: Path, tmp_path: Path, day: str) -> Iterator[Driver]:
    clock = Clock()
    tracker = open_tracker(f"sqlite:///{dashboard_store}", clock=clock)
    app = TrackerApp(tracker.queries, tracker.services, as_of=date.fromisoformat(day), poll_interval=0)
    loop = asyncio.new_event_loop()
    inbox: asyncio.Queue[tuple[Job | None, asyncio.Future[Any]]] = asyncio.Queue()
    session = loop.create_task(_session(app, inbox))
    driver = Driver(loop, app, inbox, tracker, clock, tmp_path)
    driver.settle()
    yield driver
    driver.run(None)
    loop.run_until_complete(session)
    loop.close()
    tracker.close()


@given(parsers.parse("Ukraine's acceptance of the Black Sea ceasefire was recorded on {day}"))
def _(dashboard: Driver, day: str) -> None:
    dashboard.clock.now = datetime.fromisoformat(f"{day}T12:00:00+00:00")
    dashboard.append_yaml("accept.yaml", """\
        events:
          - {id: bdd-ua-accepts-black-sea, type: accepted, proposal: black-sea-2025, date: 2025-03-26, party: UA,
             sources: [{outlet: Test wire, published: 2025-03-26}]}
        """)


@given(parsers.parse('a note "{note}" was recorded on the Black Sea ceasefire'))
def _(dashboard: Driver, note: str) -> None:
    dashboard.append_yaml("note.yaml", f"""\
        events:
          - {{id: bdd-markup-note, type: reviewing, proposal: black-sea-2025, date: 2025-03-27, party: UA,
             note: "{note}", sources: [{{outlet: Test wire, published: 2025-03-27}}]}}
        """)


@when(parsers.re(r'I press "(?P<key>[^"]+)"(?P<twice> twice)?'))
def _(dashboard: Driver, key: str, twice: str | None) -> None:
    dashboard.press(*([key] * (2 if twice else 1)))


@when(parsers.parse('I go to the date "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    dashboard.press("g")
    dashboard.type(text)
    dashboard.press("enter")


@when(parsers.parse('I diff since "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    dashboard.press("d")
    dashboard.type(text)
    dashboard.press("enter")


@when(parsers.parse('I set known on to "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    dashboard.press("k", "ctrl+u")
    dashboard.type(text)
    dashboard.press("enter")


@when(parsers.parse('I filter by "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    dashboard.press("/")
    dashboard.type(text)
    dashboard.press("enter")


@when("I clear the filter")
def _(dashboard: Driver) -> None:
    dashboard.press("escape")


@when(parsers.parse('I select "{proposal}"'))
def _(dashboard: Driver, proposal: str) -> None:
    dashboard.select(proposal)


@when(parsers.parse('I open "{proposal}"'))
def _(dashboard: Driver, proposal: str) -> None:
    dashboard.select(proposal)
    dashboard.press("enter")


@when("I open the last event of the timeline")
def _(dashboard: Driver) -> None:
    dashboard.press("ctrl+end", "enter")


@then(parsers.parse("the dashboard is as of {day}"))
def _(dashboard: Driver, day: str) -> None:
    assert dashboard.app.when.as_of == date.fromisoformat(day)


@then(parsers.parse('the step is "{step}"'))
def _(dashboard: Driver, step: str) -> None:
    assert dashboard.app.when.step == step


@then(parsers.parse('"{proposal}" shows status "{status}"'))
def _(dashboard: Driver, proposal: str, status: str) -> None:
    assert dashboard.cell(proposal, "status") == status


@then(parsers.parse('"{proposal}" shows "{text}" for "{party}"'))
def _(dashboard: Driver, proposal: str, text: str, party: str) -> None:
    assert dashboard.cell(proposal, party) == text


@then(parsers.parse('the rows are "{ids}"'))
def _(dashboard: Driver, ids: str) -> None:
    rows = dashboard.app.overview.query_one(PositionMatrix).row_ids
    assert rows == [i.strip() for i in ids.split(",")]


@then(parsers.parse("there are {count:d} rows"))
def _(dashboard: Driver, count: int) -> None:
    assert dashboard.app.overview.query_one(PositionMatrix).row_count == count


@then(parsers.parse('I see the proposal "{title}"'))
def _(dashboard: Driver, title: str) -> None:
    assert isinstance(dashboard.app.screen, ProposalScreen)
    assert title in str(dashboard.app.screen.query_one("#proposal-head").render())


@then(parsers.parse("its timeline lists {count:d} events"))
def _(dashboard: Driver, count: int) -> None:
    assert dashboard.app.screen.query_one(Timeline).row_count == count


@then("its swimlanes mark the as-of date")
def _(dashboard: Driver) -> None:
    lanes = str(dashboard.app.screen.query_one(Swimlane).render())
    assert f"│ as of {format_date(dashboard.app.when.as_of)}" in lanes


@then(parsers.parse('I see the event "{event_id}" citing "{source}"'))
def _(dashboard: Driver, event_id: str, source: str) -> None:
    assert isinstance(dashboard.app.screen, EventScreen)
    body = str(dashboard.app.screen.query_one("#event").render())
    assert event_id in body and source in body


@then(parsers.parse('I see the overview with "{proposal}" selected'))
def _(dashboard: Driver, proposal: str) -> None:
    assert isinstance(dashboard.app.screen, OverviewScreen)
    assert dashboard.app.overview.query_one(PositionMatrix).selected_proposal == proposal


@then(parsers.parse('the lower panel shows "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    assert text in str(dashboard.app.overview.query_one("#events-panel").render())


@given("a disputed violation report and a conditional acceptance were recorded on the Black Sea ceasefire")
def _(dashboard: Driver) -> None:
    dashboard.append_yaml("disputed.yaml", """\
        events:
          - {id: bdd-ua-accepts-black-sea-on-conditions, type: accepted, proposal: black-sea-2025, date: 2025-03-26,
             party: UA, conditions: [Russian warships leave the western Black Sea],
             sources: [{outlet: Test wire, published: 2025-03-26}]}
          - {id: bdd-ru-reports-drone, type: violation_reported, proposal: black-sea-2025, date: 2025-03-27,
             party: RU, against: UA, disputed_by: [UA], description: a drone near Sevastopol,
             sources: [{outlet: Test wire, published: 2025-03-27}]}
        """)


@when(parsers.parse("the terminal is {width:d} by {height:d}"))
def _(dashboard: Driver, width: int, height: int) -> None:
    async def resize(pilot: Pilot[int]) -> None:
        await pilot.resize_terminal(width, height)

    dashboard.run(resize)
    dashboard.settle()


def _header(dashboard: Driver) -> str:
    from tracker.ui.widgets.time_header import TimeHeader

    return dashboard.app.screen.query_one(TimeHeader).plain


@then(parsers.parse('the header shows "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    assert text in _header(dashboard), _header(dashboard)


@then(parsers.parse('the key line ends with "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    from tracker.ui.widgets.key_footer import KeyFooter

    line = str(dashboard.app.screen.query_one(KeyFooter).render()).rstrip()
    assert line.endswith(text), line


@then("every status and date of the overview shows whole, with nothing to scroll sideways")
def _(dashboard: Driver) -> None:
    table = dashboard.app.overview.query_one(PositionMatrix)
    assert not table.show_horizontal_scrollbar
    for y, pid in enumerate(table.row_ids[: table.scrollable_content_region.height - 1], start=1):
        line = table.render_line(y).text
        assert str(table.get_cell(pid, "changed")) in line and str(table.get_cell(pid, "status")) in line, line


@then(parsers.parse('the filter says "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    hint = str(dashboard.app.overview.query_one("#filter-hint").render())
    assert text in hint, hint


@then(parsers.parse('the timeline says "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    timeline = dashboard.app.screen.query_one(Timeline)
    rows = [" ".join(str(c) for c in timeline.get_row_at(i)) for i in range(timeline.row_count)]
    assert any(text in row for row in rows), rows


@then(parsers.parse('the lane of "{party}" shows "{mark}"'))
def _(dashboard: Driver, party: str, mark: str) -> None:
    lanes = str(dashboard.app.screen.query_one(Swimlane).render()).splitlines()
    lane = next(line for line in lanes if line.startswith(party))
    assert mark in lane[6:], lane


@then(parsers.parse('the event view shows "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    body = str(dashboard.app.screen.query_one("#event").render())
    assert text in body, body


@then(parsers.parse('the party columns in view are "{parties}"'))
def _(dashboard: Driver, parties: str) -> None:
    shown = dashboard.app.overview.query_one(PositionMatrix).parties_shown
    assert shown == [p.strip() for p in parties.split(",")], shown


@then(parsers.parse('the header row says "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    header = dashboard.app.overview.query_one(PositionMatrix).render_line(0).text
    assert text in header, header


@given(parsers.parse('Ukraine\'s acceptance of the Black Sea ceasefire was recorded dated "{written}"'))
def _(dashboard: Driver, written: str) -> None:
    dashboard.append_yaml("last-week.yaml", f"""\
        events:
          - {{id: bdd-ua-accepts-last-week, type: accepted, proposal: black-sea-2025, date: "{written}", party: UA,
             sources: [{{outlet: Test wire, published: 2025-03-31}}]}}
        """)


@then(parsers.parse('the timeline dates "{event_id}" "{shown}"'))
def _(dashboard: Driver, event_id: str, shown: str) -> None:
    assert str(dashboard.app.screen.query_one(Timeline).get_row(event_id)[0]) == shown


@then(parsers.parse('{party}\'s lane is drawn "{unsure}" up to {last} and "{sure}" after it'))
def _(dashboard: Driver, party: str, unsure: str, last: str, sure: str) -> None:
    lane = dashboard.app.screen.query_one(Swimlane)
    lines = str(lane.render()).splitlines()
    row = next(line for line in lines if line.startswith(party))
    assert unsure in row and sure in row and row.rindex(unsure) < row.index(sure), row
    axis = lines[0]
    day = datetime.strptime(last, "%d %b %Y").date()
    label, after = f"{day.day} {day:%b}", f"{(day + timedelta(days=1)).day} {day + timedelta(days=1):%b}"
    if f" {label} " in axis and f" {after} " in axis:  # each label starts over the first column of its day
        assert axis.index(f" {label} ") + 1 <= row.rindex(unsure) < axis.index(f" {after} ") + 1 \
            == row.index(sure), (axis, row)
    assert unsure in lines[-1] and "interval" in lines[-1], lines[-1]


def _error_panel(dashboard: Driver) -> str:
    from tracker.ui.widgets.error_panel import ErrorPanel

    panel = dashboard.app.overview.query_one(ErrorPanel)
    return str(panel.render()) if panel.has_class("-shown") else ""


@then(parsers.parse('the error panel says, in one line, "{first}" and "{second}"'))
def _(dashboard: Driver, first: str, second: str) -> None:
    shown = _error_panel(dashboard)
    assert first in shown and second in shown and "\n" not in shown and "Traceback" not in shown, shown


@then("the dashboard is still open on the overview")
def _(dashboard: Driver) -> None:
    assert dashboard.app.is_running and isinstance(dashboard.app.screen, OverviewScreen)


@then("the error panel is hidden")
def _(dashboard: Driver) -> None:
    assert _error_panel(dashboard) == ""


@when(parsers.parse('I ask to open the event "{event_id}" by its id'))
def _(dashboard: Driver, event_id: str) -> None:
    async def ask(pilot: Pilot[int]) -> None:
        dashboard.app.action_open_event_by_id()

    dashboard.run(ask)
    dashboard.settle()
    dashboard.type(event_id)


@then(parsers.parse('the field says "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    from tracker.ui.screens.date_modal import DateModal

    assert isinstance(dashboard.app.screen, DateModal)
    assert text in str(dashboard.app.screen.query_one("#date-hint").render())
