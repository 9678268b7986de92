"""The lower panel: the events behind the selected row, newest first; in diff mode, what changed."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from tracker.application.views import Change, EventView
from tracker.domain.dates import format_date
from tracker.text import one_line
from tracker.ui.widgets.style import plain, position_text


def _names(values: object) -> str:
    if isinstance(values, (list, tuple)):
        return ", ".join(map(str, values))
    return str(values)


def event_summary(event: EventView, titles: Mapping[str, str] | None = None) -> str:
    """One line in words: `UA accepted on conditions: ...`, `UA reports a violation by RU: ... (disputed by
    RU)`, `EU countered with eu-counter-28pt-2025`."""
    kind = event.type.replace("_", " ")
    who = event.party or ""
    f = event.fields
    detail = None
    if event.type == "violation_reported":
        text = f"{who} reports a violation by {f.get('against', '?')}"
        if f.get("terms"):
            text += f" of {_names(f['terms'])}"
        detail = f.get("description")
    elif event.type == "talks_held":
        text = f"talks: {_names(f.get('participants', ()))}"
        detail = f.get("outcome") or f.get("location")
    elif event.type == "retracted":
        text = f"retracts {f.get('retracts', '?')}"
        detail = f.get("reason")
    elif event.type in ("accepted", "rejected"):
        text = f"{who} {kind}"
        if f.get("terms"):
            text += f" terms {_names(f['terms'])} only"
        if f.get("conditions"):
            text += f" on conditions: {'; '.join(map(str, f['conditions']))}" if isinstance(
                f["conditions"], (list, tuple)) else f" on conditions: {f['conditions']}"
        detail = f.get("reason") or event.note
    elif event.type == "countered":
        answer = str(f.get("counter_proposal", "?"))
        title = (titles or {}).get(answer)
        text = f"{who} countered with {title} ({answer})" if title else f"{who} countered with {answer}"
        detail = event.note
    else:
        text = f"{who} {kind}".strip()
        detail = f.get("reason") or f.get("title") or event.note
    if detail:
        text += f": {detail}"
    if f.get("disputed_by"):
        text += f" (disputed by {_names(f['disputed_by'])})"
    return text


TYPE = 18
"""The type column (`violation reported`); the date column is as wide as its widest date (`10-16 Mar 2025`)."""


class EventsPanel(Static):
    """A few lines of events or changes under the matrix."""

    shown = Text()

    def show(self, text: Text) -> None:
        """Update only when the text changed (an update costs a layout pass)."""
        if text != self.shown:
            self.shown = text
            self.update(text)

    def show_events(self, proposal_title: str, events: list[EventView],
                    titles: Mapping[str, str] | None = None) -> None:
        text = Text()
        text.append(one_line(proposal_title, 60), style="bold")
        text.append(f"  {len(events)} event(s) so far, newest first  (enter opens the proposal)\n", style="dim")
        dates = [format_date(event.date) for event in events]
        date_width = max(map(len, dates), default=11)
        indent = date_width + 2 + TYPE + 1
        for event, shown in zip(events, dates):
            style = "strike dim" if event.retracted else ""
            text.append(f"{shown:<{date_width}}  ", style="dim")
            text.append_text(plain(f"{event.type.replace('_', ' '):<{TYPE}} ", style=style))
            retracted = f"(retracted by {event.retracted_by}) " if event.retracted else ""
            said = one_line(retracted + event_summary(event, titles), 400)
            if event.confidence not in ("reported", "confirmed"):
                said += f"  ({event.confidence})"
            room = max(20, (self.size.width or 120) - 2 - indent)
            lines = textwrap.wrap(said, room, break_on_hyphens=False) or [""]
            for n, line in enumerate(lines):  # wrapped under the text, not under the dates
                text.append(("" if n == 0 else " " * indent) + line + "\n", style=style)
        text.rstrip()
        self.show(text)

    def show_changes(self, since: str, changes: list[Change], titles: dict[str, str], dark: bool,
                     new: frozenset[str] = frozenset()) -> None:
        listed = [c for c in changes if c.proposal not in new or c.what == "status"]
        # a new proposal is one line: its positions are all in the matrix
        added = sum(1 for c in listed if c.proposal in new)
        text = Text()
        text.append(f"{len(listed) - added} change(s) and {added} new proposal(s) since {since}\n", style="bold")
        for change in listed:
            text.append_text(plain(titles.get(change.proposal, change.proposal)))
            text.append("  ")
            if change.proposal in new:
                text.append(f"new, {_word(change.after)}", style="bold")
            elif change.what == "status":
                text.append(f"status  {_word(change.before)} → {_word(change.after)}")
            else:
                text.append(f"{change.party or '':<6}")
                text.append_text(_pos(change.before, dark))
                text.append(" → ")
                text.append_text(_pos(change.after, dark))
            text.append("\n")
        text.rstrip()
        self.show(text)


def _word(value: str | None) -> str:
    return (value or "—").replace("_", " ")


def _pos(label: str | None, dark: bool) -> Text:
    if label is None:
        return Text("—")
    return position_text(label.rstrip("*"), label.endswith("*"), dark)
