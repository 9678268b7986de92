"""The cells of the overview matrix: a status or a position, and in diff mode `was → now`."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rich.style import Style
from rich.text import Text

from tracker.application.views import Change, ProposalView
from tracker.ui.data import OverviewData
from tracker.ui.widgets.style import SYMBOLS, colour, plain, position_text, status_text

EMPTY = Text("")
CHANGED = Style(bgcolor="#3a3a00")
CHANGED_LIGHT = Style(bgcolor="#ffffaf")


def positions_signature(view: ProposalView) -> tuple[object, ...]:
    """The part of a row's signature read from its positions (the same for every date of one snapshot)."""
    return tuple((p, pos.position, pos.stale) for p, pos in view.positions.items())


def signature(view: ProposalView, data: OverviewData, positions: tuple[object, ...] | None = None
              ) -> tuple[object, ...]:
    """What a row's cells are made of: equal signatures, equal cells. `positions`: positions_signature(view),
    when the caller already has it."""
    window = view.in_force.until if view.in_force and view.status == "in_force" else None
    changes = tuple(c for k, c in data.changes.items() if k[0] == view.id) if data.changes else ()
    return (view.title, view.status, view.revision, view.last_change,
            positions_signature(view) if positions is None else positions,
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
        return text.append_text(_status(view.status, dark, suffix))
    return _status(view.status, dark, suffix)


def position_cell(view: ProposalView, party: str, change: Change | None, dark: bool, compact: bool,
                   highlight: Style) -> Text:
    pos = view.positions.get(party)
    if pos is None and change is None:
        return EMPTY  # shared: cells are never changed in place
    now = Text("") if pos is None else _position(pos.position, pos.stale, dark, compact)
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


@lru_cache(maxsize=1024)
def _status(status: str, dark: bool, suffix: str) -> Text:
    return status_text(status, dark, suffix)  # shared between rows: cells are never changed in place


@lru_cache(maxsize=256)
def _position(position: str, stale: bool, dark: bool, compact: bool) -> Text:
    return position_text(position, stale, dark, compact)  # shared, like _status


@lru_cache(maxsize=4096)
def plain_cell(text: str, width: int | None = None, style: str = "") -> Text:
    """`plain` for a cell: titles and dates repeat from date to date, so each is made once (shared, like _status)."""
    return plain(text, width, style)
