"""`tracker schema` and `tracker template`: help for writing event files, without opening a store."""

from __future__ import annotations

import argparse
import sys

from tracker.application.bundled import bundled_root
from tracker.text import inert


def schema(args: argparse.Namespace) -> int:
    # The shipped schema file is generated from the models and kept equal to them by a test: printing
    # it spares loading the models (pydantic) for a command an editor integration may call often.
    sys.stdout.write((bundled_root() / "events" / "event-file.schema.json").read_text(encoding="utf-8"))
    return 0


def template(args: argparse.Namespace) -> int:
    from tracker.ingest import authoring

    if args.type is None:
        from tracker.domain.events import EVENT_TYPES

        print("\n".join(EVENT_TYPES))
        return 0
    try:
        print(authoring.template(args.type), end="")
    except KeyError as exc:
        print(f"tracker: {inert(exc.args[0])}", file=sys.stderr)
        return 2  # a usage error, as argparse reports its own
    return 0
