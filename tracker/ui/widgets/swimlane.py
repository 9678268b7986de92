"""The picture of a proposal: one lane per party, its position over time as coloured spans, event markers
below, and the as-of date as a line."""

from __future__ import annotations

import bisect
import math
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tracker.application.views import EventView, ProposalView
from tracker.domain.dates import add_days, format_date, open_until
from tracker.ui.widgets.style import MARKERS, SYMBOLS, colour

LABEL = 6
LANE = {**{k: v[0] for k, v in SYMBOLS.items()}, "conditional": "?", "partial": "◑", "unknown": "·"}
"""One cell per stretch of days: conditional and partial must not read as a plain accept."""
STALE = "*"
"""A position given on an older revision, whatever it was."""
UNSURE = "░"
"""A position dated by an interval (or X digits), on the days before the interval's end: taken some day in
it, so not certain before its end."""


def lane_since(history: list[tuple[date, ProposalView]], party: str, as_of: date,
               stale_apart: bool = True) -> date | None:
    """The first day of the party's current stretch in the lanes: since when it has held the position it
    holds as of `as_of` (what the headline's `since` must agree with); with `stale_apart=False`, a position
    that went stale counts from when it was taken."""
    current = None
    start = None
    was_stale = False
    for day, view in history:
        if day > as_of:
            break
        pos = view.positions.get(party)
        key = (pos.position, pos.stale and stale_apart) if pos else None
        renewed = pos is not None and was_stale and not pos.stale  # the same word given again, afresh
        if key != current or renewed:
            current, start = key, day
        was_stale = pos is not None and pos.stale
    return start if current is not None else None


def time_range(history: list[tuple[date, ProposalView]], events: list[EventView], as_of: date) -> tuple[date, date]:
    days = [d for d, _ in history] + [e.effective for e in events]
    if not days:
        return add_days(as_of, -7), add_days(as_of, 7)  # held at the calendar's ends, as every sum here
    start, end = min(days), max(days)
    for _, view in history:
        if view.in_force and view.in_force.until:
            end = max(end, view.in_force.until)
    if start <= as_of and (as_of - end).days <= max(30, (end - start).days):
        end = max(end, as_of)
    span = max((end - start).days, 14)
    return add_days(start, -1), add_days(start, span + 2)


LEGEND = ((f"{LANE['accepted']} accepted", f"{LANE['accepted']} acc"),
          (f"{LANE['conditional']} conditional", f"{LANE['conditional']} cond"),
          (f"{LANE['partial']} partial", f"{LANE['partial']} part"),
          (f"{STALE} stale", f"{STALE} stale"),
          (f"{MARKERS['amended']} amended", f"{MARKERS['amended']} amend"),
          (f"{MARKERS['violation_reported']} violation", f"{MARKERS['violation_reported']} viol"),
          (f"{MARKERS['talks_held']} talks", f"{MARKERS['talks_held']} talks"),
          (f"{MARKERS['in_force']} in force", f"{MARKERS['in_force']} force"))


UNSURE_LEGEND = (f"{UNSURE} dated by an interval, until its end", f"{UNSURE} interval")


def fit_legend(where: str, width: int, unsure: bool = False) -> str:
    """The as-of line first (never cut), then the key to the marks, long words or short, as many as fit;
    when the lanes draw an interval-dated stretch, its key comes first of all (it explains what is on screen)."""
    legend = (UNSURE_LEGEND, *LEGEND) if unsure else LEGEND
    for form in (0, 1):
        line = where
        for entry in legend:
            if len(line) + 2 + len(entry[form]) > width:
                break
            line += "  " + entry[form]
        else:
            return line
    return line


def first_column(day: date, start: date, per: float) -> int:
    """The first column that shows `day` (column c shows the day start + int(c * per)): the lanes, the
    marks and the date labels all place a day there."""
    return max(0, math.ceil((day - start).days / per - 1e-9))


def _ticks(start: date, end: date, step: str) -> list[date]:
    if step.endswith("d"):
        days = int(step[:-1])
        first = add_days(start, (1 - start.toordinal()) % days)  # fixed steps (weeks: Mondays)
        return [add_days(first, n) for n in range(0, (end - first).days + 1, days)]
    months = {"m": 1, "q": 3, "y": 12}[step]
    out = []
    year, month = start.year, start.month
    while year <= date.max.year and date(year, month, 1) <= end:
        if (month - 1) % months == 0 and date(year, month, 1) >= start:
            out.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def axis_line(start: date, columns: int, per: float) -> str:
    """The date labels of a lane chart `columns` wide, `per` days a column: the shortest even step whose
    labels do not touch, each label starting in the column its day falls in."""
    end = add_days(start, int(columns * per))  # held at the calendar's end
    for step in ("1d", "2d", "7d", "14d", "m", "q", "y"):
        form = "%-d %b" if step.endswith("d") else ("%b %Y" if step != "y" else "%Y")
        ticks = _ticks(start, end, step)
        placed = [(first_column(day, start, per), format(day, form)) for day in ticks]
        placed = [(col, label) for col, label in placed if 0 <= col and col + len(label) <= columns]
        if all(b[0] - a[0] >= len(a[1]) + 2 for a, b in zip(placed, placed[1:])):
            break
    line = [" "] * columns
    for col, label in placed:
        line[col: col + len(label)] = list(label)
    return "".join(line)


class Swimlane(Widget):
    """Rendered to the widget's width; every column is a stretch of days."""

    DEFAULT_CSS = """
    Swimlane { height: auto; min-height: 3; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[tuple[date, ProposalView]] = []
        self.events: list[EventView] = []
        self.as_of = date.today()
        self.parties: list[str] = []
        self.loading = True
        self.unsure = False  # whether the last drawing showed a position dated by an interval

    def show(self, history: list[tuple[date, ProposalView]], events: list[EventView], as_of: date) -> None:
        self.history, self.events, self.as_of, self.loading = history, events, as_of, False
        parties: dict[str, None] = {}
        for _, view in history:
            parties.update(dict.fromkeys((*view.parties, *view.positions)))
        self.parties = list(parties)
        self.styles.height = len(self.parties) + 3
        self.refresh(layout=True)

    def render(self) -> Text:
        dark = self.app.current_theme.dark
        width = max(10, self.size.width - LABEL - 1)
        if not self.history:
            return Text("reading the positions over time…" if self.loading else "no history known", style="dim")
        start, end = time_range(self.history, self.events, self.as_of)
        per = ((end - start).days + 1) / width
        columns = width

        def day_at(col: int) -> date:
            return add_days(start, int(col * per))

        def col_of(day: date) -> int | None:
            col = first_column(day, start, per)
            return col if 0 <= col < columns else None

        now_col = col_of(self.as_of)
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append_text(self._axis(start, columns, per, day_at))
        days = [d for d, _ in self.history]
        views = [self.history[i - 1][1] if i else None
                 for i in (bisect.bisect_right(days, day_at(col)) for col in range(columns))]
        self.unsure = False
        for party in self.parties:
            out.append(f"\n{party:<{LABEL}}"[: LABEL + 1], style="bold")
            for col in range(columns):
                out.append_text(self._cell(views[col], party, col == now_col, dark, day_at(col) > self.as_of,
                                           day_at(col)))
        out.append("\n" + " " * LABEL)
        marks = [" "] * columns
        for event in self.events:
            col = col_of(event.effective)
            if col is not None and event.type in MARKERS and not event.retracted:
                marks[col] = MARKERS[event.type]
        for col, mark in enumerate(marks):
            out.append("│" if col == now_col and mark == " " else mark,
                       style="bold" if col == now_col else ("#ff5f5f" if mark == MARKERS["violation_reported"] else ""))
        out.append("\n" + " " * LABEL)
        where = f"│ as of {format_date(self.as_of)}"
        if now_col is None:
            where += " (after the chart ▶)" if self.as_of > start else " (before the chart ◀)"
        out.append(fit_legend(where, self.size.width - LABEL, self.unsure), style="dim")
        return out

    def _axis(self, start: date, columns: int, per: float, day_at: object) -> Text:
        """Dates at even steps (days, weeks, months, years), each label starting over the column of its day."""
        return Text(" " * LABEL + axis_line(start, columns, per), style="dim")

    def _cell(self, view: ProposalView | None, party: str, is_now: bool, dark: bool, later: bool,
              day: date) -> Text:
        if view is None or party not in view.positions:
            return Text("│" if is_now else " ", style="bold")
        pos = view.positions[party]
        symbol = STALE if pos.stale else LANE.get(pos.position, "?")
        open_end = open_until(pos.since)
        if open_end is not None and day <= open_end:  # taken some day in an interval: not certain before its end
            symbol, self.unsure = UNSURE, True
        style = Style(color=colour(pos.position, dark), dim=later or pos.stale, bold=is_now,
                      reverse=is_now)
        return Text(symbol, style=style)
