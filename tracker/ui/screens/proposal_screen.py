"""One proposal: what it is, where it stands, its terms, the picture of positions over time, its events."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from tracker.application.views import ProposalView
from tracker.ui.data import ProposalData, load_proposal
from tracker.ui.messages import OpenEvent
from tracker.ui.timecontrol import When, long_date
from tracker.ui.widgets.style import plain, position_text, status_text, when_written
from tracker.ui.widgets.swimlane import Swimlane
from tracker.ui.widgets.time_header import TimeHeader
from tracker.ui.widgets.timeline import Timeline


class ProposalScreen(Screen[None]):
    """Header, swimlanes, terms and timeline of one proposal, as of the dashboard's date."""

    BINDINGS = [
        Binding("escape", "back", "back", id="proposal.back", tooltip="Back to the overview"),
        Binding("enter", "open_event", "event", show=False, id="proposal.open_event",
                tooltip="Open the selected event"),
    ]

    def __init__(self, proposal: str) -> None:
        super().__init__()
        self.proposal = proposal
        self.data: ProposalData | None = None
        self._dirty = False

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        with VerticalScroll(id="proposal-body"):
            yield Static(id="proposal-head")
            yield Static(Text("── positions over time", style="dim"), classes="section")
            yield Swimlane(id="swimlane")
            yield Static(Text("── terms", style="dim"), classes="section")
            yield Static(id="terms")
            yield Static(Text("── timeline (enter opens an event)", style="dim"), classes="section")
            yield Timeline(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._time_moved, init=False)
        self.watch(self.app, "head", self._time_moved, init=False)
        self.query_one(Timeline).focus()
        self.reload()

    def _time_moved(self, _value: object = None) -> None:
        if self.is_current:
            self.reload()
        else:
            self._dirty = True

    def on_screen_resume(self) -> None:
        if self._dirty:
            self._dirty = False
            self.reload()

    def reload(self) -> None:
        self._load(self.app.when)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="proposal")
    def _load(self, when: When) -> None:
        data = load_proposal(self.app.queries, self.proposal, when)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data)

    def _show(self, data: ProposalData) -> None:
        if data.when != self.app.when or not self.children:  # type: ignore[attr-defined]
            return
        self.data = data
        dark = self.app.current_theme.dark
        compact = self.size.width < 100
        self.query_one("#proposal-head", Static).update(self._head(data, dark))
        self.query_one(Swimlane).show(data.history, data.events, data.when.as_of)
        self.query_one("#terms", Static).update(self._terms(data.view, dark))
        self.query_one(Timeline).show(data.visible_events, compact, self.size.width - 4)

    def _head(self, data: ProposalData, dark: bool) -> Text:
        view = data.view
        if view is None:
            first = data.events[0].date if data.events else "?"
            return Text.assemble(plain(self.proposal, style="bold"),
                                 f"  not yet proposed as of {long_date(data.when.as_of)} (first event {first})")
        text = plain(view.title, style="bold")
        text.append(f"\n{view.kind.replace('_', ' ')} · proposed by {view.proposed_by} on "
                    f"{when_written(view.proposed_on)} · rev {view.revision} · ")
        text.append_text(status_text(view.status, dark))
        if data.before is not None and data.before.status != view.status:
            text.append(f"  (was {data.before.status.replace('_', ' ')} on {data.when.diff_since})", style="dim")
        if view.counter_to:
            text.append_text(plain(f" · counter to {view.counter_to}"))
        text.append("\n")
        text.append(_window(view, data.when.as_of))
        text.append("\n")
        for party, pos in view.positions.items():
            text.append(f"{party} ", style="bold")
            text.append_text(position_text(pos.position, pos.stale, dark))
            if pos.since:
                text.append(f" since {pos.since}", style="dim")
            text.append("   ")
        violations = len(view.violations)
        if violations:
            text.append(f"\n{violations} violation report(s) so far", style="#ff5f5f")
        return text

    def _terms(self, view: ProposalView | None, dark: bool) -> Text:
        if view is None or not view.terms:
            return Text("no terms recorded", style="dim")
        text = Text()
        for term in view.terms.values():
            text.append(f"{term.id:<14}"[:15], style="bold")
            text.append_text(plain(term.text, 60))
            text.append(f"  (rev {term.revision})  ", style="dim")
            for party, position in term.positions.items():
                text.append(f"{party} ")
                text.append_text(position_text(position, False, dark, compact=True))
                text.append("  ")
            text.append("\n")
        text.rstrip()
        return text

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open_event(self) -> None:
        selected = self.query_one(Timeline).selected_event
        if selected:
            self.post_message(OpenEvent(selected))

    @on(DataTable.RowSelected, "#timeline")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.post_message(OpenEvent(str(event.row_key.value)))


def _window(view: ProposalView, as_of: date) -> str:
    """`in force 18 Mar – 16 Apr 2025 (day 2 of 30; expires 17 Apr 2025)`."""
    window = view.in_force
    duration = f"{view.duration_days} days" if view.duration_days else "open-ended"
    if window is None:
        return f"not in force (would run {duration})"
    if window.until is None:
        return f"in force since {window.start:%d %b %Y}, open-ended"
    last = window.until - timedelta(days=1)
    span = f"{window.start:%d %b %Y} – {last:%d %b %Y}"
    if view.status == "in_force":
        day = (as_of - window.start).days + 1
        total = (window.until - window.start).days
        return f"in force {span} (day {day} of {total}; expires {window.until:%d %b %Y})"
    return f"was in force {span}; {view.status.replace('_', ' ')}"
