"""The key line at the bottom: the screen's keys, and the exits (`? help`, `^p palette`, `q quit`) always.

Textual's Footer cuts whatever passes the right edge, exits included. Here the exits are laid out first, at
the right end, and the other keys fill the room left of them in binding order, each shown whole or not at
all (`?` lists the ones left out).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

EXITS = ("help", "command_palette", "quit")


def layout(keys: list[tuple[str, str, str]], exits: list[tuple[str, str, str]], width: int
           ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The keys that fit left of the exits, and the exits (described tersely when even they do not fit).

    Each entry is (key shown, description, key to press)."""
    def size(entries: list[tuple[str, str, str]]) -> int:
        return sum(len(k) + 1 + len(d) + 2 for k, d, _ in entries)

    if size(exits) > width:
        exits = [(k, "", press) for k, _, press in exits]
    room = width - size(exits)
    shown = []
    for entry in keys:
        need = len(entry[0]) + 1 + len(entry[1]) + 2
        if need > room:
            continue  # a shorter one further on may still fit
        shown.append(entry)
        room -= need
    return shown, exits


class KeyFooter(Widget):
    """One line of `key description` pairs; a click on a pair presses its key."""

    DEFAULT_CSS = """
    KeyFooter { height: 1; background: $footer-background; color: $footer-foreground; dock: bottom; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        keys: list[tuple[str, str, str]] = []
        exits: dict[str, tuple[str, str, str]] = {}
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not enabled or binding.action in seen:
                continue
            entry = (self.app.get_key_display(binding), binding.description, binding.key.split(",")[0])
            if binding.action in EXITS:
                if binding.action not in exits or len(entry[0]) < len(exits[binding.action][0]):
                    exits[binding.action] = entry  # `q quit` rather than `^q Quit`
            elif binding.show:
                keys.append(entry)
                seen.add(binding.action)
        return keys, [exits[a] for a in EXITS if a in exits]

    def render(self) -> Text:
        keys, exits = self.entries()
        width = self.size.width or 80
        shown, exits = layout(keys, exits, width - 1)
        key_style = Style(bold=True, color=self.app.current_theme.accent or "#ffa62b")
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []

        def add(entries: list[tuple[str, str, str]]) -> None:
            for key, description, press in entries:
                start = line.cell_len
                line.append(f" {key}", style=key_style)
                if description:
                    line.append(f" {description}")
                line.append(" ")
                spans.append((start, line.cell_len, press))

        add(shown)
        line_before = line.cell_len
        add(exits)
        tail = line[line_before:]
        line = line[:line_before]
        pad = max(0, width - line.cell_len - tail.cell_len)
        line.append(" " * pad)
        spans = [s for s in spans if s[0] < line_before] + \
            [(a + pad, b + pad, k) for a, b, k in spans if a >= line_before]
        line.append_text(tail)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
