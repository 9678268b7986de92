"""`tracker why` and `tracker brief`: what they print.

It imports nothing heavy at module level: the application layer and the renderers are imported inside the
commands, so that `why` loads only what it needs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

def why(tracker: Any, args: argparse.Namespace) -> int:
    return _run(_why, "why", tracker, args)


def brief(tracker: Any, args: argparse.Namespace) -> int:
    return _run(_brief, "brief", tracker, args)


def _run(command: Callable[[Any, argparse.Namespace], int], name: str, tracker: Any, args: argparse.Namespace) -> int:
    from tracker.application.why import WhyError
    from tracker.text import inert

    try:
        return command(tracker, args)
    except WhyError as exc:
        print(f"tracker {name}: {inert(str(exc))}", file=sys.stderr)
        return 1


def _why(tracker: Any, args: argparse.Namespace) -> int:
    from tracker.application import why, why_json

    if args.party:
        explained = why.explain_party(tracker.queries, args.proposal, args.party, args.as_of, args.known_on)
        if args.json:
            _print_json(why_json.party(explained))
        else:
            _print_lines(_party_lines(explained))
        return 0
    status = why.explain_status(tracker.queries, args.proposal, args.as_of, args.known_on)
    if args.json:
        _print_json(why_json.status(status))
    else:
        _print_lines(_status_lines(status))
    return 0


# JSON escapes C0 controls but leaves C1 controls (U+009B is a CSI to some terminals) and bidi or zero-width
# marks raw; inside strings, where alone they can occur, a \uXXXX escape means the same.
_JSON_UNSAFE = "[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]"


def _print_json(data: object) -> None:
    import json
    import re

    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _print_lines(lines: list[str]) -> None:
    from tracker.text import one_line

    sys.stdout.write("".join(one_line(line) + "\n" for line in lines))


def _when(why: Any) -> str:
    from tracker.application.json_output import instant

    return f"as of {why.as_of.isoformat()} · " + (f"known on {instant(why.known_on)}" if why.known_on else "known now")


def _status_lines(w: Any) -> list[str]:
    from tracker.application.why import violation_line
    from tracker.domain.date_display import format_date

    view = w.proposal
    out = [f"{view.title} ({view.id}) · {_when(w)}", "", w.sentence, ""]
    for party, pos in view.positions.items():
        mark = "*" if pos.stale else ""
        since = f"since {format_date(pos.since)}, revision {pos.revision}" if pos.since else ""
        out.append(f"  {party:<6} {pos.position + mark:<12} {since}" + (f"  ({pos.event_id})" if pos.event_id else ""))
    if view.violations:
        out += ["", f"violation reports ({len(view.violations)}, {sum(v.disputed for v in view.violations)} disputed):"]
        out += ["  " + violation_line(v) for v in view.violations]
    out += ["", f"tracker why {view.id} PARTY  traces a position to its events"]
    return out


ROLES = {"deciding": "decides it", "replaced": "replaced by a later position", "made_stale": "made it stale",
         "retracted": "retracted, does not count"}


def _party_lines(w: Any) -> list[str]:
    from tracker.application.json_output import instant
    from tracker.application.why import disputed_note
    from tracker.domain.date_display import format_date

    out = [f"{w.party} on {w.proposal.title} ({w.proposal.id}) · {_when(w)}", "", w.sentence]
    if not w.chain:
        return out
    out += ["", "events behind it, newest first:"]
    for link in w.chain:
        e = link.event
        out.append(f"  {format_date(e.date)}  {e.type:<10} {e.party or '':<4} {e.id}  [{e.confidence}]  {ROLES[link.role]}")
        if e.revision is not None:
            out.append(f"      revision {e.revision} · recorded {instant(e.recorded_at)}")
        note = disputed_note(e.fields)
        if note:
            out.append(f"      {note}")
        if e.recorded_by:
            out.append(f"      recorded by {e.recorded_by}")
        for key in ("conditions", "reason", "counter_proposal"):
            if e.fields.get(key):
                value = e.fields[key]
                out.append(f"      {key.replace('_', ' ')}: {'; '.join(value) if isinstance(value, list) else value}")
        for s in e.sources:
            where = ", ".join(str(x) for x in (s.outlet, s.published, s.url) if x)
            out.append(f"      source: {where}" + (f" ({s.id})" if s.id else ""))
            if s.quote:
                out.append(f'        "{s.quote}"')
        if e.note:
            out.append(f"      note: {e.note}")
        if link.role == "retracted":
            r = link.retraction
            out.append(f"      retracted by {e.retracted_by}" + (
                f" dated {r.date}, recorded {instant(r.recorded_at)}: {r.fields.get('reason')}" if r else ""))
    return out


def _brief(tracker: Any, args: argparse.Namespace) -> int:
    import gc

    from tracker.application.brief import make_briefing
    from tracker.application.render import render

    # A briefing builds hundreds of thousands of short-lived objects and no cycles worth chasing: the cyclic
    # collector's full passes over them cost a quarter of the time on a large store.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        briefing = make_briefing(tracker.queries, args.as_of, args.known_on, args.proposal, args.since,
                                 lanes=args.format == "html", violations=args.format != "csv")
        data = render(briefing, args.format)
    finally:
        if was_enabled:
            gc.enable()
    if args.output:
        try:
            with open(args.output, "wb") as f:
                f.write(data)
        except OSError as exc:
            print(f"tracker brief: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
        return 0
    sys.stdout.buffer.write(data)  # bytes as rendered: no newline translation, no terminal encoding
    sys.stdout.flush()
    return 0
