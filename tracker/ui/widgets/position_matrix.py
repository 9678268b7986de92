"""The overview matrix: proposals (rows) by parties (columns), each cell a position as symbol and word.

A Line-API widget rather than a DataTable: every row is rendered once to a Strip and kept until its cells
change, so that a date step on a big store redraws only the rows that changed.

The layout follows k9s and lazygit: the fixed columns (status, rev, changed, the parties) take their natural
width, the title takes whatever is left, and nothing scrolls sideways. When the parties do not fit, the
proposal, status, rev and changed columns stay pinned and the party columns scroll (left/right).
"""

from __future__ import annotations

import textwrap
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
from tracker.ui.widgets.matrix_layout import TITLE_LEAST, ColumnView, fit_columns, party_order

FIXED = ("title", "status", "rev", "changed")
LABELS = {"title": "proposal", "status": "status", "rev": "rev", "changed": "changed"}
__all__ = ["TITLE_LEAST", "ColumnView", "PositionMatrix", "fit_columns", "party_order"]


@dataclass
class _Row:
    cells: list[Text]
    version: int = 0
    signature: tuple[object, ...] = ()
    positions: object = None
    """The view's positions mapping that `positions_signature` was read from (kept, so compared by identity)."""
    positions_signature: tuple[object, ...] = ()


class PositionMatrix(ScrollView, can_focus=True):
    """Rows keyed by proposal id, columns by `title`, `status`, `rev`, `changed` and `party:<id>`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "up", show=False),
        Binding("down", "cursor(1)", "down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("home,ctrl+home", "edge(False)", "first", show=False),
        Binding("end,ctrl+end", "edge(True)", "last", show=False),
        Binding("left", "parties(-1)", "parties left", show=False,
                tooltip="Scroll the party columns left (when there are more than fit)"),
        Binding("right", "parties(1)", "parties right", show=False,
                tooltip="Scroll the party columns right (when there are more than fit)"),
        Binding("enter", "select", "open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "position-matrix--header", "position-matrix--cursor", "position-matrix--odd-row",
    }
    DEFAULT_CSS = """
    PositionMatrix { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
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
        self._keys: list[str] = []
        self._natural: list[int] = []
        """Each column's natural width (the widest cell seen under the current layout)."""
        self._natural_version = 0
        self._layout: tuple[object, ...] = ()
        self._order: list[str] = []
        self._known: set[str] = set()
        """Every party seen, in the order their columns take (kept across dates and filters)."""
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._view_key: tuple[object, ...] = ()
        self._view = ColumnView(())
        self.party_offset = 0
        self.short_status = False
        """Statuses in short words (`29d` for `29d left`, `nego → ...`): on a narrow terminal only."""
        """The first party column in view, when they do not all fit."""
        self.empty_message = ""
        """Shown when there are no rows: why the matrix is empty."""

    # -- content -----------------------------------------------------------------------------------------

    def show(self, data: OverviewData, rows: list[ProposalView], compact: bool, dark: bool,
             short_status: bool | None = None) -> None:
        """Show `rows` (already filtered and sorted); keep the selected proposal and the scroll position.

        Only rows whose content changed are rebuilt, and only their lines repainted, while the rows, their order
        and the layout stay the same; columns only grow while the layout stays the same, so that a date step
        costs little even with hundreds of rows and dozens of parties.
        """
        selected = self.selected_proposal
        same_rows = [v.id for v in rows] == self.row_ids
        parties = self._stable_parties(data, rows)
        diff = data.when.diff_since is not None
        keys = [*FIXED, *(f"party:{p}" for p in parties)]
        self.short_status = compact if short_status is None else short_status
        layout = (tuple(keys), compact, dark, diff, self.short_status)
        repaint_all = not same_rows or not rows
        if layout != self._layout:
            self._layout, self._rows, self._strips = layout, {}, {}
            self._keys = keys
            self._natural = [len(LABELS.get(k, k.removeprefix("party:"))) for k in keys]
            self._natural_version += 1
            repaint_all = True
        widths = self._natural
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
            self._natural_version += 1
            self._strips.clear()
            repaint_all = True
        if not same_rows:
            self.row_ids = [v.id for v in rows]
        self.shown = data
        virtual_size = Size(0, len(self.row_ids) + 1)  # nothing runs sideways: the columns are fitted
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
        width = self.size.width
        for index in indexes:
            y = index - top + 1
            if 1 <= y < height:
                self.refresh(Region(0, y, width, 1))

    def _stable_parties(self, data: OverviewData, rows: list[ProposalView]) -> tuple[str, ...]:
        """The parties of the rows shown (a filter narrows the columns), always in one order: by how many
        proposals they take part in when first seen, newcomers after them, so that neither a date step nor a
        filter shuffles the columns."""
        everyone = data.report.proposals
        if any(p not in self._known for v in everyone for p in (*v.parties, *v.positions)):
            ranked = party_order(everyone)
            self._order += [p for p in ranked if p not in self._known]
            self._known = set(self._order)
        involved = {p for v in rows for p in (*v.parties, *v.positions)}
        if len(involved) == len(self._order):
            return tuple(self._order)
        return tuple(p for p in self._order if p in involved)

    @property
    def row_count(self) -> int:
        return len(self.row_ids)

    def get_cell(self, proposal: str, column: str) -> Text:
        return self._rows[proposal].cells[self._keys.index(column)]

    @property
    def parties_shown(self) -> list[str]:
        """The party columns in view, left to right."""
        view = self.column_view()
        return [self._keys[i].removeprefix("party:") for i, _ in view.columns if self._keys[i].startswith("party:")]

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

    def action_parties(self, step: int) -> None:
        """Scroll the party columns by one (only when some are out of view)."""
        view = self.column_view()
        if (step < 0 and view.hidden_left) or (step > 0 and view.hidden_right):
            self.party_offset = view.hidden_left + step
            self.refresh()

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

    def column_view(self) -> ColumnView:
        """The columns drawn at the current width (worked out again only when the width or a column changes)."""
        width = self.scrollable_content_region.width
        key = (width, self._natural_version, self.party_offset)
        if key != self._view_key:
            self._view_key = key
            self._view = fit_columns(self._natural, width, len(FIXED), self.party_offset) if self._natural \
                else ColumnView(())
        return self._view

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        view = self.column_view()
        if y == 0:
            style = self.get_component_rich_style("position-matrix--header")
            key: tuple[object, ...] = ("header", self._view_key, style)
            strip = self._strips.get(key)
            if strip is None:
                labels = [Text(LABELS.get(k, k.removeprefix("party:"))) for k in self._keys]
                strip = self._strips[key] = self._render_row(labels, style, view, header=True)
            return strip.crop_extend(0, width, style)
        index = round(self.scroll_y) + y - 1
        base = self.rich_style
        if index >= len(self.row_ids):
            lines = textwrap.wrap(self.empty_message, max(10, width - 4)) if not self.row_ids else []
            if 2 <= y < 2 + len(lines):
                return Strip(list(Text(f"  {lines[y - 2]}", style=base + Style(dim=True, italic=True))
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
        key = (pid, row.version, style, self._view_key)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row.cells, style, view)
        return strip.crop_extend(0, width, style)

    def _render_row(self, cells: list[Text], style: Style, view: ColumnView | None = None,
                    header: bool = False) -> Strip:
        """The columns of `view` (the current one by default), with the space before the first column; the
        header marks party columns out of view with ◀ and ▶."""
        view = view or self.column_view()
        line = Text(" ", style=style, no_wrap=True, end="")
        first_party = len(FIXED)
        for index, width in view.columns:
            cell = cells[index]
            if header and index == first_party + view.hidden_left and view.hidden_left:
                line.right_crop(2)
                line.append("◀ ")
            if self._keys[index] == "rev":
                piece = Text(cell.plain.rjust(width)[:width], style=cell.style)
            else:
                piece = cell.copy()
                piece.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(piece)
            line.append("  ")
        if header and view.hidden_right:
            line.right_crop(1)
            line.append(f"▶ +{view.hidden_right}")
        return Strip(list(line.render(self.app.console)))

    # -- cells -------------------------------------------------------------------------------------------

    def _cells(self, view: ProposalView, data: OverviewData, parties: tuple[str, ...], compact: bool,
               dark: bool) -> list[Text]:
        highlight = CHANGED if dark else CHANGED_LIGHT
        title = plain_cell(view.title)
        new = data.when.diff_since is not None and view.id in data.new_since
        if new:
            title = Text("+ ", style=highlight).append_text(plain_cell(view.title))
        status = status_cell(view, data.when.as_of, dark, data.change(view.id, "status"), highlight,
                             self.short_status)
        row = [title, status, Text(str(view.revision)), plain_cell(format_date(view.last_change), style="dim")]
        if data.changes and not new:
            for party in parties:
                change = data.change(view.id, "position", party)
                row.append(position_cell(view, party, change, dark, compact, highlight))
        else:
            row.extend(position_cell(view, party, None, dark, compact, highlight) for party in parties)
        return row
