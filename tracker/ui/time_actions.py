"""The time-travel keys, shared by every screen: as-of date, step, known-on and diff."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from textual.binding import Binding

from tracker.ui.screens.date_modal import DateModal, was_cancelled
from tracker.ui.timecontrol import (
    When,
    longer_step,
    next_event_day,
    parse_date,
    parse_instant,
    previous_event_day,
    step_date,
)

TIME_BINDINGS = [
    Binding("right_square_bracket", "next_event", "next event", key_display="]", id="time.next_event",
            tooltip="As of the next day on which an event counts"),
    Binding("left_square_bracket", "previous_event", "prev event", key_display="[", id="time.previous_event",
            tooltip="As of the previous day on which an event counts"),
    Binding("shift+right", "step(True)", "step", key_display="⇧→", show=False, id="time.step_forward",
            tooltip="Forward one step (day, week or month)"),
    Binding("shift+left", "step(False)", "step back", key_display="⇧←", show=False, id="time.step_back",
            tooltip="Back one step (day, week or month)"),
    Binding("shift+up", "step_size(True)", "longer step", key_display="⇧↑", show=False, id="time.step_longer",
            tooltip="Make the step longer: day → week → month"),
    Binding("shift+down", "step_size(False)", "shorter step", key_display="⇧↓", show=False,
            id="time.step_shorter", tooltip="Make the step shorter: month → week → day"),
    Binding("g", "go_to_date", "go to", id="time.go_to_date",
            tooltip="Go to a typed date: 2025-03-19, 2025-03, -2w, +1m, today"),
    Binding("t", "today", "today", id="time.today", tooltip="Back to today"),
    Binding("k", "known_on", "known on", id="time.known_on",
            tooltip="Known on: what the tracker knew at a typed instant (empty: now)"),
    Binding("K", "known_now", "known now", key_display="K", show=False, id="time.known_now",
            tooltip="Back to what is known now (as t is back to today)"),
    Binding("d", "diff", "diff", id="time.diff", tooltip="Diff: highlight changes since a typed date; again: off"),
]


class TimeTravel:
    """Mixed into the App: every action replaces the app's `when` (a frozen When), which screens watch."""

    when: When
    queries: Any
    last_direction: int = 0  # +1 after a move forward, -1 after a move back: where to read ahead

    def _move(self, day: date) -> None:
        self.last_direction = (day > self.when.as_of) - (day < self.when.as_of)
        self.when = self.when.moved(day)

    def _event_days(self) -> list[date]:
        return self.event_days.get(self.when.known_on, self.head)  # type: ignore[attr-defined]

    def action_next_event(self) -> None:
        day = next_event_day(self._event_days(), self.when.as_of)
        if day is None:
            self.notify("no later event", timeout=2)  # type: ignore[attr-defined]
        else:
            self._move(day)

    def action_previous_event(self) -> None:
        day = previous_event_day(self._event_days(), self.when.as_of)
        if day is None:
            self.notify("no earlier event", timeout=2)  # type: ignore[attr-defined]
        else:
            self._move(day)

    def action_step(self, forward: bool) -> None:
        self._move(step_date(self.when.as_of, self.when.step, forward))

    def action_step_size(self, longer: bool) -> None:
        self.when = When(self.when.as_of, self.when.known_on, self.when.diff_since,
                         longer_step(self.when.step, longer))

    def action_today(self) -> None:
        self.when = self.when.moved(self.queries.today())

    def action_go_to_date(self) -> None:
        today = self.queries.today()

        def done(value: object) -> None:
            if not was_cancelled(value):
                self.when = self.when.moved(value)  # type: ignore[arg-type]

        modal = DateModal("Go to date (as of)", "2025-03-19 · 2025-03 · 2025 · -2w · +1m · -3d · today",
                          lambda text: parse_date(text, self.when.as_of, today))
        self.push_screen(modal, done)  # type: ignore[attr-defined]

    last_known_on: datetime | None = None
    """The last known-on instant typed: the known-on prompt offers it."""

    def _known(self, value: datetime | None) -> None:
        if value is not None:
            self.last_known_on = value
        self.when = When(self.when.as_of, value, self.when.diff_since, self.when.step)

    def action_known_now(self) -> None:
        if self.when.known_on is not None:
            self._known(None)

    def action_known_on(self) -> None:
        def done(value: object) -> None:
            if not was_cancelled(value):
                self._known(value)  # type: ignore[arg-type]

        last = self.last_known_on or self.when.known_on
        offered = last.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if last else None
        hint = "2025-03-20T12:00Z · 2025-03-20 (end of day, UTC) · empty: now"
        modal = DateModal("Known on (what the tracker knew then)", hint, parse_instant, "", offered=offered,
                          note=self.known_note)
        self.push_screen(modal, done)  # type: ignore[attr-defined]

    def known_note(self, value: object) -> str | None:
        """A word on an instant before the store's history starts (nothing was known then)."""
        if not isinstance(value, datetime):
            return None
        head = self.head  # type: ignore[attr-defined]
        if getattr(self, "_first_recorded", (None, None))[0] != head:
            self._first_recorded = (head, self.queries.first_recorded())  # one read per store head
        first = self._first_recorded[1]
        if first is not None and value < first:
            return f"before the store's history starts ({first.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC): " \
                   "nothing was known then"
        return None

    def action_diff(self) -> None:
        if self.when.diff_since is not None:
            self.when = When(self.when.as_of, self.when.known_on, None, self.when.step)
            return
        today = self.queries.today()

        def done(value: object) -> None:
            if not was_cancelled(value):
                self.when = When(self.when.as_of, self.when.known_on, value, self.when.step)  # type: ignore[arg-type]

        modal = DateModal("Diff since (highlight what changed after this date)",
                          "2025-03-01 · 2025-03 · -1w (before the as-of date) · -1m",
                          lambda text: parse_date(text, self.when.as_of, today))
        self.push_screen(modal, done)  # type: ignore[attr-defined]
