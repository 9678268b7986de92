"""One event, every field, as a record card: one field a line, lists as lines, text wrapped under its value,
terms as `id — text`, parties by name and id, sources with outlet, date, URL and quote. No JSON on screen."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from tracker.application.views import EventView
from tracker.ui.failures import ReportsFailures
from tracker.text import inert
from tracker.ui.widgets.key_footer import KeyFooter
from tracker.ui.widgets.style import when_written
from tracker.ui.widgets.time_header import TimeHeader

LABEL = 16
PARTY_FIELDS = {"party", "parties", "participants", "against", "disputed_by", "recorded_by"}
TERM_FIELDS = {"terms", "add_terms", "remove_terms", "replace_terms"}
SHOWN_FIRST = ("title", "kind", "parties", "participants", "location", "against", "terms", "add_terms",
               "replace_terms", "remove_terms", "conditions", "counter_proposal", "counter_to", "reason",
               "description", "outcome", "duration_days", "starts", "retracts", "disputed_by", "dispute",
               "recorded_by")
LABELS = {"counter_proposal": "answered with", "counter_to": "counter to", "disputed_by": "disputed by",
          "recorded_by": "recorded by", "duration_days": "duration", "add_terms": "terms added",
          "remove_terms": "terms removed", "replace_terms": "terms replaced", "retracts": "retracts"}


@dataclass(frozen=True)
class EventContext:
    """What the card needs besides the event: party names and the proposal's term texts."""

    parties: Mapping[str, str] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)
    proposal_title: str | None = None


class Card:
    """Labelled lines, values wrapped under the value column."""

    def __init__(self, width: int) -> None:
        self.text = Text()
        self.room = max(20, width - LABEL)

    def row(self, label: str, values: str | list[str], style: str = "") -> None:
        lines = [values] if isinstance(values, str) else values
        if not lines:
            lines = ["—"]
        first = True
        for value in lines:
            wrapped = textwrap.wrap(inert(value), self.room, break_long_words=True, break_on_hyphens=False,
                                    replace_whitespace=True) or [""]
            for piece in wrapped:
                self.text.append(f"{label if first else '':<{LABEL}}", style="bold")
                self.text.append(piece, style=style)
                self.text.append("\n")
                first = False

    def heading(self, title: str) -> None:
        self.text.append(f"\n{title}\n", style="bold underline")


def _party(pid: object, names: Mapping[str, str]) -> str:
    name = names.get(str(pid))
    return f"{name} ({pid})" if name and name != pid else str(pid)


def _plain(value: Any) -> str:
    """A scalar, or a mapping as `key: value` pairs: never brackets or quotes."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _term(value: Any, texts: Mapping[str, str]) -> str:
    if isinstance(value, Mapping) and "id" in value:
        return f"{value['id']} — {value.get('text', texts.get(str(value['id']), ''))}".rstrip(" —")
    text = texts.get(str(value))
    return f"{value} — {text}" if text else str(value)


def field_lines(key: str, value: Any, context: EventContext) -> list[str]:
    """One field as lines: lists one item a line, terms as `id — text`, parties as `Name (ID)`."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if key in PARTY_FIELDS:
        return [_party(v, context.parties) for v in items]
    if key in TERM_FIELDS:
        return [_term(v, context.terms) for v in items]
    if key == "duration_days":
        return [f"{value} days"]
    return [_plain(v) for v in items]


def date_line(event: EventView) -> str:
    """`26-30 Mar 2025  (written 2025-03-26/2025-03-30; counts from 26 Mar 2025)`: the display form, the text
    as the event file has it (to find it there), and the day it is folded on when that is not the day shown."""
    shown, counts = when_written(event.date), when_written(event.effective)
    said = f"written {event.date}" if counts == shown else f"written {event.date}; counts from {counts}"
    return f"{shown}  ({said})"


def event_text(event: EventView, width: int = 100, context: EventContext | None = None) -> Text:
    """The event as a record card; every value is user text, shown literally."""
    context = context or EventContext()
    card = Card(width)
    card.row("id", event.id)
    card.row("type", event.type.replace("_", " "))
    title = f"{context.proposal_title} ({event.proposal})" if context.proposal_title else event.proposal
    card.row("proposal", title)
    card.row("date", date_line(event))
    card.row("party", _party(event.party, context.parties) if event.party else "—")
    card.row("confidence", event.confidence)
    disputed = event.fields.get("disputed_by")
    if disputed:
        card.row("disputed", "yes: shown as disputed, not as fact", style="bold #ffaf00")
    card.row("revision", f"applied to revision {event.revision}" if event.revision else "—")
    card.row("recorded", f"{event.recorded_at:%Y-%m-%d %H:%M:%S %Z}  (store position {event.position})")
    card.row("recorded by", event.recorder)
    if event.retracted:
        card.row("retracted", f"yes, by {event.retracted_by}", style="bold red")
    else:
        card.row("retracted", "no")
    rest = {k: v for k, v in event.fields.items() if k not in ("note", "confidence")}
    order = [k for k in SHOWN_FIRST if k in rest] + sorted(k for k in rest if k not in SHOWN_FIRST)
    for key in order:
        card.row(LABELS.get(key, key.replace("_", " ")), field_lines(key, rest[key], context))
    if event.note:
        card.row("note", event.note)
    card.heading(f"sources ({len(event.sources)})")
    for n, source in enumerate(event.sources, start=1):
        card.row(f"{n}. outlet", source.outlet or "—")
        if source.id:
            card.row("   id", source.id)
        if source.published:
            card.row("   published", when_written(source.published))
        if source.language:
            card.row("   language", source.language)
        if source.title:
            card.row("   title", source.title)
        if source.url:
            card.row("   url", source.url, style="underline")
        if source.quote:
            card.row("   quote", f"“{source.quote}”", style="italic")
    card.text.rstrip()
    return card.text


class EventScreen(ReportsFailures, Screen[None]):
    """Everything the store holds about one event."""

    BINDINGS = [Binding("escape", "back", "back", id="event.back", tooltip="Back to the previous screen")]

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.event: EventView | None = None
        self.context = EventContext()

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        with VerticalScroll(id="event-body"):
            yield Static(Text(f"loading {inert(self.event_id)} …", style="dim"), id="event")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#event-body").focus()
        self._load()

    @work(thread=True, exclusive=True, group="event", exit_on_error=False)  # see ReportsFailures
    def _load(self) -> None:
        queries = self.app.queries  # type: ignore[attr-defined]
        event = queries.event(self.event_id)
        context = EventContext()
        if event is not None:
            names = {pid: party.name for pid, party in queries.parties().items()}
            view = queries.status(event.effective, proposal=event.proposal, violations=False).get(event.proposal)
            terms = {t.id: t.text for t in view.terms.values()} if view else {}
            context = EventContext(names, terms, view.title if view else None)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, event, context)

    def _show(self, event: EventView | None, context: EventContext) -> None:
        self.event, self.context = event, context
        self._draw()

    def _draw(self) -> None:
        width = self.query_one("#event-body").scrollable_content_region.width or self.size.width - 6
        body = event_text(self.event, width, self.context) if self.event \
            else Text(f"no event {inert(self.event_id)}", style="red")
        self.query_one("#event", Static).update(body)

    def show_failure(self, line: str) -> None:
        said = Text(f"could not read {inert(self.event_id)}: {inert(line)}", style="red")
        self.query_one("#event", Static).update(said)

    def on_resize(self) -> None:
        if self.event is not None:
            self.call_after_refresh(self._draw)

    def action_back(self) -> None:
        self.app.pop_screen()
