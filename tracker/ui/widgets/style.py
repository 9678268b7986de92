"""How positions and statuses look: a symbol and a word (readable without colour), and a colour per theme."""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from rich.text import Text

from tracker.application.symbols import SYMBOLS
from tracker.domain.dates import format_date
from tracker.text import one_line

_DARK = {
    "proposer": "#5fafff", "accepted": "#5fd75f", "conditional": "#ffaf00", "partial": "#ffaf00",
    "reviewing": "#ffaf00", "countered": "#d787ff", "rejected": "#ff5f5f", "withdrawn": "#9e9e9e",
    "unknown": "#808080",
}
_LIGHT = {
    "proposer": "#005fd7", "accepted": "#008700", "conditional": "#af5f00", "partial": "#af5f00",
    "reviewing": "#af5f00", "countered": "#8700af", "rejected": "#d70000", "withdrawn": "#6c6c6c",
    "unknown": "#6c6c6c",
}
STATUS_POSITION = {
    "in_force": "accepted", "agreed": "accepted", "negotiating": "reviewing", "proposed": "proposer",
    "rejected": "rejected", "expired": "withdrawn", "ended": "withdrawn", "withdrawn": "withdrawn",
}
MARKERS = {"amended": "±", "violation_reported": "!", "talks_held": "T", "in_force": "▶", "ended": "■",
           "withdrawn": "⊘"}


def colour(position: str, dark: bool) -> str:
    return (_DARK if dark else _LIGHT).get(position, "#808080")


@lru_cache(maxsize=256)
def position_style(position: str, stale: bool, dark: bool) -> Style:
    return Style(color=colour(position, dark), dim=stale)


def position_text(position: str, stale: bool, dark: bool, compact: bool = False) -> Text:
    """`✔ accepted`, or `✔` when compact; a stale position (an older revision) is dimmed and starred."""
    symbol = SYMBOLS.get(position, "?") + ("*" if stale else "")
    label = symbol if compact else f"{symbol} {position}"
    return Text(label, style=position_style(position, stale, dark))


@lru_cache(maxsize=64)
def _status_style(status: str, dark: bool) -> Style:
    return Style(color=colour(STATUS_POSITION.get(status, "unknown"), dark), bold=status == "in_force")


def status_text(status: str, dark: bool, suffix: str = "") -> Text:
    return Text(status.replace("_", " ") + suffix, style=_status_style(status, dark))


def plain(text: object, width: int | None = None, style: str | Style = "") -> Text:
    """User text, inert and on one line: markup and escape codes are shown, never obeyed."""
    return Text(one_line("" if text is None else text, width), style=style)


def when_written(text: str) -> str:
    """A date as the source put it: `19 Mar 2025`, `Mar 2025`, `10-16 Mar 2025`, `19 Mar 2025?`, `~19 Mar 2025`."""
    return format_date(text)
