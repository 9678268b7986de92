"""`tracker diff FROM TO`: the statuses and positions that differ between two dates."""

from __future__ import annotations

import argparse

from tracker.application import json_output, lookups
from tracker.application.bootstrap import Tracker
from tracker.application.views import Change
from tracker.commands.output import print_json
from tracker.text import one_line


def describe(c: Change) -> str:
    """One line per change, whole: ids are never cut, whatever the width."""
    what = f"{c.party} position" if c.what == "position" else c.what
    return one_line(f"  {c.proposal}  {what}: {c.before or '-'} -> {c.after or '-'}")


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    if args.proposal:
        lookups.proposal(tracker.queries, args.proposal)
    changes = tracker.queries.diff(args.start, args.end, args.known_on)
    if args.proposal:
        changes = [c for c in changes if c.proposal == args.proposal]
    if args.json:
        print_json({"from": args.start.isoformat(), "to": args.end.isoformat(),
                    "known_on": json_output.instant(args.known_on),
                    "changes": [json_output.change(c) for c in changes]})
        return 0
    known = f", known on {json_output.instant(args.known_on)}" if args.known_on else ""
    print(f"changes from {args.start} to {args.end}{known}: {len(changes) or 'none'}")
    for c in changes:
        print(describe(c))
    return 0
