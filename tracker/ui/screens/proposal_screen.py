"""One proposal: what it is, where it stands, its terms, the picture of positions over time, its events."""

from __future__ import annotations

import re
import textwrap
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tracker.application.views import ProposalView
from tracker.domain.dates import FuzzyDate, add_days, format_date
from tracker.ui.data import ProposalData, load_proposal
from tracker.ui.failures import ReportsFailures
from tracker.ui.screens.following import FollowingScreen
from tracker.ui.messages import OpenEvent
from tracker.ui.timecontrol import When, long_date
from tracker.ui.widgets.style import plain, position_text, status_text, when_written
from tracker.ui.widgets.swimlane import Swimlane, lane_since
from tracker.ui.widgets.key_footer import KeyFooter
from tracker.ui.widgets.time_header import TimeHeader
from tracker.ui.widgets.timeline import Timeline


_PLAIN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date written as one certain day says nothing more
TIMELINE_ROWS = 200


def _covers(written: str, day: date) -> bool:
    """Whether the date as written spans `day` (it is the date the stretch began with, not a later one)."""
    try:
        value = FuzzyDate.parse(written)
    except ValueError:
        return False
    return value.start <= day <= value.end  # the newest events shown; a longer history is for `tracker timeline`


class ProposalScreen(ReportsFailures, FollowingScreen):
    """Header, swimlanes, terms and timeline of one proposal, as of the dashboard's date."""

    BINDINGS = [
        Binding("escape", "back", "back", id="proposal.back", tooltip="Back to the overview"),
        Binding("enter", "open_event", "event", show=False, id="proposal.open_event",
                tooltip="Open the selected event"),
        Binding("w", "why", "why", show=False, id="proposal.why",
                tooltip="Why: the status's rule and each position's events"),
    ]

    def __init__(self, proposal: str) -> None:
        super().__init__()
        self.proposal = proposal
        self.data: ProposalData | None = None
        self._dirty = False
        self._history_key: tuple[object, ...] | None = None
        self._texts: dict[str, Text] = {}
        self._history: list[tuple[date, ProposalView]] | None = None
        """The positions over time last drawn: the headline's `since` is read from them."""

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        with VerticalScroll(id="proposal-body"):
            yield Static(id="proposal-head")
            yield Static(Text("── positions over time", style="dim"), classes="section")
            yield Swimlane(id="swimlane")
            yield Static(Text("── terms", style="dim"), classes="section")
            yield Static(id="terms")
        yield Static(Text("── timeline (enter opens an event)", style="dim"), classes="section", id="timeline-title")
        yield Timeline(id="timeline")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._time_moved, init=False)
        self.watch(self.app, "head", self._time_moved, init=False)
        self.query_one(Timeline).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.app.when, self.app.head)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="proposal", exit_on_error=False)  # see ReportsFailures
    def _load(self, when: When, head: int) -> None:
        data = load_proposal(self.app.streams, self.proposal, when, head)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)  # see ReportsFailures
    def _load_history(self, when: When, head: int) -> None:
        history = self.app.streams.history(self.proposal, when.known_on, head)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_history, when, history)

    def _show_history(self, when: When, history: list[tuple[date, ProposalView]]) -> None:
        self._history_key = None
        if self.data is None or not self.query(Swimlane) or when.known_on != self.data.when.known_on:
            return
        self.query_one(Swimlane).show(history, self.data.events, self.data.when.as_of)
        self._history = history
        self._update("#proposal-head", self._head(self.data, self.app.current_theme.dark))

    def _show(self, data: ProposalData) -> None:
        if data.when != self.app.when or not self.is_attached:  # type: ignore[attr-defined]
            return
        if not self.query("#timeline-title"):  # still mounting: show once it is there
            self.call_after_refresh(self._show, data)
            return
        self.data = data
        dark = self.app.current_theme.dark
        compact = self.size.width < 100
        if data.history is None:
            key = (data.when.known_on, self.app.head)  # type: ignore[attr-defined]
            if key != self._history_key:  # one read at a time: a step does not start it again
                self._history_key = key
                self._history = None
                self._load_history(data.when, self.app.head)  # type: ignore[attr-defined]
        else:
            self._history = data.history
            self.query_one(Swimlane).show(data.history, data.events, data.when.as_of)
        self._update("#proposal-head", self._head(data, dark))
        self._update("#terms", self._terms(data.view, dark))
        visible = data.visible_events
        shown = visible[-TIMELINE_ROWS:]
        timeline = self.query_one(Timeline)
        titles = self.app.proposal_titles  # type: ignore[attr-defined]
        if titles != timeline.titles:
            timeline.titles = titles
            timeline.clear_layout()
        timeline.show(shown, compact, self.size.width - 2)
        more = f"the last {len(shown)} of {len(visible)} events (all: tracker timeline {self.proposal}); " \
            if len(shown) < len(visible) else ""
        self._update("#timeline-title", plain(f"── timeline ({more}enter opens an event)", style="dim"))

    def show_failure(self, line: str) -> None:
        if self.query("#proposal-head"):
            self._update("#proposal-head", Text.assemble(plain(self.proposal, style="bold"),
                                                         ("\ncould not read it: ", "red"), plain(line, style="red")))

    def _update(self, selector: str, text: Text) -> None:
        """Update a Static only when its text changed: each update costs a layout pass."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text)

    def _head(self, data: ProposalData, dark: bool) -> Text:
        view = data.view
        if view is None:
            first = format_date(data.events[0].date) if data.events else "?"
            return Text.assemble(plain(self.proposal, style="bold"),
                                 f"  not yet proposed as of {long_date(data.when.as_of)} (first event {first})")
        text = plain(view.title, style="bold")
        text.append(f"\n{view.kind.replace('_', ' ')} · proposed by {view.proposed_by} on "
                    f"{when_written(view.proposed_on)} · rev {view.revision} · ")
        text.append_text(status_text(view.status, dark))
        if data.before is not None and data.before.status != view.status:
            text.append(f"  (was {data.before.status.replace('_', ' ')} on {data.when.diff_since})", style="dim")
        if view.counter_to:
            answered = self.app.proposal_titles.get(view.counter_to)  # type: ignore[attr-defined]
            text.append_text(plain(f" · counter to {answered} ({view.counter_to})" if answered
                                   else f" · counter to {view.counter_to}"))
        text.append("\n")
        text.append(_window(view, data.when.as_of))
        text.append("\n")
        chunks = []
        for party, pos in view.positions.items():
            chunk = Text(f"{party} ", style="bold")
            chunk.append_text(position_text(pos.position, pos.stale, dark))
            since = self._since(party, pos.since, data.when.as_of, pos.stale)
            if since:
                chunk.append(f" since {since}", style="dim")
            chunks.append(chunk)
        width = max((c.cell_len for c in chunks), default=0) + 3
        per_line = max(1, (self.size.width - 2) // width) if width else 1
        for i, chunk in enumerate(chunks):  # laid out in columns, so that no stand is cut in two
            chunk.pad_right(width - chunk.cell_len)
            text.append("\n" if i % per_line == 0 and i else "")
            text.append_text(chunk)
        violations = data.violations
        if violations:
            text.append(f"\n{violations} violation report(s) so far", style="#ff5f5f")
        return text

    def _since(self, party: str, written: str | None, as_of: date, stale: bool = False) -> str | None:
        """Since when, as the swimlane draws it: the first day of the party's current stretch (with the date
        as written when that says more, e.g. a month); a stale stance also says since when it is stale."""
        if not self._history:
            return written
        day = lane_since(self._history, party, as_of, stale_apart=False)
        if day is None:
            return written
        shown = format_date(day)
        if written and not _PLAIN_DAY.fullmatch(written) and _covers(written, day):
            shown += f" (dated {format_date(written)})"  # the month, interval or doubt the stretch began with
        stale_day = lane_since(self._history, party, as_of) if stale else None
        if stale_day is not None and stale_day != day:
            shown += f", stale since {format_date(stale_day)}"
        return shown

    def _terms(self, view: ProposalView | None, dark: bool) -> Text:
        """One term a line: its id, its text wrapped under the text column, the revision and each party's
        stance on it. An id too long for the id column takes a line of its own."""
        if view is None or not view.terms:
            return Text("no terms recorded", style="dim")
        text = Text()
        column = min(max(16, min(40, self.size.width // 3)), max(len(t) for t in view.terms)) + 2
        room = max(20, self.size.width - 4 - column)
        for term in view.terms.values():
            if len(term.id) > column - 2:
                text.append_text(plain(term.id, style="bold"))
                text.append("\n" + " " * column)
            else:
                text.append_text(plain(term.id, style="bold"))
                text.append(" " * (column - len(term.id)))
            tail = Text(f"  (rev {term.revision})", style="dim")
            for party, position in term.positions.items():
                tail.append(f"  {party} ")
                tail.append_text(position_text(position, False, dark, compact=True))
            lines = textwrap.wrap(plain(term.text).plain, room) or [""]
            for n, line in enumerate(lines):
                text.append(("" if n == 0 else "\n" + " " * column) + line)
            if len(lines[-1]) + tail.cell_len > room:
                text.append("\n" + " " * column)
            text.append_text(tail)
            text.append("\n")
        text.rstrip()
        return text

    def on_resize(self) -> None:
        if self.data is not None:
            self._texts.clear()
            self._show(self.data)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_why(self) -> None:
        from tracker.ui.screens.why_screen import WhyScreen

        self.app.push_screen(WhyScreen(self.proposal))

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
        return f"in force since {format_date(window.start)}, open-ended"
    last = add_days(window.until, -1)
    span = f"{format_date(window.start)} – {format_date(last)}"
    if view.status == "in_force":
        day = (as_of - window.start).days + 1
        total = (window.until - window.start).days
        return f"in force {span} (day {day} of {total}; expires {format_date(window.until)})"
    return f"was in force {span}; {view.status.replace('_', ' ')}"
