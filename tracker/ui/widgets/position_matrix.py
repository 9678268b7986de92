"""The overview matrix: proposals (rows) by parties (columns), each cell a position as symbol and word.

A Line-API widget rather than a DataTable: every row is rendered once to a Strip and kept until its cells
change, so that a date step on a big store redraws only the rows that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.application.views import ProposalView
from tracker.ui.data import OverviewData
from tracker.ui.widgets.matrix_cells import CHANGED, CHANGED_LIGHT, position_cell, signature, status_cell
from tracker.ui.widgets.style import plain

FIXED = ("title", "status", "rev")
LABELS = {"title": "proposal", "status": "status", "rev": "rev", "changed": "changed"}


def party_order(views: tuple[ProposalView, ...]) -> list[str]:
    """Parties by how many proposals they take part in, then by first appearance."""
    seen: dict[str, int] = {}
    for view in views:
        for party in (*view.parties, *view.positions):
            seen[party] = seen.get(party, 0) + 1
    first = list(seen)
    return sorted(seen, key=lambda p: (-seen[p], first.index(p)))


@dataclass
class _Row:
    cells: list[Text]
    version: int = 0
    signature: tuple[object, ...] = ()


class PositionMatrix(ScrollView, can_focus=True):
    """Rows keyed by proposal id, columns by `title`, `status`, `rev`, `party:<id>` and `changed`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "up", show=False),
        Binding("down", "cursor(1)", "down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("home,ctrl+home", "edge(False)", "first", show=False),
        Binding("end,ctrl+end", "edge(True)", "last", show=False),
        Binding("enter", "select", "open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "position-matrix--header", "position-matrix--cursor", "position-matrix--odd-row",
    }
    DEFAULT_CSS = """
    PositionMatrix { background: $surface; }
    PositionMatrix > .position-matrix--header { text-style: bold; background: $panel; color: $foreground; }
    PositionMatrix > .position-matrix--cursor { background: $block-cursor-blurred-background; }
    PositionMatrix:focus > .position-matrix--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    PositionMatrix > .position-matrix--odd-row { background-tint: $foreground 4%; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """The index of the selected row."""

    class RowHighlighted(Message):
        """The cursor moved to a proposal."""

        def __init__(self, proposal: str) -> None:
            super().__init__()
            self.proposal = proposal

    class RowSelected(Message):
        """Enter (or a double click) on a proposal."""

        def __init__(self, proposal: str) -> None:
            super().__init__()
            self.proposal = proposal

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.shown: OverviewData | None = None
        self.row_ids: list[str] = []
        self._rows: dict[str, _Row] = {}
        self._columns: list[tuple[str, int]] = []
        self._layout: tuple[object, ...] = ()
        self._parties: tuple[str, ...] = ()
        self._strips: dict[tuple[object, ...], Strip] = {}
        self.title_width = 34
        self.empty_message = ""
        """Shown when there are no rows: why the matrix is empty."""

    # -- content -----------------------------------------------------------------------------------------

    def show(self, data: OverviewData, rows: list[ProposalView], compact: bool, dark: bool, width: int) -> None:
        """Show `rows` (already filtered and sorted); keep the selected proposal and the scroll position.

        Only rows whose content changed are rebuilt, and columns only grow while the layout stays the same,
        so that a date step costs little even with hundreds of rows and dozens of parties.
        """
        selected = self.selected_proposal
        parties = self._stable_parties(rows)
        diff = data.when.diff_since is not None
        per_party = (3 if compact else 12) * (2 if diff else 1) + 2
        others = 1 + 12 + 2 + 3 + 2 + len(parties) * per_party + 10 + 2
        self.title_width = max(16, min(60, width - 2 - others))  # 2: room for a vertical scrollbar
        keys = [*FIXED, *(f"party:{p}" for p in parties), "changed"]
        layout = (tuple(keys), compact, dark, diff, self.title_width)
        if layout != self._layout:
            self._layout, self._rows, self._strips = layout, {}, {}
            self._columns = [(k, self._least(k, compact)) for k in keys]
        widths = [w for _, w in self._columns]
        grown = False
        for view in rows:
            made_of = signature(view, data)
            row = self._rows.get(view.id)
            if row is not None and row.signature == made_of:
                continue
            cells = self._cells(view, data, parties, compact, dark)
            if row is None:
                self._rows[view.id] = _Row(cells, signature=made_of)
            else:
                row.cells, row.signature, row.version = cells, made_of, row.version + 1
            for i, cell in enumerate(cells):
                if cell.cell_len > widths[i]:
                    widths[i], grown = cell.cell_len, True
        if grown:
            self._columns = list(zip(keys, widths))
            self._strips.clear()
        self.row_ids = [v.id for v in rows]
        self.shown = data
        self.virtual_size = Size(sum(w + 2 for w in widths) - 1, len(self.row_ids) + 1)
        if selected in self._rows and selected in self.row_ids:
            self.set_reactive(PositionMatrix.cursor, self.row_ids.index(selected))
        elif self.row_ids:
            self.cursor = min(self.cursor, len(self.row_ids) - 1)
        if len(self._strips) > 4 * (len(self.row_ids) + 8):
            self._strips.clear()
        self.refresh()

    def _stable_parties(self, rows: list[ProposalView]) -> tuple[str, ...]:
        """The parties of the rows shown (a filter narrows the columns too), in the order already on screen,
        newcomers after them, so that stepping through time does not shuffle the columns."""
        wanted = party_order(tuple(rows))
        if set(wanted) != set(self._parties):
            kept = [p for p in self._parties if p in wanted]
            self._parties = tuple(kept + [p for p in wanted if p not in kept])
        return self._parties

    def _least(self, key: str, compact: bool) -> int:
        if key == "title":
            return self.title_width
        if key == "status":
            return 12
        if key.startswith("party:"):
            return max(len(key) - 6, 3 if compact else 12)
        return len(LABELS.get(key, key))

    @property
    def row_count(self) -> int:
        return len(self.row_ids)

    def get_cell(self, proposal: str, column: str) -> Text:
        keys = [k for k, _ in self._columns]
        return self._rows[proposal].cells[keys.index(column)]

    @property
    def selected_proposal(self) -> str | None:
        return self.row_ids[self.cursor] if 0 <= self.cursor < len(self.row_ids) else None

    def select_proposal(self, proposal: str) -> None:
        if proposal in self.row_ids:
            self.cursor = self.row_ids.index(proposal)

    # -- cursor ------------------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.row_ids) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_row(new)
        self.refresh()
        if self.selected_proposal is not None:
            self.post_message(self.RowHighlighted(self.selected_proposal))

    def _scroll_to_row(self, index: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + visible:
            self.scroll_to(y=index - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_edge(self, last: bool) -> None:
        self.cursor = len(self.row_ids) - 1 if last else 0

    def action_select(self) -> None:
        if self.selected_proposal is not None:
            self.post_message(self.RowSelected(self.selected_proposal))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.row_ids):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    # -- rendering ---------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("position-matrix--header")
            key: tuple[object, ...] = ("header", tuple(self._columns), style)
            strip = self._strips.get(key) or self._render_row(
                [Text(LABELS.get(k, k.removeprefix("party:"))) for k, _ in self._columns], style)
            self._strips[key] = strip
            return strip.crop_extend(scroll_x, scroll_x + width, style)
        index = round(self.scroll_y) + y - 1
        base = self.rich_style
        if index >= len(self.row_ids):
            if y == 2 and not self.row_ids and self.empty_message:
                return Strip(list(Text(f"  {self.empty_message}", style=base + Style(dim=True, italic=True))
                                  .render(self.app.console))).crop_extend(0, width, base)
            return Strip.blank(width, base)
        pid = self.row_ids[index]
        row = self._rows[pid]
        if index == self.cursor:
            style = base + self.get_component_rich_style("position-matrix--cursor")
        elif index % 2:
            style = base + self.get_component_rich_style("position-matrix--odd-row")
        else:
            style = base
        key = (pid, row.version, style, tuple(self._columns))
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row.cells, style)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _render_row(self, cells: list[Text], style: Style) -> Strip:
        line = Text(" ", style=style, no_wrap=True, end="")
        for (key, width), cell in zip(self._columns, cells):
            piece = cell.copy()
            piece.truncate(width, overflow="ellipsis", pad=True)
            if key == "rev":
                piece = Text(cell.plain.rjust(width)[:width], style=cell.style)
            line.append_text(piece)
            line.append("  ")
        return Strip(list(line.render(self.app.console)))

    # -- cells -------------------------------------------------------------------------------------------

    def _cells(self, view: ProposalView, data: OverviewData, parties: tuple[str, ...], compact: bool,
               dark: bool) -> list[Text]:
        highlight = CHANGED if dark else CHANGED_LIGHT
        title = plain(view.title, self.title_width)
        new = data.when.diff_since is not None and view.id in data.new_since
        if new:
            title = Text("+ ", style=highlight).append_text(plain(view.title, self.title_width - 2))
        status = status_cell(view, data.when.as_of, dark, data.change(view.id, "status"), highlight, compact)
        row = [title, status, Text(str(view.revision))]
        for party in parties:
            change = None if new else data.change(view.id, "position", party)
            row.append(position_cell(view, party, change, dark, compact, highlight))
        row.append(plain(view.last_change or "", style="dim"))
        return row
