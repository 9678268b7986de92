"""A one-line prompt for a date or an instant (go to date, known on, diff since), checked as it is typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from tracker.ui.timecontrol import long_date

_UNSET = object()


class DateModal(ModalScreen[Any]):
    """Dismisses with the parsed value, or with nothing on escape. `parse` raises ValueError on bad input."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel", tooltip="Close without changing anything"),
                Binding("up", "offered", "last value", show=False, id="modal.offered",
                        tooltip="Fill in the value offered (the last one used)")]

    def __init__(self, title: str, hint: str, parse: Callable[[str], Any], value: str = "",
                 offered: str | None = None, note: Callable[[Any], str | None] | None = None) -> None:
        super().__init__()
        self.title_text, self.hint, self.parse, self.value = title, hint, parse, value
        self.offered = offered
        """A value the field offers without filling it in: ↑ takes it, or type its start and → completes."""
        self.note = note
        """A word to add on a valid value (e.g. an instant before the store's history starts)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog"):
            yield Static(Text(self.title_text, style="bold"))
            suggester = SuggestFromList([self.offered]) if self.offered else None
            placeholder = f"↑ for the last one: {self.offered}" if self.offered else self.hint
            yield Input(value=self.value, placeholder=placeholder, id="date-input", select_on_focus=True,
                        suggester=suggester)
            yield Static(self._idle_hint(), id="date-hint")

    def _idle_hint(self) -> Text:
        text = Text(self.hint, style="dim")
        if self.offered:
            text.append(f"\nlast used: {self.offered} (↑ fills it in)", style="dim")
        return text

    def action_offered(self) -> None:
        if self.offered:
            box = self.query_one(Input)
            box.value = self.offered
            box.cursor_position = len(self.offered)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _check(self, text: str) -> tuple[Any, str | None]:
        try:
            return self.parse(text), None
        except ValueError as exc:
            return _UNSET, str(exc)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        value, error = self._check(event.value)
        hint = self.query_one("#date-hint", Static)
        if error and event.value.strip():
            hint.update(Text(error, style="red"))
        elif value is not _UNSET:
            note = self.note(value) if self.note else None
            shown = Text(f"→ {_shown(value)}", style="green")
            if note:
                shown.append(f"\n{note}", style="#ffaf00")
            hint.update(shown)
        else:
            hint.update(self._idle_hint())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value, error = self._check(event.value)
        if error:
            self.query_one("#date-hint", Static).update(Text(error, style="red"))
            self.app.bell()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(_UNSET)


def was_cancelled(value: object) -> bool:
    return value is _UNSET


def _shown(value: object) -> str:
    """What a typed value means, in the words the header uses."""
    if value is None:
        return "off / now"
    if isinstance(value, datetime):
        at = value.astimezone(timezone.utc)
        if (at.hour, at.minute, at.second) == (23, 59, 59):
            return f"the end of {at.date().isoformat()} UTC"
        return f"{at:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, date):
        return long_date(value)
    return str(value)
