"""The dashboard: `tracker` (or `tracker dashboard`) opens it on a store."""

from __future__ import annotations

import argparse
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.reactive import var

from tracker.application import lookups
from tracker.application.faults import explain
from tracker.application.refusals import Refusal
from tracker.domain.errors import TrackerError
from tracker.ui.commands import TrackerCommands
from tracker.ui.data import EventDays, PartyNames, StreamCache
from tracker.ui.live import LiveUpdates
from tracker.ui.messages import OpenEvent, OpenProposal
from tracker.ui.screens.date_modal import DateModal
from tracker.ui.screens.event_screen import EventScreen
from tracker.ui.screens.help_modal import HelpModal
from tracker.ui.screens.overview_screen import OverviewScreen
from tracker.ui.screens.proposal_screen import ProposalScreen
from tracker.ui.time_actions import TIME_BINDINGS, TimeTravel
from tracker.ui.timecontrol import When
from tracker.ui.watcher import FolderWatch


class TrackerApp(TimeTravel, LiveUpdates, App[int]):
    """Keyboard-first and always 'as of' a date; reads in thread workers, so keys never wait."""

    CSS_PATH = "tracker.tcss"
    TITLE = "tracker"
    COMMANDS = App.COMMANDS | {TrackerCommands}
    BINDINGS = [
        *TIME_BINDINGS,
        Binding("question_mark", "help", "help", key_display="?", id="app.help", tooltip="Every binding"),
        Binding("ctrl+t", "toggle_theme", "theme", show=False, id="app.toggle_theme",
                tooltip="Switch between the light and the dark theme"),
        Binding("q", "quit", "quit", id="app.quit", tooltip="Leave the dashboard"),
    ]

    when: var[When] = var(When(date(2000, 1, 1)), init=False)
    """Where in time every screen stands (a var: the screens and the time header redraw what depends on it,
    so that a date step does not repaint the whole screen)."""
    head: var[int] = var(0)
    """The store's last position; a change reloads the screens."""
    loading_when: var[bool] = var(False)
    """True while the screen is still reading for a new `when`."""

    def __init__(self, queries: Any, services: Any, as_of: date | None = None, watch: str | Path | None = None,
                 poll_interval: float = 1.0) -> None:
        super().__init__()
        self.queries, self.services = queries, services
        self.poll_interval = poll_interval
        self.folder = FolderWatch(watch) if watch is not None else None
        self.refusals: dict[str, tuple[Refusal, ...]] = {}
        self.failure: str | None = None
        """The last read that failed, as one line (a damaged store), until `x` hides it."""
        self.event_days = EventDays(queries)
        self.streams = StreamCache(queries)
        self.party_names = PartyNames(queries)
        self.set_reactive(TrackerApp.when, When(as_of or queries.today()))
        self.overview = OverviewScreen()

    @property
    def proposal_titles(self) -> dict[str, str]:
        data = self.overview.data
        return {v.id: v.title for v in data.report.proposals} if data else {}

    def on_load(self) -> None:
        """Before the terminal is set up: start reading the first screen's matrix, so that the read overlaps
        the app's start (the overview's own load then waits for this read)."""
        self.set_reactive(TrackerApp.head, self.queries.head())
        self.run_worker(partial(self.overview.read, self.when, self.head), thread=True, group="first-read",
                        exit_on_error=False)  # an error reaches the overview's own load, which reports it

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(self.overview)
        if self.poll_interval > 0:
            self.start_polling(self.poll_interval)

    def on_open_proposal(self, message: OpenProposal) -> None:
        self.open_proposal(message.proposal)

    def open_proposal(self, proposal: str) -> None:
        if isinstance(self.screen, ProposalScreen) and self.screen.proposal == proposal:
            return
        self.push_screen(ProposalScreen(proposal))

    def on_open_event(self, message: OpenEvent) -> None:
        self.push_screen(EventScreen(message.event_id))

    def report_failure(self, line: str) -> None:
        """A read failed in a worker: one line in the error panel and a toast, the app goes on."""
        self.loading_when = False
        if line != self.failure:
            self.notify(line, title="could not read the store", severity="error", markup=False)
        self.failure = line
        self.show_refusals()

    def show_refusals(self) -> None:
        self.overview.show_refusals(dict(self.refusals), self.failure)

    def clear_refusals(self) -> None:
        self.failure = None
        super().clear_refusals()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpModal):
            self.push_screen(HelpModal(self.screen, list(self.BINDINGS)))  # type: ignore[arg-type]

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def _to_overview(self) -> None:
        while self.screen is not self.overview and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_filter(self) -> None:
        self._to_overview()
        self.call_later(self.overview.action_filter)

    def action_sort(self) -> None:
        self._to_overview()
        self.call_later(self.overview.action_sort)

    def action_open_event_by_id(self) -> None:
        def done(value: object) -> None:
            if isinstance(value, str) and value:
                self.push_screen(EventScreen(value))

        def parse(text: str) -> str:
            if not text.strip():
                raise ValueError("type an event id, e.g. ua-accepts-energy-pause-2025")
            try:  # the command line's lookup: the same "did you mean" for the same typo
                return lookups.event(self.queries, text.strip())
            except TrackerError as exc:
                raise ValueError(explain(exc)) from None

        self.push_screen(DateModal("Open event by id", "an event id, as in the timeline or an event file", parse), done)


def watch_folder(args: argparse.Namespace, cwd: Path | None = None) -> Path | None:
    """--watch DIR; else ./events if it exists and is not the bundled journal; never with --no-watch."""
    if getattr(args, "no_watch", False):
        return None
    if getattr(args, "watch", None):
        return Path(args.watch)
    from tracker.application.bundled import bundled_root

    default = (cwd or Path.cwd()) / "events"
    if default.is_dir() and default.resolve() != (bundled_root() / "events").resolve():
        return default
    return None


def run_dashboard(tracker: Any, args: argparse.Namespace) -> int:
    folder = watch_folder(args)
    if folder is not None and not folder.is_dir():
        print(f"tracker: --watch {folder}: not a folder")
        return 2
    app = TrackerApp(tracker.queries, tracker.services, as_of=getattr(args, "as_of", None), watch=folder)
    if tracker.first_run:
        appended = sum(o.appended for o in tracker.first_run)
        app.call_later(app.notify, f"first run: loaded the bundled dataset ({appended} events)", markup=False)
    app.run()
    return app.return_code or 0
