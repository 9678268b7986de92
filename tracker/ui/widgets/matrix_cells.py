"""The cells of the overview matrix: a status or a position, and in diff mode `was → now`."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text

from tracker.application.views import Change, ProposalView
from tracker.ui.data import OverviewData
from tracker.ui.widgets.style import SYMBOLS, colour, position_text, status_text

EMPTY = Text("")
CHANGED = Style(bgcolor="#3a3a00")
CHANGED_LIGHT = Style(bgcolor="#ffffaf")


def signature(view: ProposalView, data: OverviewData) -> tuple[object, ...]:
    """What a row's cells are made of: equal signatures, equal cells."""
    window = view.in_force.until if view.in_force and view.status == "in_force" else None
    changes = tuple(c for k, c in data.changes.items() if k[0] == view.id) if data.changes else ()
    return (view.title, view.status, view.revision, view.last_change,
            tuple((p, pos.position, pos.stale) for p, pos in view.positions.items()),
            window and (window - data.when.as_of).days, changes, view.id in data.new_since)


def status_cell(view: ProposalView, as_of: date, dark: bool, change: Change | None, highlight: Style,
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


def position_cell(view: ProposalView, party: str, change: Change | None, dark: bool, compact: bool,
                   highlight: Style) -> Text:
    pos = view.positions.get(party)
    if pos is None and change is None:
        return EMPTY  # shared: cells are never changed in place
    now = Text("") if pos is None else position_text(pos.position, pos.stale, dark, compact)
    if change is None:
        return now
    if change.before is None:
        was = Text("∅")
    else:
        name = change.before.rstrip("*")
        was = Text(SYMBOLS.get(name, "?") + ("*" if change.before.endswith("*") else "")
                   + ("" if compact else f" {name}"), style=Style(color=colour(name, dark)))
    cell = Text("")
    cell.append_text(was)
    cell.append(" → " if not compact else "→")
    cell.append_text(now if change.after is not None else Text("∅"))
    cell.stylize(highlight)
    return cell
