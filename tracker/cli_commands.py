"""What each CLI command does: call the application layer, print a table or the JSON contract."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tracker.application import json_output
from tracker.application.bootstrap import Tracker
from tracker.application.services import FileOutcome
from tracker.application.views import Change, ProposalView
from tracker.domain.dates import format_date
from tracker.text import one_line

SYMBOLS = {
    "proposer": "●", "accepted": "✔", "conditional": "✔?", "partial": "◑", "reviewing": "◐",
    "countered": "↺", "rejected": "✘", "withdrawn": "⊘", "unknown": "·",
}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, emoji=False, markup=False)


# JSON escapes C0 controls but leaves C1 controls (U+009B is a CSI to some terminals) and bidi or zero-width
# marks raw; they can only occur inside strings, where a \uXXXX escape means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _cell(text: object, style: str = "") -> Text:
    return Text(one_line(text), style=style)


def position_label(view: ProposalView, party: str, compact: bool = False) -> str:
    pos = view.positions.get(party)
    if pos is None:
        return ""
    mark = ("*" if pos.stale else "") + ("†" if pos.disputed_by else "")
    symbol = SYMBOLS.get(pos.position, "?") + mark
    return symbol if compact else f"{symbol} {pos.position}" + (" (disputed)" if pos.disputed_by else "")


def _status(tracker: Tracker, args: argparse.Namespace) -> int:
    report = tracker.queries.status(args.as_of, args.known_on, args.proposal)
    if args.proposal and not report.proposals:
        print(f"tracker: no proposal '{args.proposal}' as of {report.as_of}"
              + (f" known on {args.known_on.isoformat()}" if args.known_on else ""), file=sys.stderr)
    if args.json:
        _print_json(json_output.status(report))
        return 0
    parties = list(dict.fromkeys(p for v in report.proposals for p in v.positions))
    known = f" · known on {json_output.instant(report.known_on)}" if report.known_on else " · known now"
    console = _console()
    # A narrow terminal gets symbols only (the legend says what they mean), never wrapped words.
    compact = console.width < 60 + 14 * len(parties)
    table = Table(title=f"as of {report.as_of}{known}", title_justify="left")
    table.add_column("proposal", no_wrap=True, overflow="ellipsis", max_width=24 if compact else None)
    table.add_column("status", no_wrap=True, min_width=11)
    for column in ("rev", *parties):
        table.add_column(column, no_wrap=True, min_width=len(column))
    table.add_column("changed", no_wrap=True, min_width=10)
    for view in report.proposals:
        status = view.status.replace("_", " ")
        if view.in_force and view.status == "in_force" and view.in_force.until and not compact:
            status += f" until {view.in_force.until}"
        table.add_row(_cell(view.id), _cell(status), _cell(view.revision),
                      *(_cell(position_label(view, p, compact)) for p in parties), _cell(format_date(view.last_change)))
    console.print(table)
    if compact:
        print("  " + "  ".join(f"{symbol} {name}" for name, symbol in SYMBOLS.items()) + "  (* stale, † disputed)")
    for view in report.proposals:
        for party, pos in view.positions.items():
            if pos.disputed_by:
                print(one_line(f"  {view.id}: {party} {pos.position} since {pos.since} is disputed by "
                               f"{', '.join(pos.disputed_by)} (event {pos.event_id})"))
        for v in view.violations:
            disputed = f" · disputed by {', '.join(v.disputed_by)}" if v.disputed else ""
            disputed += f": {v.dispute}" if v.dispute else ""
            print(one_line(f"  {format_date(v.date)}  {view.id}: {v.reported_by} reports a violation by {v.by}"
                           f"{' (' + v.description + ')' if v.description else ''} [{v.confidence}]{disputed}"))
    return 0


def _timeline(tracker: Tracker, args: argparse.Namespace) -> int:
    events = tracker.queries.timeline(args.proposal, args.as_of, args.known_on)
    if not events and args.proposal not in tracker.queries.proposal_ids():
        print(f"tracker: unknown proposal '{args.proposal}'", file=sys.stderr)
        return 1
    if args.json:
        _print_json({"proposal": args.proposal, "events": [json_output.event(e) for e in events]})
        return 0
    table = Table(title=f"timeline of {args.proposal}", title_justify="left")
    for column in ("date", "type", "party", "rev", "confidence", "note", "id"):
        table.add_column(column, overflow="fold", no_wrap=column == "date")  # a date reads as one piece
    for e in events:
        style = "strike dim" if e.retracted else ""
        confidence = e.confidence + (f", disputed by {', '.join(e.disputed_by)}" if e.disputed_by else "")
        note = " ".join(x for x in (e.note, f"[dispute: {e.dispute}]" if e.dispute else None) if x)
        table.add_row(*(_cell(x, style) for x in (format_date(e.date), e.type, e.party or "", e.revision or "",
                                                    confidence, note, e.id + (" (retracted)" if e.retracted else ""))))
    _console().print(table)
    return 0


def _changes_table(title: str, changes: list[Change]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("proposal", "what", "party", "from", "to"):
        table.add_column(column)
    for c in changes:
        table.add_row(*(_cell(x) for x in (c.proposal, c.what, c.party or "", c.before or "-", c.after or "-")))
    return table


def _diff(tracker: Tracker, args: argparse.Namespace) -> int:
    changes = tracker.queries.diff(args.start, args.end, args.known_on)
    if args.json:
        _print_json({"from": args.start.isoformat(), "to": args.end.isoformat(),
                     "known_on": json_output.instant(args.known_on),
                     "changes": [json_output.change(c) for c in changes]})
        return 0
    _console().print(_changes_table(f"changes from {args.start} to {args.end}", changes))
    return 0


def _replay(tracker: Tracker, args: argparse.Namespace) -> int:
    steps = list(tracker.queries.replay(args.to, args.start, args.known_on))
    final = tracker.queries.status(args.to, args.known_on)
    if args.json:
        _print_json({"from": args.start.isoformat() if args.start else None, "to": args.to.isoformat(),
                     "steps": [json_output.replay_step(s) for s in steps], "final": json_output.status(final)})
        return 0
    for step in steps:
        what = (f"{step.event.type} {step.event.proposal}" + (f" by {step.event.party}" if step.event.party else "")
                if step.event else "time passes")
        print(one_line(f"{format_date(step.date)}  {what}"))
        for c in step.changes:
            who = f" {c.party}" if c.party else ""
            print(one_line(f"    {c.proposal}{who} {c.what}: {c.before or '-'} -> {c.after or '-'}"))
    print()
    return _status(tracker, argparse.Namespace(as_of=args.to, known_on=args.known_on, proposal=None, json=False))


def _outcomes(outcomes: list[FileOutcome], as_json: bool) -> int:
    refused = [o for o in outcomes if o.outcome == "refused"]
    if as_json:
        _print_json({"files": [o.to_json() for o in outcomes]})
    else:
        for o in outcomes:
            print(one_line(f"{o.outcome:9} {o.file}: {o.appended} new, {o.unchanged} unchanged"
                           + (f", {o.registered} registry entries added or updated" if o.registered else "")
                           + (f", {len(o.refusals)} problem(s)" if o.refusals else "")))
        for o in refused:
            for r in o.refusals:
                print(one_line(str(r)), file=sys.stderr)
        print(f"{len(outcomes)} file(s): {sum(o.outcome in ('appended', 'valid') for o in outcomes)} "
              f"{'valid' if any(o.outcome == 'valid' for o in outcomes) else 'appended'}, "
              f"{sum(o.outcome == 'unchanged' for o in outcomes)} unchanged, {len(refused)} refused")
    return 1 if refused else 0


def _append(tracker: Tracker, args: argparse.Namespace) -> int:
    dry = getattr(args, "dry_run", False) or args.command == "validate"
    return _outcomes(tracker.services.append_paths(args.files, dry_run=dry), args.json)


def _init(tracker: Tracker, args: argparse.Namespace) -> int:
    if args.bundled:  # loads the dataset, or brings the store up to date with it (every file tried again)
        from tracker.application.bundled import bring_up_to_date

        return _outcomes(bring_up_to_date(tracker.services, everything=True), False)
    print(f"store ready at {tracker.url}" + (" (with the bundled dataset)" if tracker.first_run else ""))
    return 0


def _verify(tracker: Tracker, args: argparse.Namespace) -> int:
    deep, anchored = getattr(args, "deep", False), getattr(args, "anchor", None)
    position, digest = tracker.services.head_anchor()  # read first: the checks cover at least this much
    problems = tracker.services.verify(deep=deep, anchor=anchored)
    head = tracker.queries.head()
    if args.json:
        _print_json({"ok": not problems, "events": head,
                     "head": {"position": position, "hash": digest}, "deep": deep,
                     "anchor": f"{anchored[0]}:{anchored[1]}" if anchored else None,
                     "first_bad_position": problems[0].position if problems else None,
                     "problems": [{"position": p.position, "message": p.message} for p in problems]})
    elif problems:
        for p in problems:
            print(one_line(f"tracker verify: FAILED at position {p.position}: {p.message}"), file=sys.stderr)
    else:
        print(f"verified: {head} events, hash chain intact, positions and stream versions gap-free, "
              "snapshot checksums match" + (", snapshots equal a rebuild from the events" if deep else ""))
        if anchored:
            print(f"the history up to position {anchored[0]} is the one anchored")
        print(f"head: {position}:{digest}  (keep it outside the store: `tracker verify --anchor {position}:{digest}`"
              " later proves the history up to here unchanged)")
    return 1 if problems else 0


def _rebuild(tracker: Tracker, args: argparse.Namespace) -> int:
    count = tracker.services.rebuild()
    print(f"rebuilt the projections from {count} events")
    return 0


def _dashboard(tracker: Tracker, args: argparse.Namespace) -> int:
    from tracker.ui.app import run_dashboard

    return run_dashboard(tracker, args)


COMMANDS: dict[str, Callable[[Tracker, argparse.Namespace], int]] = {
    "status": _status, "timeline": _timeline, "diff": _diff, "replay": _replay, "append": _append,
    "validate": _append, "init": _init, "verify": _verify, "rebuild": _rebuild, "dashboard": _dashboard,
}


def run(command: str, tracker: Tracker, args: argparse.Namespace) -> int:
    return COMMANDS[command](tracker, args)


def offline(command: str, args: argparse.Namespace) -> int:
    from tracker.ingest import authoring

    if command == "schema":
        sys.stdout.write(authoring.schema_text())  # the shipped copy: no models to import
        return 0
    return authoring.run_template(args.types, args.file, sys.stdout, sys.stderr)
