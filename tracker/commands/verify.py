"""`tracker verify`: the hash chain, positions, stream versions and snapshot checksums, recomputed from the
store; `--deep` compares the snapshots with a rebuild, `--anchor` the chain with a head recorded earlier."""

from __future__ import annotations

import argparse
import sys

from tracker.application.bootstrap import Tracker
from tracker.commands.output import print_json
from tracker.text import inert


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    deep, anchored = getattr(args, "deep", False), getattr(args, "anchor", None)
    position, digest = tracker.head_anchor()  # read first: the checks cover at least this much
    problems = tracker.verify(deep=deep, anchor=anchored)
    head = tracker.queries.head()
    if args.json:
        print_json({"ok": not problems, "events": head,
                    "head": {"position": position, "hash": digest}, "deep": deep,
                    "anchor": f"{anchored[0]}:{anchored[1]}" if anchored else None,
                    "first_bad_position": problems[0].position if problems else None,
                    "problems": [{"position": p.position, "message": p.message} for p in problems]})
    elif problems:
        for p in problems:
            print(inert(f"tracker verify: FAILED at position {p.position}: {p.message}"), file=sys.stderr)
    else:
        print(f"verified: {head} events, hash chain intact, positions and stream versions gap-free, "
              "snapshot checksums match" + (", snapshots equal a rebuild from the events" if deep else ""))
        if anchored:
            print(f"the history up to position {anchored[0]} is the one anchored")
        print(f"head: {position}:{digest}  (keep it outside the store: `tracker verify --anchor {position}:{digest}`"
              " later proves the history up to here unchanged)")
    return 1 if problems else 0
