"""A proposal's events as a table: date with its precision, type, party, note, confidence, sources."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tracker.application.views import EventView
from tracker.ui.widgets.events_panel import event_summary
from tracker.ui.widgets.style import plain, when_written


class Timeline(DataTable[Text]):
    """Rows keyed by event id, oldest first (fold order); retracted events struck through.

    A date step usually adds or drops a few events at the ends: those rows alone are added or removed.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._layout: tuple[bool, int] | None = None
        self._ids: list[str] = []  # `id:retracted` of the rows shown, in order

    def show(self, events: list[EventView], compact: bool, width: int) -> None:
        ids = [f"{e.id}:{e.retracted}" for e in events]
        if (compact, width) == self._layout and ids == self._ids:
            return
        if (compact, width) == self._layout and self._patch(events, ids):
            return
        selected = self.selected_event
        self.clear(columns=True)
        self._layout = (compact, width)
        # explicit widths: measuring every cell is what makes a long timeline slow to show
        columns = [("date", 19), ("type", 18), ("party", 5)]  # 19: 28 Feb - 3 Mar 2025
        if not compact:
            columns += [("rev", 3), ("confidence", 10), ("sources", 26)]
        for key, size in [*columns, ("what", self._what_width)]:
            self.add_column(Text(key), key=key, width=size)
        for event in events:
            self.add_row(*self._cells(event), key=event.id)
        self._ids = ids
        if selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), scroll=False)

    @property
    def _what_width(self) -> int:
        compact, width = self._layout or (False, 80)
        return max(20, width - (44 if compact else 102))

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
        compact = self._layout[0] if self._layout else False
        style = "strike dim" if event.retracted else ""
        row = [plain(when_written(event.date), style=style), plain(event.type.replace("_", " "), style=style),
               plain(event.party or "", style=style)]
        if not compact:
            sources = ", ".join(s.id or s.outlet for s in event.sources)
            row += [Text(str(event.revision or ""), justify="right"), plain(event.confidence, style=style),
                    plain(sources, 26, style="dim")]
        what = (f"(retracted by {event.retracted_by}) " if event.retracted else "") + event_summary(event)
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
