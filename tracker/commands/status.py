"""`tracker status`: where every party stands on every proposal, as of a date, as known at an instant."""

from __future__ import annotations

import argparse
import sys
import textwrap

from tracker.application import json_output, lookups
from tracker.application.bootstrap import Tracker
from tracker.application.symbols import SYMBOLS
from tracker.application.views import ProposalView, StatusReport
from tracker.commands.output import print_json, table, width
from tracker.domain.date_display import format_date
from tracker.text import inert, one_line



def position_label(view: ProposalView, party: str, compact: bool = False) -> str:
    pos = view.positions.get(party)
    if pos is None:
        return ""
    mark = ("*" if pos.stale else "") + ("†" if pos.disputed_by else "")
    symbol = SYMBOLS.get(pos.position, "?") + mark
    return symbol if compact else f"{symbol} {pos.position}" + (" (disputed)" if pos.disputed_by else "")


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
    columns = width()

    def rows(compact: bool) -> list[list[object]]:
        out: list[list[object]] = []
        for view in report.proposals:
            status = view.status.replace("_", " ")
            if view.in_force and view.status == "in_force" and view.in_force.until and not compact:
                status += f" until {view.in_force.until}"
            out.append([view.id, status, view.revision, *(position_label(view, p, compact) for p in parties),
                        format_date(view.last_change)])
        return out

    headers = ["proposal", "status", "rev", *parties, "changed"]
    # Words where they fit; else symbols with a legend (a pipe reads as 80 columns), never wrapped or cut ids.
    lines = table(headers, rows(False))
    compact = len(lines[1]) > columns
    if compact:
        lines = table(headers, rows(True))
    print(f"as of {report.as_of}{known}")
    print("\n".join(lines))
    if compact:
        legend = "  ".join(f"{symbol} {name}" for name, symbol in SYMBOLS.items()) + "  (* stale, † disputed)"
        print("\n".join(textwrap.wrap(legend, max(40, columns - 1), initial_indent="  ", subsequent_indent="  ")))
    for view in report.proposals:
        for party, pos in view.positions.items():
            if pos.disputed_by:
                print(one_line(f"  {view.id}: {party} {pos.position} since {format_date(pos.since)} is disputed by "
                               f"{', '.join(pos.disputed_by)} (event {pos.event_id})"))
    # Violation reports of every proposal in one list, in date order (then by proposal, then as recorded).
    reports = sorted(((v, view.id) for view in report.proposals for v in view.violations),
                     key=lambda pair: (pair[0].date, pair[1]))
    if reports:
        print(f"\nviolation reports ({len(reports)}):")
    wrap_at = max(40, columns - 1)
    for v, proposal in reports:
        disputed = f" · disputed by {', '.join(v.disputed_by)}" if v.disputed else ""
        disputed += f": {v.dispute}" if v.dispute else ""
        print(one_line(f"  {format_date(v.date)}  {proposal}: {v.reported_by} reports a violation by {v.by} "
                       f"[{v.confidence}]{disputed}"))
        if v.description:  # wrapped at word boundaries under its report, never cut
            print("\n".join(textwrap.wrap(one_line(v.description), wrap_at, initial_indent=" " * 14,
                                          subsequent_indent=" " * 14, break_long_words=False,
                                          break_on_hyphens=False)))
