"""`tracker replay --to D [--from D]`: the history event by event, with what each event changed."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from tracker.application import json_output
from tracker.application.bootstrap import Tracker
from tracker.application.views import ReplayStep
from tracker.commands import status
from tracker.commands.diff import describe
from tracker.commands.output import print_json
from tracker.text import one_line
from tracker.domain.date_display import format_date


def line(step: ReplayStep) -> str:
    e = step.event
    if e is None:
        return one_line(f"{format_date(step.date)}  time passes")
    by = f" by {e.party}" if e.party else ""
    retracts = e.fields.get("retracts")
    also = f" retracts {retracts}" if retracts else ""
    return one_line(f"{format_date(step.date)}  {e.type} {e.proposal}{by}{also}  [{e.confidence}]  ({e.id})")


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    # `--from D` includes the events dated D; the query walks what comes strictly after its start.
    after = args.start - timedelta(days=1) if args.start and args.start > date.min else None
    steps = list(tracker.queries.replay(args.to, after, args.known_on))
    final = tracker.queries.status(args.to, args.known_on)
    if args.json:
        print_json({"from": args.start.isoformat() if args.start else None, "to": args.to.isoformat(),
                    "steps": [json_output.replay_step(s) for s in steps], "final": json_output.status(final)})
        return 0
    for step in steps:
        print(line(step))
        for c in step.changes:
            print("  " + describe(c))
    print()
    status.print_report(final)
    return 0
