"""Steps for the why screen on the dashboard (features/dashboard/why_at_every_size.feature)."""

from __future__ import annotations

from pytest_bdd import parsers, then
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from steps.dashboard import Driver
from tracker.ui.screens.why_screen import WhyScreen


def _why(dashboard: Driver) -> WhyScreen:
    screen = dashboard.app.screen
    assert isinstance(screen, WhyScreen), screen
    return screen


def _table(dashboard: Driver) -> DataTable[object]:
    return _why(dashboard).query_one("#why-events", DataTable)


@then(parsers.parse('the why screen says "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    said = str(_why(dashboard).query_one("#why-text", Static).render())
    assert text in said, said


@then(parsers.parse('the why screen lists "{event_id}" as "{role}"'))
def _(dashboard: Driver, event_id: str, role: str) -> None:
    table = _table(dashboard)
    assert str(table.get_cell(event_id, "role")) == role
    assert str(table.get_cell(event_id, "event")) == event_id


@then("every event id of the why screen shows whole, with nothing to scroll sideways")
def _(dashboard: Driver) -> None:
    table = _table(dashboard)
    column = table.columns[ColumnKey("event")]
    assert all(len(str(table.get_cell(key, "event"))) <= column.width for key in table.rows)
    assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width


@then(parsers.parse('the selected event reads "{text}"'))
def _(dashboard: Driver, text: str) -> None:
    line = str(_why(dashboard).query_one("#why-selected", Static).render())
    assert text in line, line
