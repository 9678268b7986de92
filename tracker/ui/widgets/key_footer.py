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


PRIORITY = ("back", "move(-1)", "move(1)", "filter", "diff", "known_on", "next_event", "previous_event", "sort", "go_to_date", "today")
"""Which keys stay first when not all fit (the rest keep the order of their bindings)."""
SHORT = {"next event": "next", "prev event": "prev", "known on": "known", "go to": "go"}
"""Shorter words, used once the full ones do not all fit."""

Entry = tuple[str, str, str, str]  # key shown, description, key to press, action


def _size(entries: list[Entry]) -> int:
    return sum(len(k) + 1 + len(d) + 2 for k, d, _, _ in entries)


def layout(keys: list[Entry], exits: list[Entry], width: int) -> tuple[list[Entry], list[Entry]]:
    """The keys that fit left of the exits, and the exits (described tersely when even they do not fit).

    When the keys do not all fit in full words, they take shorter words and the most useful stay (PRIORITY),
    each shown whole or not at all, in the order of their bindings."""
    if _size(exits) > width:
        exits = [(k, "", press, action) for k, _, press, action in exits]
    room = width - _size(exits)
    if _size(keys) <= room:
        return keys, exits
    short = [(k, SHORT.get(d, d), press, action) for k, d, press, action in keys]
    ranked = sorted(range(len(short)), key=lambda i: (
        PRIORITY.index(short[i][3]) if short[i][3] in PRIORITY else len(PRIORITY), i))
    chosen: set[int] = set()
    for i in ranked:
        need = _size([short[i]])
        if need <= room:
            chosen.add(i)
            room -= need
    return [short[i] for i in sorted(chosen)], exits


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

    def entries(self) -> tuple[list[Entry], list[Entry]]:
        keys: list[Entry] = []
        exits: dict[str, Entry] = {}
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not enabled or binding.action in seen:
                continue
            entry = (self.app.get_key_display(binding), binding.description, binding.key.split(",")[0],
                     binding.action)
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

        def add(entries: list[Entry]) -> None:
            for key, description, press, _action in entries:
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
