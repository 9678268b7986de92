"""`tracker status`: where every party stands on every proposal, as of a date, as known at an instant."""

from __future__ import annotations

import argparse
import sys
import textwrap

from rich import box
from rich.table import Table

from tracker.application import json_output, lookups
from tracker.application.bootstrap import Tracker
from tracker.application.views import ProposalView, StatusReport
from tracker.commands.output import cell, console, print_json
from tracker.text import inert, one_line

SYMBOLS = {
    "proposer": "●", "accepted": "✔", "conditional": "✔?", "partial": "◑", "reviewing": "◐",
    "countered": "↺", "rejected": "✘", "withdrawn": "⊘", "unknown": "·",
}


def position_label(view: ProposalView, party: str, compact: bool = False) -> str:
    pos = view.positions.get(party)
    if pos is None:
        return ""
    mark = "*" if pos.stale else ""
    symbol = SYMBOLS.get(pos.position, "?") + mark
    return symbol if compact else f"{symbol} {pos.position}"


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    if args.proposal:
        lookups.proposal(tracker.queries, args.proposal)  # an unknown id: exit 1 with the nearest one
    report = tracker.queries.status(args.as_of, args.known_on, args.proposal)
    if args.proposal and not report.proposals:
        print(f"tracker: proposal '{inert(args.proposal)}' was not yet proposed as of {report.as_of}"
              + (f" as known on {args.known_on.isoformat()}" if args.known_on else ""), file=sys.stderr)
    if args.json:
        print_json(json_output.status(report))
        return 0
    print_report(report)
    return 0


def print_report(report: StatusReport) -> None:
    parties = list(dict.fromkeys(p for v in report.proposals for p in v.positions))
    known = f" · known on {json_output.instant(report.known_on)}" if report.known_on else " · known now"
    out = console()
    # A narrow terminal (or a pipe, read as 80 columns) gets symbols only, with a legend, never wrapped words.
    compact = out.width < 60 + 14 * len(parties)
    # No vertical rules and no outer padding: at 80 columns every id still fits whole (ids are copied).
    table = Table(title=f"as of {report.as_of}{known}", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, collapse_padding=True)
    table.add_column("proposal", no_wrap=True, min_width=max((len(v.id) for v in report.proposals), default=8))
    table.add_column("status", no_wrap=True, min_width=11)
    for column in ("rev", *parties):
        table.add_column(column, no_wrap=True, min_width=len(column))
    table.add_column("changed", no_wrap=True, min_width=10)
    for view in report.proposals:
        status = view.status.replace("_", " ")
        if view.in_force and view.status == "in_force" and view.in_force.until and not compact:
            status += f" until {view.in_force.until}"
        table.add_row(cell(view.id), cell(status), cell(view.revision),
                      *(cell(position_label(view, p, compact)) for p in parties), cell(view.last_change or ""))
    out.print(table)
    if compact:
        legend = "  ".join(f"{symbol} {name}" for name, symbol in SYMBOLS.items()) + "  (* stale)"
        print("\n".join(textwrap.wrap(legend, max(40, out.width - 1), initial_indent="  ", subsequent_indent="  ")))
    # Violation reports of every proposal in one list, in date order (then by proposal, then as recorded).
    reports = sorted(((v, view.id) for view in report.proposals for v in view.violations),
                     key=lambda pair: (pair[0].date, pair[1]))
    if reports:
        print(f"\nviolation reports ({len(reports)}):")
    width = max(40, out.width - 1)
    for v, proposal in reports:
        disputed = f" · disputed by {', '.join(v.disputed_by)}" if v.disputed else ""
        print(one_line(f"  {v.date}  {proposal}: {v.reported_by} reports a violation by {v.by} "
                       f"[{v.confidence}]{disputed}"))
        if v.description:  # wrapped at word boundaries under its report, never cut
            print("\n".join(textwrap.wrap(one_line(v.description), width, initial_indent=" " * 14,
                                          subsequent_indent=" " * 14, break_long_words=False,
                                          break_on_hyphens=False)))
