"""`tracker verify`: the hash chain, positions and stream versions, recomputed from the log."""

from __future__ import annotations

import argparse
import sys

from tracker.application.bootstrap import Tracker
from tracker.commands.output import print_json
from tracker.text import inert


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    problems = tracker.verify()
    head = tracker.queries.head()
    if args.json:
        print_json({"ok": not problems, "events": head,
                    "first_bad_position": problems[0].position if problems else None,
                    "problems": [{"position": p.position, "message": p.message} for p in problems]})
    elif problems:
        for p in problems:
            print(inert(f"tracker verify: FAILED at position {p.position}: {p.message}"), file=sys.stderr)
    else:
        print(f"verified: {head} events, hash chain intact, positions and stream versions gap-free")
    return 1 if problems else 0
