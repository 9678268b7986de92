"""What every briefing format says the same way: position labels, the header, change and violation lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from tracker.application.brief import Briefing
from tracker.application.symbols import SYMBOLS
from tracker.application.views import Change, EventView, PositionView, SourceView, ViolationView
from tracker.application.why import disputed_note
from tracker.text import inert

# Colours of the light theme of the dashboard: they print well on white paper.
COLOURS = {
    "proposer": "#005fd7", "accepted": "#008700", "conditional": "#af5f00", "partial": "#af5f00",
    "reviewing": "#af5f00", "countered": "#8700af", "rejected": "#d70000", "withdrawn": "#6c6c6c",
    "unknown": "#b0b0b0",
}
TITLE = "Briefing: ceasefire and peace proposals"

# Control, bidi and zero-width characters: shown as tracker.text.inert shows them, in every format.
_INVISIBLE = [*range(0x20), *range(0x7F, 0xA0), *range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2066, 0x206A)]


def escaper(specials: dict[str, str]) -> Callable[[object], str]:
    """Untrusted text made safe for one format in one pass (a briefing lists tens of thousands of lines): the
    format's special characters replaced as given, line breaks flattened, invisible characters made visible."""
    table = {ord(c): r for c, r in specials.items()} | {ord("\n"): " ", ord("\t"): " "}
    table |= {code: inert(chr(code)) for code in _INVISIBLE if code not in table}
    needs = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")

    def safe(text: object) -> str:
        value = str(text)
        return needs.sub(lambda m: table[ord(m.group())], value) if needs.search(value) else value

    return safe


def label(pos: PositionView | None) -> str:
    """'✘ rejected', '✔* accepted' (stale: given to an older revision), '' where the party has no column."""
    if pos is None:
        return ""
    return f"{SYMBOLS.get(pos.position, '?')}{'*' if pos.stale else ''} {pos.position}"


def legend() -> str:
    return "  ".join(f"{s} {name}" for name, s in SYMBOLS.items()) + "  (* stale: given to an older revision)"


def header_rows(b: Briefing) -> list[tuple[str, str]]:
    from tracker.application.brief import instant_text

    head = (f"position {b.mark.position}, hash {b.mark.hash}" if b.mark else "empty store")
    return [
        ("as of", b.as_of.isoformat()),
        ("known on", f"{instant_text(b.known_on)} (what the store had recorded by then)"),
        ("store head", head),
        ("what changed", f"since {b.since.isoformat()}"),
        ("proposals", ", ".join(b.selected) if b.selected else f"all ({len(b.proposals)})"),
        ("regenerate", b.command()),
    ]


def change_line(c: Change) -> str:
    who = f" {c.party}" if c.party else ""
    return f"{c.proposal}{who} {c.what}: {c.before or '(none)'} → {c.after or '(none)'}"


def violation_text(v: ViolationView) -> str:
    terms = f" (terms: {', '.join(v.terms)})" if v.terms else ""
    what = f": {v.description}" if v.description else ""
    return f"{v.date} {v.reported_by} reports a violation by {v.by}{terms}{what} [{v.confidence}]"


def position_detail(pos: PositionView, event: EventView | None) -> str:
    """What stands behind a position besides its word: conditions, reason, counter proposal, confidence, dispute."""
    parts = []
    if pos.conditions:
        parts.append("conditions: " + "; ".join(pos.conditions))
    if pos.reason:
        parts.append("reason: " + pos.reason)
    if pos.counter_proposal:
        parts.append("answered with " + pos.counter_proposal)
    if pos.confidence and pos.position != "unknown":
        parts.append(pos.confidence)
    if event is not None:
        if event.retracted:
            parts.append(f"retracted by {event.retracted_by}")
        note = disputed_note(event.fields)
        if note:
            parts.append(note)
        if event.recorded_by:
            parts.append(f"recorded by {event.recorded_by}")
    return " · ".join(parts)


def source_text(s: SourceView) -> str:
    parts = [s.outlet or "(no outlet)"]
    if s.title:
        parts.append(s.title)
    if s.published:
        parts.append(f"published {s.published}")
    if s.language:
        parts.append(s.language)
    if s.url:
        parts.append(s.url)
    if s.id:
        parts.append(f"source {s.id}")
    text = ", ".join(parts)
    return text + (f' — "{s.quote}"' if s.quote else "")
