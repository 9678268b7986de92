"""Command palette entries for the main actions, and one per proposal to open it."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tracker.text import one_line

ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    # name, action, key, what it does
    ("Go to date…", "go_to_date", "g", "set the as-of date (2025-03-19, 2025-03, -2w, +1m)"),
    ("Today", "today", "t", "set the as-of date to today"),
    ("Next event day", "next_event", "]", "as of the next day with an event"),
    ("Previous event day", "previous_event", "[", "as of the previous day with an event"),
    ("Step forward", "step(True)", "shift+→", "forward one step (day, week or month)"),
    ("Step back", "step(False)", "shift+←", "back one step (day, week or month)"),
    ("Longer step", "step_size(True)", "shift+↑", "step size: day → week → month"),
    ("Shorter step", "step_size(False)", "shift+↓", "step size: month → week → day"),
    ("Known on…", "known_on", "k", "see what the tracker knew at an instant"),
    ("Known now", "known_now", "K", "back to what is known now"),
    ("Diff since…", "diff", "d", "highlight every change since a date (again: off)"),
    ("Filter proposals…", "filter", "/", "filter the overview rows: words, status:, kind:, party:"),
    ("Sort: next order", "sort", "s", "cycle the overview's sort: proposed, last change, status, title"),
    ("Open event by id…", "open_event_by_id", "", "type an event id and see the whole event"),
    ("Toggle light/dark theme", "toggle_theme", "ctrl+t", "switch between the light and the dark theme"),
    ("Help: every key", "help", "?", "list every binding"),
    ("Quit", "quit", "q", "leave the dashboard"),
)


class TrackerCommands(Provider):
    """The dashboard's actions, and `Open: <proposal title>` for every proposal known as of the date."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        found: list[tuple[str, object, str]] = [
            (name, partial(app.run_action, action), f"{key}  ·  {help_text}" if key else help_text)
            for name, action, key, help_text in ACTIONS
        ]
        for pid, title in getattr(app, "proposal_titles", {}).items():
            opener = partial(app.open_proposal, pid)  # type: ignore[attr-defined]
            found.append((f"Open: {one_line(title, 70)}", opener, f"enter on its row  ·  {pid}"))
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                display = _highlight(matcher, name)
                yield Hit(score, display, callback, text=name, help=help_text)  # type: ignore[arg-type]


def _highlight(matcher: Matcher, name: str) -> Content:
    """The matched letters underlined; the name itself is never read as markup (titles are user text)."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content
