"""The writing commands: `init`, `append`, `validate` (a dry run) and `rebuild`."""

from __future__ import annotations

import argparse
import sys

from tracker.application.bootstrap import Tracker
from tracker.application.services import FileOutcome
from tracker.commands.output import print_json
from tracker.commands.progress_bar import bar_for
from tracker.text import one_line


def outcomes(results: list[FileOutcome], as_json: bool, checked_only: bool = False) -> int:
    """Each file's line, its refusals on stderr, and the total (`checked_only`: a dry run counts valid files)."""
    refused = [o for o in results if o.outcome == "refused"]
    if as_json:
        print_json({"files": [o.to_json() for o in results]})
        return 1 if refused else 0
    for o in results:
        print(one_line(f"{o.outcome:9} {o.file}: {o.appended} new, {o.unchanged} unchanged"
                       + (f", {o.registered} registry entries added or updated" if o.registered else "")
                       + (f", {len(o.refusals)} problem(s)" if o.refusals else "")))
    for o in refused:
        for r in o.refusals:
            print(one_line(str(r)), file=sys.stderr)
    print(f"{len(results)} file(s): {sum(o.outcome in ('appended', 'valid') for o in results)} "
          f"{'valid' if checked_only else 'appended'}, "
          f"{sum(o.outcome == 'unchanged' for o in results)} unchanged, {len(refused)} refused")
    return 1 if refused else 0


def append(tracker: Tracker, args: argparse.Namespace) -> int:
    with bar_for(args.json):
        results = tracker.services.append_paths(args.files, dry_run=args.dry_run)
    return outcomes(results, args.json, checked_only=args.dry_run)


def validate(tracker: Tracker, args: argparse.Namespace) -> int:
    with bar_for(args.json):
        results = tracker.services.append_paths(args.files, dry_run=True)
    return outcomes(results, args.json, checked_only=True)


def init(tracker: Tracker, args: argparse.Namespace) -> int:
    if args.bundled and not tracker.first_run:  # loads the dataset, or brings the store up to date with it
        with bar_for(False):
            results = tracker.services.load_bundled()  # every file tried again
        return outcomes(results, False)
    print(f"store ready at {one_line(tracker.url)}" + (" (with the bundled dataset)" if tracker.first_run else ""))
    return 0


def rebuild(tracker: Tracker, args: argparse.Namespace) -> int:
    with bar_for(False):
        count = tracker.services.rebuild()
    print(f"rebuilt the projections from {count} events")
    return 0


def upgrade(tracker: Tracker, args: argparse.Namespace) -> int:
    """Opening for a write already upgraded it (and said so on stderr): say where the store stands."""
    from tracker.store import SCHEMA_VERSION

    print(f"store at {one_line(tracker.url)} is at schema version {SCHEMA_VERSION}")
    return 0
