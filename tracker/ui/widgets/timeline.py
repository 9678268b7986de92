"""A proposal's events as a table: date with its precision, type, party, note, confidence, sources."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from tracker.application.views import EventView
from tracker.ui.widgets.events_panel import event_summary
from tracker.ui.widgets.style import plain, when_written


WIDE = 150
"""From this width on, the sources have a column (the event view lists them in full)."""


class Timeline(DataTable[Text]):
    """Rows keyed by event id, oldest first (fold order); retracted events struck through.

    A date step usually adds or drops a few events at the ends: those rows alone are added or removed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "first", show=False),
        Binding("end", "scroll_bottom", "last", show=False),
    ]
    DEFAULT_CSS = """
    Timeline { scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._layout: tuple[object, ...] | None = None
        self._widths: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        """Proposal titles by id: a counter-proposal is named by its title."""
        self._ids: list[str] = []  # `id:retracted` of the rows shown, in order

    def show(self, events: list[EventView], compact: bool, width: int | None = None) -> None:
        """Show `events`; the "what" column takes the width the other columns leave (`width`: the table's
        own by default)."""
        width = width or self.size.width or 80
        ids = [f"{e.id}:{e.retracted}" for e in events]
        widths = self._natural(events, compact, width >= WIDE)
        layout = (compact, width, tuple(widths.items()))
        if layout == self._layout and ids == self._ids:
            return
        if layout == self._layout and self._patch(events, ids):
            return
        selected = self.selected_event
        self.clear(columns=True)
        self._layout, self._widths = layout, widths
        fixed = sum(w + 2 * self.cell_padding for w in widths.values())
        self._what = max(20, width - fixed - 2 * self.cell_padding - 1)  # 1: the vertical scrollbar
        # explicit widths: measuring every cell is what makes a long timeline slow to show
        for key, size in [*widths.items(), ("what", self._what)]:
            self.add_column(Text(key), key=key, width=size)
        for event in events:
            self.add_row(*self._cells(event), key=event.id)
        self._ids = ids
        if selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), scroll=False)

    def clear_layout(self) -> None:
        """Build every row again on the next `show` (what the rows say has changed)."""
        self._layout = None

    @staticmethod
    def _natural(events: list[EventView], compact: bool, wide: bool) -> dict[str, int]:
        """The fixed columns' widths: as wide as their widest cell (dates with a precision are wider)."""
        widths = {"date": max([len(when_written(e.date)) for e in events] + [10]),
                  "type": max([len(e.type) for e in events] + [4]),
                  "party": max([len(e.party or "") for e in events] + [5])}
        if not compact:
            widths |= {"rev": 3, "confidence": max([len(e.confidence) for e in events] + [10])}
        if wide:
            widths["sources"] = 26
        return widths

    @property
    def _what_width(self) -> int:
        return getattr(self, "_what", 40)

    def _patch(self, events: list[EventView], ids: list[str]) -> bool:
        """Remove the rows that left and append the ones that came, if the rest keeps its order."""
        wanted = set(ids)
        kept = [i for i in self._ids if i in wanted]
        if ids[: len(kept)] != kept:  # new rows would come before kept ones: rebuild instead
            return False
        for gone in (i for i in self._ids if i not in wanted):
            self.remove_row(gone.rsplit(":", 1)[0])
        for event in events[len(kept):]:
            self.add_row(*self._cells(event), key=event.id)
        self._ids = ids
        return True

    def _cells(self, event: EventView) -> list[Text]:
        compact = bool(self._layout[0]) if self._layout else False
        style = "strike dim" if event.retracted else "italic" if event.fields.get("disputed_by") else ""
        row = [plain(when_written(event.date), style=style), plain(event.type.replace("_", " "), style=style),
               plain(event.party or "", style=style)]
        if not compact:
            row += [Text(str(event.revision or ""), justify="right"), plain(event.confidence, style=style)]
        if "sources" in self._widths:
            sources = ", ".join(s.id or s.outlet for s in event.sources)
            row.append(plain(sources, 26, style="dim"))
        what = (f"(retracted by {event.retracted_by}) " if event.retracted else "") + \
            event_summary(event, self.titles)
        row.append(plain(what, self._what_width, style=style))
        return row

    @property
    def selected_event(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no cursor cell
            return None
