"""Command palette entries for the main actions, and one per proposal to open it."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tracker.text import one_line

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Go to date…", "go_to_date", "set the as-of date (2025-03-19, 2025-03, -2w, +1m)"),
    ("Today", "today", "set the as-of date to today"),
    ("Next event day", "next_event", "as of the next day with an event"),
    ("Previous event day", "previous_event", "as of the previous day with an event"),
    ("Known on…", "known_on", "see what the tracker knew at an instant"),
    ("Diff since…", "diff", "highlight every change since a date (again: off)"),
    ("Filter proposals…", "filter", "filter the overview rows"),
    ("Toggle light/dark theme", "toggle_dark", "switch between the light and the dark theme"),
    ("Help: every key", "help", "list every binding"),
    ("Quit", "quit", "leave the dashboard"),
)


class TrackerCommands(Provider):
    """The dashboard's actions, and `Open: <proposal title>` for every proposal known as of the date."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        found: list[tuple[str, object, str]] = [
            (name, partial(app.run_action, action), help_text) for name, action, help_text in ACTIONS
        ]
        for pid, title in getattr(app, "proposal_titles", {}).items():
            opener = partial(app.open_proposal, pid)  # type: ignore[attr-defined]
            found.append((f"Open: {one_line(title, 70)}", opener, pid))
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
