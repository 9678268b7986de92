"""One event, every field: sources and their quotes, the revision it applied to, when it was recorded,
and whether it was later retracted."""

from __future__ import annotations

import json

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tracker.application.views import EventView
from tracker.text import inert
from tracker.ui.widgets.style import when_written
from tracker.ui.widgets.time_header import TimeHeader


def event_text(event: EventView) -> Text:
    """The event as labelled lines; every value is user text, shown literally."""
    text = Text()

    def row(label: str, value: object, style: str = "") -> None:
        text.append(f"{label:<14}", style="bold")
        text.append(inert(value), style=style)
        text.append("\n")

    row("id", event.id)
    row("type", event.type.replace("_", " "))
    row("proposal", event.proposal)
    row("date", f"{when_written(event.date)}  (written {event.date}; counts from {when_written(event.effective)})")
    row("party", event.party or "—")
    row("confidence", event.confidence)
    row("revision", f"applied to revision {event.revision}" if event.revision else "—")
    row("recorded", f"{event.recorded_at.isoformat(timespec='seconds')}  (position {event.position})")
    row("recorded by", event.recorder)
    if event.retracted:
        row("retracted", f"yes, by {event.retracted_by}", style="bold red")
    else:
        row("retracted", "no")
    if event.note:
        row("note", event.note)
    for key, value in sorted(event.fields.items()):
        if key in ("note", "confidence"):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        row(key.replace("_", " "), shown)
    text.append(f"\nsources ({len(event.sources)})\n", style="bold underline")
    for source in event.sources:
        text.append(f"  {inert(source.id or '(inline)')}", style="bold")
        text.append(f"  {inert(source.outlet)}")
        if source.published:
            text.append(f", {inert(when_written(source.published))}")
        if source.language:
            text.append(f" [{inert(source.language)}]")
        text.append("\n")
        if source.title:
            text.append(f"    {inert(source.title)}\n", style="italic")
        if source.url:
            text.append(f"    {inert(source.url)}\n", style="underline dim")
        if source.quote:
            text.append(f"    “{inert(source.quote)}”\n")
    text.rstrip()
    return text


class EventScreen(Screen[None]):
    """Everything the store holds about one event."""

    BINDINGS = [Binding("escape", "back", "back", id="event.back", tooltip="Back to the previous screen")]

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.event: EventView | None = None

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        with VerticalScroll(id="event-body"):
            yield Static(Text(f"loading {inert(self.event_id)} …", style="dim"), id="event")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#event-body").focus()
        self._load()

    @work(thread=True, exclusive=True, group="event")
    def _load(self) -> None:
        event = self.app.queries.event(self.event_id)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, event)

    def _show(self, event: EventView | None) -> None:
        self.event = event
        body = event_text(event) if event else Text(f"no event {inert(self.event_id)}", style="red")
        self.query_one("#event", Static).update(body)

    def action_back(self) -> None:
        self.app.pop_screen()
