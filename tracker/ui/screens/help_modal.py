"""Every binding of the screen below and of the app, with what it does."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

LEGEND = ("Positions: ● proposer  ✔ accepted  ✔? conditional  ◑ partial  ◐ reviewing  ↺ countered  ✘ rejected  "
          "⊘ withdrawn  · unknown;  * stale (given on an older revision).  Diff: was → now, ∅ none, + new proposal.")
FILTER_HELP = ("Filter tokens: words match title, id, kind, status or a party's id or name; status:rejected  "
               "kind:maritime  party:RU (a value that matches nothing lists the valid ones).\n"
               "Dates for g and d: 2025-03-19, 2025-03 (end of month), 2025, -2w, +1m, -3d, +1y, today.\n"
               "Known on (k): 2025-03-20T12:00Z, a date (end of that day, UTC), or empty for now; ↑ in the prompt "
               "fills in the last one; K is back to known now.")


_NAMES = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?", "slash": "/",
          "escape": "esc", "shift+right": "shift+→", "shift+left": "shift+←", "shift+up": "shift+↑",
          "shift+down": "shift+↓"}


def _key(binding: Binding) -> str:
    return ", ".join(_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def bindings_text(screen: Screen[object], app_bindings: list[Binding], width: int = 100) -> Text:
    """Every binding, its description wrapped under the description column; then the notes."""
    text = Text()
    room = max(20, width - 14)
    groups = [(f"this screen ({screen.__class__.__name__.removesuffix('Screen').lower()})", screen.BINDINGS),
              ("everywhere", app_bindings)]
    for title, bindings in groups:
        text.append(f"{title}\n", style="bold underline")
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            text.append(f"  {_key(binding):<12}", style="bold")
            lines = textwrap.wrap(binding.tooltip or binding.description, room) or [""]
            text.append(lines[0] + "\n")
            for line in lines[1:]:
                text.append(" " * 14 + line + "\n")
        text.append("\n")
    text.append("tables: up/down/pgup/pgdn/home/end move; enter opens; mouse: click a row, double-click opens\n"
                "overview: left/right scroll the party columns when they do not all fit (◀ and ▶ +N in the header "
                "row say how many are out of view)\n", style="dim")
    text.append("command palette: ctrl+p (every action, and 'Open: <proposal>')\n\n", style="dim")
    text.append(LEGEND + "\n\n", style="dim")
    text.append(FILTER_HELP, style="dim")
    return text


class HelpModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "close", id="help.close", tooltip="Close the help")]

    def __init__(self, below: Screen[object], app_bindings: list[Binding]) -> None:
        super().__init__()
        self.below, self.app_bindings = below, app_bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("tracker: keys", style="bold"))
            yield Static(bindings_text(self.below, self.app_bindings), id="help-text")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        width = self.query_one("#help-dialog").scrollable_content_region.width
        if width:
            self.query_one("#help-text", Static).update(bindings_text(self.below, self.app_bindings, width))

    def action_close(self) -> None:
        self.dismiss(None)
