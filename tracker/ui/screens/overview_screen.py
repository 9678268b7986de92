"""The first screen: every proposal by every party, as of the dashboard's date."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static
from textual.timer import Timer
from textual.worker import get_current_worker

from tracker.application.views import EventView, ProposalView
from tracker.ui.data import OverviewCache, OverviewData, load_overview, load_panel, neighbours
from tracker.ui.filtering import SORTS, RowFilter, arrange
from tracker.ui.failures import ReportsFailures
from tracker.ui.screens.following import FollowingScreen
from tracker.ui.messages import OpenProposal
from tracker.ui.timecontrol import When, long_date
from tracker.ui.widgets.error_panel import ErrorPanel
from tracker.ui.widgets.events_panel import EventsPanel
from tracker.ui.widgets.position_matrix import TITLE_LEAST, PositionMatrix
from tracker.ui.widgets.key_footer import KeyFooter
from tracker.ui.widgets.time_header import TimeHeader, count_item, filter_item, sort_item

NARROW = 100  # columns below which positions are symbols only
SHORT = 30  # rows below which the lower panel is dropped
LEGEND = ("● proposer  ✔ accepted  ✔? conditional  ◑ partial  ◐ reviewing  ↺ countered  ✘ rejected  "
          "⊘ withdrawn  · unknown  * stale   enter opens · ? keys")
LEGEND_SHORT = "●prop ✔acc ✔?cond ◑part ◐rev ↺ctr ✘rej ⊘wdr ·unk *stale  ?keys"
PANEL_DELAY = 0.12  # seconds: the lower panel follows once the keys rest, so steps redraw the matrix first


class OverviewScreen(ReportsFailures, FollowingScreen):
    """The matrix, a filter line, the events behind the selected row, and the folder watch's refusals."""

    BINDINGS = [
        Binding("/", "filter", "filter", id="overview.filter", tooltip="Filter rows: text, status:, kind:, party:"),
        Binding("s", "sort", "sort", id="overview.sort", tooltip="Cycle the sort: " + ", ".join(SORTS)),
        Binding("escape", "clear_filter", "clear filter", show=False, id="overview.clear_filter",
                tooltip="Clear the filter (or leave the filter line)"),
        Binding("x", "hide_errors", "hide errors", show=False, id="overview.hide_errors",
                tooltip="Hide the folder watch's refusals"),
        Binding("w", "why", "why", show=False, id="overview.why",
                tooltip="Why: the selected cell's status or position, traced"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: OverviewData | None = None
        self.row_filter = RowFilter()
        self.sort = SORTS[0]
        self._dirty = False
        self._panel_timer: Timer | None = None
        self._panel_for: tuple[str | None, When, int] | None = None
        """The row, time and store head of the lower panel last asked for."""
        self.cache = OverviewCache()
        self._legend = Text()

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        yield PositionMatrix(id="matrix")
        yield Static(id="legend")
        yield Input(placeholder="filter: words, status:rejected, kind:maritime, party:RU  (enter keeps, esc clears)",
                    id="filter")
        yield Static(id="filter-hint")
        with VerticalScroll(id="lower"):
            yield EventsPanel(id="events-panel")
        yield ErrorPanel(id="errors")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._time_moved, init=False)
        self.watch(self.app, "head", self._time_moved, init=False)
        self.watch(self.app, "theme", self._redraw, init=False)
        self.query_one(PositionMatrix).focus()
        self.reload()

    @property
    def matrix(self) -> PositionMatrix:
        return self.query_one(PositionMatrix)

    def compact_for(self, rows: list[ProposalView]) -> bool:
        """Symbols only: on a narrow terminal, or when the parties' words would not fit across."""
        if self.size.width < NARROW:
            return True
        parties = len({p for v in rows for p in (*v.parties, *v.positions)})
        diff = self.data is not None and self.data.when.diff_since is not None
        word = 25 if diff else 12  # `✔ accepted → ✘ rejected`, `◐ reviewing`
        return 1 + TITLE_LEAST + 2 + (24 if diff else 14) + 5 + 12 + parties * (word + 2) > self.size.width

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")
        self._redraw()

    def reload(self) -> None:
        when: When = self.app.when  # type: ignore[attr-defined]
        cached = self.cache.get(when, self.app.head)  # type: ignore[attr-defined]
        if cached is not None:
            self._show(cached)
            return
        self.app.loading_when = True  # type: ignore[attr-defined]
        self._load(when, self.app.head)  # type: ignore[attr-defined]

    def read_ahead(self) -> None:
        """Read where the time keys lead from here (see `neighbours`) into the cache, in a thread."""
        if self.data is not None:
            self._prefetch(self.data.when, self.app.head)  # type: ignore[attr-defined]

    def read(self, when: When, head: int) -> OverviewData:
        """The overview for `when`: from the cache, or read now (in the calling thread); the party names
        for the filter come with the first read of each store head."""
        self.app.party_names.get(head)  # type: ignore[attr-defined]
        return self.cache.load(when, head, lambda: load_overview(self.app.queries, when))  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)  # see ReportsFailures
    def _load(self, when: When, head: int) -> None:
        data = self.read(when, head)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)  # see ReportsFailures
    def _prefetch(self, when: When, head: int) -> None:
        """Read ahead where the time keys lead, so that a step is drawn from memory: from the first screen on
        (both ways), then on in the direction of the last move."""
        direction = self.app.last_direction  # type: ignore[attr-defined]
        worker = get_current_worker()

        def fill(targets: list[When]) -> bool:
            for target in targets:
                if worker.is_cancelled:
                    return False
                self.read(target, head)
            return True

        if fill(neighbours(when, [], direction)):  # the steps first: they need no event days
            days = self.app.event_days.get(when.known_on, head)  # type: ignore[attr-defined]
            fill(neighbours(when, days, direction))

    def _show(self, data: OverviewData) -> None:
        if data.when != self.app.when or not self.is_attached:  # type: ignore[attr-defined]
            return  # a newer request is on its way (keep what is shown until it arrives), or the app is closing
        if not self.query("#events-panel"):  # still mounting: show once it is there
            self.call_after_refresh(self._show, data)
            return
        first = self.data is None
        self.data = data
        self.app.loading_when = False  # type: ignore[attr-defined]
        self._redraw()
        if first:
            if self._panel_timer is not None:  # no keys to wait for: the lower panel comes with the matrix
                self._panel_timer.stop()
                self._start_panel()
            # the first frame draws every row: read ahead once it is on screen, not competing with it
            self.call_after_refresh(self.read_ahead)
        else:  # a step: read ahead at once, while the frame waits for its turn
            self.read_ahead()

    def _redraw(self, _value: object = None) -> None:
        if self.data is None:
            return
        rows = arrange(self.data.report.proposals, self.row_filter, self.sort)
        compact = self.compact_for(rows)
        self.matrix.show(self.data, rows, compact, self.app.current_theme.dark, self.size.width < NARROW)
        legend = Text(LEGEND_SHORT if compact or self.size.width < len(LEGEND) + 2 else LEGEND)
        if self._legend != legend:
            self._legend = legend
            self.query_one("#legend", Static).update(legend)
        total = len(self.data.report.proposals)
        parties = len({p for v in self.data.report.proposals for p in v.positions})
        items = [sort_item(self.sort)]
        if self.row_filter:
            items.append(filter_item(self.query_one("#filter", Input).value))
        items.append(count_item(len(rows), total, parties, bool(self.row_filter)))
        self.query_one(TimeHeader).set_items(items)
        problems = self.row_filter.problems(self.data.report.proposals) if self.row_filter else []
        hint = self.query_one("#filter-hint", Static)
        hint.set_class(bool(problems), "-shown")
        if problems:
            hint.update(Text("\n".join(problems)))
        known = "" if self.data.when.known_on is None else " as known then (k changes known-on, K: known now)"
        if not rows and self.data.when.known_on is not None:
            note = self.app.known_note(self.data.when.known_on)  # type: ignore[attr-defined]
            known = f" as known then: {note} (K: known now)" if note else known
        self.matrix.empty_message = (
            "" if rows else "no proposal matches the filter (esc clears it)" if self.row_filter and total
            else f"no proposal yet as of {long_date(self.data.when.as_of)}{known}")
        self._load_panel()

    def _load_panel(self) -> None:
        if self.data is None or self.has_class("-short"):
            return
        if self.data.when.diff_since is not None:
            changes = list(self.data.changes.values())
            titles = {v.id: v.title for v in self.data.report.proposals}
            self.query_one(EventsPanel).show_changes(long_date(self.data.when.diff_since), changes, titles,
                                                     self.app.current_theme.dark, self.data.new_since)
            self._panel_for = None
            return
        wanted = (self.matrix.selected_proposal, self.data.when, self.app.head)  # type: ignore[attr-defined]
        if wanted == self._panel_for:
            return  # that panel is shown or on its way (a redraw or a highlight that changed nothing)
        if self._panel_timer is not None:
            self._panel_timer.stop()
        self._panel_timer = self.set_timer(PANEL_DELAY, self._start_panel)

    @property
    def panel_pending(self) -> bool:
        """True while the lower panel waits for the keys to rest."""
        return self._panel_timer is not None

    def _start_panel(self) -> None:
        self._panel_timer = None
        proposal = self.matrix.selected_proposal
        if self.data is None:
            return
        self._panel_for = (proposal, self.data.when, self.app.head)  # type: ignore[attr-defined]
        if proposal is not None:
            self._panel(proposal, self.data.when, self.app.head)  # type: ignore[attr-defined]
        else:
            self.query_one(EventsPanel).show(Text(""))

    @work(thread=True, exclusive=True, group="panel", exit_on_error=False)  # see ReportsFailures
    def _panel(self, proposal: str, when: When, head: int) -> None:
        events = load_panel(self.app.streams, proposal, when, head)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_panel, proposal, when, events)

    def _show_panel(self, proposal: str, when: When, events: list[EventView]) -> None:
        if self.data is None or when != self.data.when or not self.query("#events-panel"):
            return
        if self.matrix.selected_proposal != proposal:
            return
        view = self.data.report.get(proposal)
        titles = {v.id: v.title for v in self.data.report.proposals}
        self.query_one(EventsPanel).show_events(view.title if view else proposal, events, titles)

    @on(PositionMatrix.RowHighlighted)
    def _highlighted(self) -> None:
        if self.data is not None and self.data.when.diff_since is None:
            self._load_panel()

    @on(PositionMatrix.RowSelected)
    def _selected(self, event: PositionMatrix.RowSelected) -> None:
        self.post_message(OpenProposal(event.proposal))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.row_filter = RowFilter.parse(event.value, self.app.party_names.known())  # type: ignore[attr-defined]
        self._redraw()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.value:
            box.remove_class("-shown")
        self.matrix.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self.row_filter = RowFilter()
        self.matrix.focus()
        self._redraw()

    def set_filter(self, text: str) -> None:
        box = self.query_one("#filter", Input)
        box.value = text
        box.set_class(bool(text), "-shown")
        self.row_filter = RowFilter.parse(text, self.app.party_names.known())  # type: ignore[attr-defined]
        self._redraw()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._redraw()

    def action_why(self) -> None:
        from tracker.ui.screens.why_screen import WhyScreen

        proposal = self.matrix.selected_proposal
        if proposal is not None:  # a matrix with a cell cursor may name the party; else the status is explained
            self.app.push_screen(WhyScreen(proposal, getattr(self.matrix, "selected_party", None)))

    def action_hide_errors(self) -> None:
        self.app.clear_refusals()  # type: ignore[attr-defined]

    def show_refusals(self, by_file: dict, failure: str | None = None) -> None:  # type: ignore[type-arg]
        self.query_one(ErrorPanel).show_refusals(by_file, failure)
