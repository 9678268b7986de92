"""The line that says where in time the whole screen stands: as of, known on, diff, step."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tracker.ui.timecontrol import When, long_date, short_instant


class TimeHeader(Widget):
    """`tracker  as of 19 Mar 2025 (Wed)  step day · known now · diff off        7 proposals · head 35`."""

    DEFAULT_CSS = """
    TimeHeader { height: 1; background: $panel; color: $foreground; }
    """

    def __init__(self, title: str = "tracker", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.title_text = title
        self.right = ""
        self.line = Text()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._redraw, init=False)
        self.watch(self.app, "loading_when", self._redraw_loading, init=False)
        self._redraw()

    def set_right(self, text: str) -> None:
        if text != self.right:
            self.right = text
            self._redraw()

    def render(self) -> Text:
        return self.line

    def _redraw_loading(self, _value: object = None) -> None:
        self._redraw()

    def _redraw(self, _value: object = None) -> None:
        when: When = self.app.when  # type: ignore[attr-defined]
        dark = self.app.current_theme.dark
        accent = Style(bold=True, reverse=True, color="#ffaf00" if dark else "#af5f00")
        line = Text(" ")
        line.append(self.title_text, style="bold")
        line.append("  ")
        line.append(f" as of {long_date(when.as_of)} ", style=accent)
        if getattr(self.app, "loading_when", False):
            line.append(" …", style="dim")
        line.append(f"  step {when.step}", style="dim")
        line.append(" · ")
        if when.known_on is None:
            line.append("known now")
        else:
            known = Style(bold=True, reverse=True, color="#d787ff" if dark else "#8700af")
            line.append(f" known on {short_instant(when.known_on)} ", style=known)
        line.append(" · ")
        if when.diff_since is None:
            line.append("diff off", style="dim")
        else:
            line.append(f" diff since {long_date(when.diff_since)} ",
                        style=Style(bold=True, reverse=True, color="#5fafff" if dark else "#005fd7"))
        width = self.size.width or 80
        if self.right and line.cell_len + len(self.right) + 3 <= width:
            line.append(" " * (width - line.cell_len - len(self.right) - 1))
            line.append(self.right, style="dim")
        if line != self.line:
            self.line = line
            self.refresh()  # one line, fixed height: no layout

    def on_resize(self) -> None:
        self._redraw()
