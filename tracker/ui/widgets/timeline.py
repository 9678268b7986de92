"""A proposal's events as a table: date with its precision, type, party, note, confidence, sources."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tracker.application.views import EventView
from tracker.ui.widgets.events_panel import event_summary
from tracker.ui.widgets.style import plain, when_written


class Timeline(DataTable[Text]):
    """Rows keyed by event id, oldest first (fold order); retracted events struck through."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._shown: tuple[str, ...] = ()

    def show(self, events: list[EventView], compact: bool, width: int) -> None:
        key = tuple(f"{e.id}:{e.retracted}" for e in events) + (str(compact), str(width))
        if key == self._shown:
            return
        selected = self.selected_event
        self.clear(columns=True)
        self.add_column(Text("date"), key="date")
        self.add_column(Text("type"), key="type")
        self.add_column(Text("party"), key="party")
        if not compact:
            self.add_column(Text("rev"), key="rev")
            self.add_column(Text("confidence"), key="confidence")
            self.add_column(Text("sources"), key="sources")
        self.add_column(Text("what"), key="what")
        for event in events:
            style = "strike dim" if event.retracted else ""
            row = [plain(when_written(event.date), style=style), plain(event.type.replace("_", " "), style=style),
                   plain(event.party or "", style=style)]
            if not compact:
                sources = ", ".join(s.id or s.outlet for s in event.sources)
                row += [Text(str(event.revision or ""), justify="right"), plain(event.confidence, style=style),
                        plain(sources, 26, style="dim")]
            what = event_summary(event) + (f"  (retracted by {event.retracted_by})" if event.retracted else "")
            row.append(plain(what, max(20, width - (40 if compact else 98)), style=style))
            self.add_row(*row, key=event.id)
        if selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), scroll=False)
        self._shown = key

    @property
    def selected_event(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no cursor cell
            return None
