"""`tracker timeline PROPOSAL`: a proposal's events in fold order, one block per event.

A block, not a table: ids are what analysts copy into `retracts:`, so they are printed whole on their
own line and never folded; long free text wraps at word boundaries to the terminal (80 columns when piped).
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from tracker.application import json_output, lookups
from tracker.application.bootstrap import Tracker
from tracker.application.views import EventView, SourceView
from tracker.commands.output import print_json, width
from tracker.domain.date_display import format_date
from tracker.text import one_line

# The fields shown under an event, in this order; any other field follows them.
_ORDER = ("title", "kind", "parties", "terms", "add_terms", "replace_terms", "remove_terms", "conditions",
          "reason", "counter_proposal", "counter_to", "starts", "duration_days", "against", "description",
          "disputed_by", "dispute", "participants", "location", "outcome", "retracts")
_HIDDEN = {"defaults"}
_TERM_LISTS = {"terms": "term", "add_terms": "added term", "replace_terms": "replaced term"}


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        if "id" in value and "text" in value:
            return f"{value['id']}: {value['text']}"
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def _source(s: SourceView) -> str:
    parts = [s.id or "", s.outlet, s.published or "", s.title or "", s.url or ""]
    text = " · ".join(p for p in parts if p)
    return text + (f' — "{s.quote}"' if s.quote else "")


def header(e: EventView) -> str:
    who = f"  {e.party}" if e.party else ""
    rev = f"  rev {e.revision}" if e.revision else ""
    retracted = "  RETRACTED" if e.retracted else ""
    disputed = f", disputed by {', '.join(e.disputed_by)}" if e.disputed_by else ""
    return one_line(f"{format_date(e.date)}  {e.type}{who}{rev}  [{e.confidence}{disputed}]{retracted}")


def details(e: EventView) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("id", e.id)]
    fields = {k: v for k, v in e.fields.items() if k not in _HIDDEN and v not in (None, [], (), {})}
    for name in (*_ORDER, *sorted(set(fields) - set(_ORDER))):
        if name not in fields:
            continue
        value = fields[name]
        if name in _TERM_LISTS and isinstance(value, (list, tuple)) and all(isinstance(t, dict) for t in value):
            rows += [(f"{_TERM_LISTS[name]} {t.get('id', '')}", str(t.get("text", ""))) for t in value]  # "term halt: ..."
        else:
            rows.append((name.replace("_", " "), _value(value)))
    rows += [("source", _source(s)) for s in e.sources]
    if e.note:
        rows.append(("note", e.note))
    if e.retracted_by:
        rows.append(("retracted by", e.retracted_by))
    rows.append(("recorded", f"{e.recorded_at:%Y-%m-%d %H:%M} UTC by {e.recorder}"))
    return rows


def print_events(events: list[EventView], width: int) -> None:
    for e in events:
        print(header(e))
        for label, text in details(e):
            lead = f"    {label}: "
            lines = textwrap.wrap(one_line(text), width=max(40, width - 1), initial_indent=lead,
                                  subsequent_indent=" " * len(lead), break_long_words=False, break_on_hyphens=False)
            print("\n".join(lines) if lines else lead.rstrip())


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    lookups.proposal(tracker.queries, args.proposal)  # an unknown id: exit 1 with the nearest one
    events = tracker.queries.timeline(args.proposal, args.as_of, args.known_on)
    if args.json:
        print_json({"proposal": args.proposal, "events": [json_output.event(e) for e in events]})
        return 0
    scope = (f"as of {args.as_of}" if args.as_of else "all dates") + (
        f", known on {json_output.instant(args.known_on)}" if args.known_on else "")
    print(one_line(f"timeline of {args.proposal} ({scope}): {len(events)} event(s)"))
    print_events(events, width())
    return 0
