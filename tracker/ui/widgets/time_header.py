"""The line that says where the whole screen stands: as of, known on, diff, and the screen's own state.

Every item has forms from long to short and a priority (after hledger-ui): when the line does not fit, the
least important item is shortened first, then the next; only once every item is at its shortest are the
items that are decoration (the step, the row counts, the app's name) dropped. As-of, known-on, diff, sort,
filter and the folder watch are never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tracker.domain.dates import format_date
from tracker.text import one_line
from tracker.ui.timecontrol import When, long_date


@dataclass(frozen=True)
class HeaderItem:
    """One piece of state in the header: its forms from longest to shortest."""

    forms: tuple[str, ...]
    priority: int  # higher: shortened later
    style: Style | str = ""
    droppable: bool = False
    right: bool = False  # shown at the right end, when there is room between


def tight(shown: list[tuple[HeaderItem, str]]) -> list[tuple[HeaderItem, str]]:
    """The last resort before cutting: no padding inside the highlighted blocks."""
    return [(item, form.strip()) for item, form in shown]


def fitted(items: list[HeaderItem], width: int) -> tuple[list[tuple[HeaderItem, str]], str]:
    """The items as `compact` keeps them and the separator to draw between them: ` · `, or a single space
    (and no padding in the highlighted blocks) when even the shortest forms do not fit otherwise."""
    shown = compact(items, width)
    if sum(len(f) for _, f in shown) + 3 * max(0, len(shown) - 1) <= width:
        return shown, " · "
    return tight(compact(items, width, gap=1)), " "


def compact(items: list[HeaderItem], width: int, gap: int = 3) -> list[tuple[HeaderItem, str]]:
    """Each item kept with the form that fits `width`.

    Decoration (droppable items) goes first, least important first: shortened, then dropped. Then the
    state items are shortened a step at a time, round by round, least important first in each round, so
    that no one item is cut to a symbol while another keeps its long form. State is never dropped.
    """
    level = {i: 0 for i in range(len(items))}
    kept = set(level)

    def fits() -> bool:
        shown = [len(items[i].forms[level[i]]) for i in kept]
        return sum(shown) + gap * max(0, len(shown) - 1) <= width

    by_priority = sorted(level, key=lambda k: (items[k].priority, k))
    for i in (k for k in by_priority if items[k].droppable):
        while not fits() and level[i] < len(items[i].forms) - 1:
            level[i] += 1
        if not fits():
            kept.discard(i)
    state = [k for k in by_priority if not items[k].droppable]
    while not fits():
        shortened = False
        for i in state:
            if level[i] < len(items[i].forms) - 1:
                level[i] += 1
                shortened = True
                if fits():
                    break
        if not shortened:
            break
    return [(items[i], items[i].forms[level[i]]) for i in sorted(kept)]


def short_day(instant: datetime) -> str:
    value = instant.astimezone(timezone.utc)
    if (value.hour, value.minute, value.second) == (23, 59, 59):
        return value.date().isoformat()
    return f"{value.date().isoformat()} {value:%H:%M}"  # isoformat: %Y is unpadded before year 1000


def time_items(when: When, dark: bool, loading: bool = False) -> list[HeaderItem]:
    """As of, known on and diff (the diff date always with its year), and the step."""
    accent = Style(bold=True, reverse=True, color="#ffaf00" if dark else "#af5f00")
    day = when.as_of
    items = [HeaderItem(("tracker",), 2, "bold", droppable=True),
             HeaderItem((f" as of {long_date(day)} ", f" {long_date(day)} ", f" {format_date(day)} ",
                         f" {day.isoformat()} "), 7, accent)]
    if loading:
        items.append(HeaderItem(("…",), 10, "dim"))
    items.append(HeaderItem((f"step {when.step}",), 1, "dim", droppable=True))
    if when.known_on is None:
        items.append(HeaderItem(("known now", "k:now"), 6))
    else:
        known = Style(bold=True, reverse=True, color="#d787ff" if dark else "#8700af")
        value = when.known_on.astimezone(timezone.utc)
        whole = "end of " + value.date().isoformat() if value.time() >= time(23, 59, 59) \
            else f"{value.date().isoformat()} {value:%H:%M:%S}"
        items.append(HeaderItem((f" known on {whole} UTC ", f" known {short_day(value)} ",
                                 f" k:{short_day(value)} "), 8, known))
    if when.diff_since is None:
        items.append(HeaderItem(("diff off", "Δ off"), 6, "dim"))
    else:
        since = when.diff_since
        diff = Style(bold=True, reverse=True, color="#5fafff" if dark else "#005fd7")
        items.append(HeaderItem((f" diff since {long_date(since)} ", f" Δ since {format_date(since)} ",
                                 f" Δ {since.isoformat()} "), 8, diff))
    return items


def sort_item(sort: str) -> HeaderItem:
    word = sort.replace(" ", "-")
    return HeaderItem((f"sorted by {sort}", f"↓{word}", f"↓{word[:4]}"), 5, "dim", right=True)


def filter_item(text: str) -> HeaderItem:
    flat = one_line(text)
    return HeaderItem((f"filter: {flat}", f"/{flat}", "/" + one_line(flat, 10)), 5, "bold", right=True)


def watch_item(folder: str) -> HeaderItem:
    name = one_line(folder)
    return HeaderItem((f"watching {name}/", f"⟳ {name}/", "⟳ " + one_line(name, 8) + "/"), 4, "dim", right=True)


def count_item(shown: int, total: int, parties: int, filtered: bool) -> HeaderItem:
    rows = f"{shown} of {total}" if filtered else str(total)
    short = f"{shown}/{total}" if filtered else str(total)
    return HeaderItem((f"{rows} proposals · {parties} parties", f"{short} prop · {parties} pty",
                       f"{short}p {parties}pty"), 0, "dim", droppable=True, right=True)


class TimeHeader(Widget):
    """`tracker  as of 19 Mar 2025 (Wed)  step day · known now · diff off      sorted by proposed · 7 proposals`."""

    DEFAULT_CSS = """
    TimeHeader { height: 1; background: $panel; color: $foreground; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.extra: list[HeaderItem] = []
        self.line = Text()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._redraw, init=False)
        self.watch(self.app, "loading_when", self._redraw, init=False)
        self._redraw()

    def set_items(self, items: list[HeaderItem]) -> None:
        """The screen's own state (sort, filter, counts), shown after the time."""
        if items != self.extra:
            self.extra = items
            self._redraw()

    @property
    def plain(self) -> str:
        return self.line.plain

    def render(self) -> Text:
        return self.line

    def _items(self) -> list[HeaderItem]:
        when: When = self.app.when  # type: ignore[attr-defined]
        items = time_items(when, self.app.current_theme.dark, bool(getattr(self.app, "loading_when", False)))
        items += self.extra
        folder = getattr(self.app, "folder", None)
        if folder is not None:
            items.append(watch_item(folder.folder.name))
        return items

    def _redraw(self, _value: object = None) -> None:
        width = (self.size.width or 80) - 2
        shown, sep = fitted(self._items(), width)
        left = [(item, form) for item, form in shown if not item.right]
        right = [(item, form) for item, form in shown if item.right]
        line = Text(" ", no_wrap=True, overflow="ellipsis")
        for n, (item, form) in enumerate(left):
            if n:
                line.append("  " if left[n - 1][1] == "tracker" else sep, style="dim")
            line.append(form, style=item.style)
        tail = Text()
        for n, (item, form) in enumerate(right):
            if n:
                tail.append(sep, style="dim")
            tail.append(form, style=item.style)
        if tail:
            room = width + 1 - line.cell_len - tail.cell_len
            line.append(" " * max(len(sep), room))
            line.append_text(tail)
        line.truncate(width + 2, overflow="ellipsis")
        if line != self.line:
            self.line = line
            self.refresh()  # one line, fixed height: no layout

    def on_resize(self) -> None:
        self._redraw()
