"""The overview matrix: proposals (rows) by parties (columns), each cell a position as symbol and word."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from tracker.application.views import Change, ProposalView
from tracker.ui.data import OverviewData
from tracker.ui.widgets.style import SYMBOLS, colour, plain, position_text, status_text

FIXED = ("title", "status", "rev")
CHANGED = Style(bgcolor="#3a3a00")
CHANGED_LIGHT = Style(bgcolor="#ffffaf")


def party_order(views: tuple[ProposalView, ...]) -> list[str]:
    """Parties by how many proposals they take part in, then by first appearance."""
    seen: dict[str, int] = {}
    for view in views:
        for party in (*view.parties, *view.positions):
            seen[party] = seen.get(party, 0) + 1
    first = list(seen)
    return sorted(seen, key=lambda p: (-seen[p], first.index(p)))


class PositionMatrix(DataTable[Text]):
    """A DataTable keyed by proposal id (rows) and party id (columns); cells are updated in place."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.shown: OverviewData | None = None
        self._layout: tuple[object, ...] | None = None
        self.title_width = 34
        self._widths: dict[str, int] = {}
        self._layout_compact = False

    def show(self, data: OverviewData, rows: list[ProposalView], compact: bool, dark: bool, width: int) -> None:
        """Show `rows` (already filtered and sorted); keep the selected proposal and the scroll position."""
        parties = tuple(party_order(data.report.proposals))
        diff = data.when.diff_since is not None
        per_party = (5 if compact else 14) * (2 if diff else 1)
        self.title_width = max(16, min(60, width - (14 if compact else 20) - 5 - len(parties) * per_party - 14))
        layout = (tuple(v.id for v in rows), parties, compact, diff, self.title_width)
        keys = self._column_keys(parties)
        cells = {v.id: self._cells(v, data, parties, compact, dark) for v in rows}
        widths = dict(zip(keys, (max([len(k.removeprefix("party:")), *(c.cell_len for c in col)])
                                 for k, col in zip(keys, zip(*cells.values()))))) if cells else {}
        if layout == self._layout and all(widths[k] <= self._widths.get(k, 0) for k in widths):
            for pid, row in cells.items():
                for key, value in zip(keys, row):
                    if self.get_cell(pid, key) != value:
                        self.update_cell(pid, key, value)
        else:
            self._layout_compact = compact
            self._rebuild(parties, cells, widths)
            self._layout = layout
        self.shown = data

    def _column_keys(self, parties: tuple[str, ...]) -> list[str]:
        return [*FIXED, *(f"party:{p}" for p in parties), "changed"]

    def _rebuild(self, parties: tuple[str, ...], cells: dict[str, list[Text]], widths: dict[str, int]) -> None:
        """Columns get explicit widths (measuring every cell on each update is what makes big tables slow)."""
        selected = self.selected_proposal
        scroll_x, scroll_y = self.scroll_x, self.scroll_y
        self.clear(columns=True)
        self._widths = dict(widths)
        self._widths["title"] = self.title_width
        self._widths["status"] = max(widths.get("status", 6), 12)
        for party in parties:  # room for the widest usual position, so that most steps update in place
            key = f"party:{party}"
            self._widths[key] = max(widths.get(key, 2), 3 if self._layout_compact else 12)
        labels = {"title": "proposal", "status": "status", "rev": "rev", "changed": "changed"}
        for key in self._column_keys(parties):
            self._widths.setdefault(key, len(labels.get(key, key.removeprefix("party:"))))
            self.add_column(Text(labels.get(key, key.removeprefix("party:"))), key=key, width=self._widths[key])
        for pid, row in cells.items():
            self.add_row(*row, key=pid)
        if selected is not None and selected in cells:
            self.move_cursor(row=self.get_row_index(selected), scroll=False)
        self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)

    @property
    def selected_proposal(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or just-cleared table has no cursor cell
            return None
        return key.value

    def select_proposal(self, proposal: str) -> None:
        if proposal in self.rows:
            self.move_cursor(row=self.get_row_index(proposal))

    def _cells(self, view: ProposalView, data: OverviewData, parties: tuple[str, ...], compact: bool,
               dark: bool) -> list[Text]:
        highlight = CHANGED if dark else CHANGED_LIGHT
        title = plain(view.title, self.title_width)
        if data.when.diff_since is not None and view.id in data.new_since:
            title = Text("+ ", style=highlight).append_text(plain(view.title, self.title_width - 2))
        status = _status_cell(view, data.when.as_of, dark, data.change(view.id, "status"), highlight, compact)
        row = [title, status, Text(str(view.revision), justify="right")]
        for party in parties:
            row.append(_position_cell(view, party, data.change(view.id, "position", party), dark, compact, highlight))
        row.append(plain(view.last_change or "", style="dim"))
        return row


def _status_cell(view: ProposalView, as_of: date, dark: bool, change: Change | None, highlight: Style,
                 compact: bool) -> Text:
    suffix = ""
    if view.status == "in_force" and view.in_force and view.in_force.until:
        left = (view.in_force.until - as_of).days
        suffix = f" {left}d" if compact else f" {left}d left"
    if change is not None and change.before is not None:
        before = change.before.replace("_", " ")
        text = Text(f"{before[:4] if compact else before} → ", style=highlight)
        return text.append_text(status_text(view.status, dark, suffix))
    return status_text(view.status, dark, suffix)


def _position_cell(view: ProposalView, party: str, change: Change | None, dark: bool, compact: bool,
                   highlight: Style) -> Text:
    pos = view.positions.get(party)
    now = Text("") if pos is None else position_text(pos.position, pos.stale, dark, compact)
    if change is None:
        return now
    if change.before is None:
        was = Text("∅")
    else:
        name = change.before.rstrip("*")
        was = Text(SYMBOLS.get(name, "?") + ("*" if change.before.endswith("*") else "")
                   + ("" if compact else f" {name}"), style=Style(color=colour(name, dark)))
    cell = Text("", style=highlight)
    cell.append_text(was)
    cell.append(" → " if not compact else "→")
    cell.append_text(now if change.after is not None else Text("∅"))
    cell.stylize(highlight)
    return cell
