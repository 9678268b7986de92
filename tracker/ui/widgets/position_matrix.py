"""The overview matrix: proposals (rows) by parties (columns), each cell a position as symbol and word.

A Line-API widget rather than a DataTable: every row is rendered once to a Strip and kept until its cells
change, so that a date step on a big store redraws only the rows that changed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.application.views import ProposalView
from tracker.domain.dates import format_date
from tracker.ui.data import OverviewData
from tracker.ui.widgets.matrix_cells import (
    CHANGED,
    CHANGED_LIGHT,
    plain_cell,
    position_cell,
    positions_signature,
    signature,
    status_cell,
)

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
    positions: object = None
    """The view's positions mapping that `positions_signature` was read from (kept, so compared by identity)."""
    positions_signature: tuple[object, ...] = ()


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
        self._columns_version = 0
        self._starts: list[int] = [1]
        """Where each column starts (x), and where the last one ends."""
        self._layout: tuple[object, ...] = ()
        self._parties: tuple[str, ...] = ()
        self._strips: dict[tuple[object, ...], Strip] = {}
        self.title_width = 34
        self.empty_message = ""
        """Shown when there are no rows: why the matrix is empty."""

    # -- content -----------------------------------------------------------------------------------------

    def show(self, data: OverviewData, rows: list[ProposalView], compact: bool, dark: bool, width: int) -> None:
        """Show `rows` (already filtered and sorted); keep the selected proposal and the scroll position.

        Only rows whose content changed are rebuilt, and only their lines repainted, while the rows, their order
        and the layout stay the same; columns only grow while the layout stays the same, so that a date step
        costs little even with hundreds of rows and dozens of parties.
        """
        selected = self.selected_proposal
        same_rows = [v.id for v in rows] == self.row_ids
        parties = self._stable_parties(rows)
        diff = data.when.diff_since is not None
        per_party = (3 if compact else 12) * (2 if diff else 1) + 2
        others = 1 + 12 + 2 + 3 + 2 + len(parties) * per_party + 14 + 2  # 14: a change dated 10-16 Mar 2025
        self.title_width = max(16, min(60, width - 2 - others))  # 2: room for a vertical scrollbar
        keys = [*FIXED, *(f"party:{p}" for p in parties), "changed"]
        layout = (tuple(keys), compact, dark, diff, self.title_width)
        repaint_all = not same_rows or not rows
        if layout != self._layout:
            self._layout, self._rows, self._strips = layout, {}, {}
            self._set_columns([(k, self._least(k, compact)) for k in keys])
            repaint_all = True
        widths = [w for _, w in self._columns]
        grown = False
        changed: list[int] = []
        for index, view in enumerate(rows):
            row = self._rows.get(view.id)
            # views of one snapshot share its positions mapping: its part of the signature is read once
            if row is not None and row.positions is view.positions:
                positions = row.positions_signature
            else:
                positions = positions_signature(view)
            made_of = signature(view, data, positions)
            if row is not None and row.signature == made_of:
                if row.positions is not view.positions:
                    row.positions = view.positions
                continue
            cells = self._cells(view, data, parties, compact, dark)
            if row is None:
                self._rows[view.id] = _Row(cells, signature=made_of, positions=view.positions,
                                           positions_signature=positions)
            else:
                row.cells, row.signature, row.version = cells, made_of, row.version + 1
                row.positions, row.positions_signature = view.positions, positions
            changed.append(index)
            for i, cell in enumerate(cells):
                if cell.cell_len > widths[i]:
                    widths[i], grown = cell.cell_len, True
        if grown:
            self._set_columns(list(zip(keys, widths)))
            self._strips.clear()
            repaint_all = True
        if not same_rows:
            self.row_ids = [v.id for v in rows]
        self.shown = data
        virtual_size = Size(sum(w + 2 for w in widths) - 1, len(self.row_ids) + 1)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
        if selected in self._rows and selected in self.row_ids:
            self.set_reactive(PositionMatrix.cursor, self.row_ids.index(selected))
        elif self.row_ids:
            self.cursor = min(self.cursor, len(self.row_ids) - 1)
        if len(self._strips) > 4 * (len(self.row_ids) + 8):
            self._strips.clear()
        if repaint_all:
            self.refresh()
        else:
            self._refresh_rows(changed)

    def _refresh_rows(self, indexes: list[int]) -> None:
        """Repaint the lines of these rows that are in view (line 0 is the header)."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        width = max(self.virtual_size.width, self.size.width)
        for index in indexes:
            y = index - top + 1
            if 1 <= y < height:
                self.refresh(Region(0, y, width, 1))

    def _stable_parties(self, rows: list[ProposalView]) -> tuple[str, ...]:
        """The parties of the rows shown (a filter narrows the columns too), in the order already on screen,
        newcomers after them, so that stepping through time does not shuffle the columns."""
        if {p for v in rows for p in (*v.parties, *v.positions)} == set(self._parties):
            return self._parties  # the same parties (the usual date step): no need to count and order them
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
        first, last = self._visible_columns(scroll_x, scroll_x + width)
        origin = 0 if first == 0 else self._starts[first]  # where the rendered piece starts in the row
        if y == 0:
            style = self.get_component_rich_style("position-matrix--header")
            key: tuple[object, ...] = ("header", self._columns_version, style, first, last)
            strip = self._strips.get(key) or self._render_row(
                [Text(LABELS.get(k, k.removeprefix("party:"))) for k, _ in self._columns], style, first, last)
            self._strips[key] = strip
            return strip.crop_extend(scroll_x - origin, scroll_x - origin + width, style)
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
        key = (pid, row.version, style, self._columns_version, first, last)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row.cells, style, first, last)
        return strip.crop_extend(scroll_x - origin, scroll_x - origin + width, style)

    def _set_columns(self, columns: list[tuple[str, int]]) -> None:
        self._columns = columns
        self._columns_version += 1
        starts = [1]  # a space before the first column, two after each
        for _, width in columns:
            starts.append(starts[-1] + width + 2)
        self._starts = starts

    def _visible_columns(self, left: int, right: int) -> tuple[int, int]:
        """The first and last columns that show between x = left and x = right (a row is rendered only
        there: the parties' columns run far beyond the screen)."""
        if not self._columns:
            return 0, -1
        first = min(max(0, bisect_right(self._starts, left) - 1), len(self._columns) - 1)
        last = max(first, min(len(self._columns), bisect_left(self._starts, right)) - 1)
        return first, last

    def _render_row(self, cells: list[Text], style: Style, first: int = 0, last: int | None = None) -> Strip:
        """Columns `first` to `last` of a row (all by default), with the space before the first column."""
        end = len(self._columns) if last is None else last + 1
        line = Text(" " if first == 0 else "", style=style, no_wrap=True, end="")
        for (key, width), cell in zip(self._columns[first:end], cells[first:end]):
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
        title = plain_cell(view.title, self.title_width)
        new = data.when.diff_since is not None and view.id in data.new_since
        if new:
            title = Text("+ ", style=highlight).append_text(plain_cell(view.title, self.title_width - 2))
        status = status_cell(view, data.when.as_of, dark, data.change(view.id, "status"), highlight, compact)
        row = [title, status, Text(str(view.revision))]
        if data.changes and not new:
            for party in parties:
                change = data.change(view.id, "position", party)
                row.append(position_cell(view, party, change, dark, compact, highlight))
        else:
            row.extend(position_cell(view, party, None, dark, compact, highlight) for party in parties)
        row.append(plain_cell(format_date(view.last_change), style="dim"))
        return row
