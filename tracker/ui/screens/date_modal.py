"""A one-line prompt for a date or an instant (go to date, known on, diff since), checked as it is typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

_UNSET = object()


class DateModal(ModalScreen[Any]):
    """Dismisses with the parsed value, or with nothing on escape. `parse` raises ValueError on bad input."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel", tooltip="Close without changing anything")]

    def __init__(self, title: str, hint: str, parse: Callable[[str], Any], value: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.parse, self.value = title, hint, parse, value

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(value=self.value, placeholder=self.hint, id="date-input", select_on_focus=True)
            yield Static(Text(self.hint, style="dim"), id="date-hint")

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
            hint.update(Text(f"→ {value if value is not None else 'off / now'}", style="green"))
        else:
            hint.update(Text(self.hint, style="dim"))

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
