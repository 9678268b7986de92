"""The command line: `tracker` opens the dashboard; subcommands append, query, verify and rebuild."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timezone

from tracker import config
from tracker.application.bootstrap import Tracker, open_tracker
from tracker.domain.dates import FuzzyDate
from tracker.domain.errors import ConcurrencyConflict


class UsageError(Exception):
    pass


def as_of_date(text: str) -> date:
    """YYYY-MM-DD, or YYYY-MM / YYYY meaning the end of that period, or 'today'."""
    if text == "today":
        return datetime.now(timezone.utc).date()
    try:
        return FuzzyDate.parse(text).end
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def instant(text: str) -> datetime:
    """An ISO 8601 instant (offset optional, UTC by default), or a date meaning the end of that day, UTC."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=timezone.utc)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an instant: expected e.g. 2025-03-19T12:00:00Z or 2025-03-19") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL or SQLite file (default: TRACKER_DB, "
                        "else the default store in the user's data directory)")
    parser = argparse.ArgumentParser(prog="tracker", parents=[common],
                                     description="Ceasefire and peace proposals, as of any date and as known at any instant.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help_text, description=help_text)

    def views(p: argparse.ArgumentParser, as_of: bool = True) -> None:
        if as_of:
            p.add_argument("--as-of", type=as_of_date, metavar="DATE", help="what had happened by DATE (default: today)")
        p.add_argument("--known-on", type=instant, metavar="INSTANT", help="what the tracker knew at INSTANT")
        p.add_argument("--json", action="store_true", help="print JSON (the machine contract)")

    p = command("dashboard", "open the dashboard")
    p.add_argument("--as-of", type=as_of_date, metavar="DATE")
    p.add_argument("--watch", metavar="DIR", help="append YAML files dropped or saved in DIR (default: ./events if present)")
    p.add_argument("--no-watch", action="store_true", help="do not watch a folder")
    p = command("init", "create the store (empty, or with the bundled dataset)")
    p.add_argument("--bundled", action="store_true", help="load the bundled dataset")
    for name, text in (("append", "append YAML event files (each file one atomic batch)"),
                       ("validate", "check YAML event files against the store; write nothing")):
        p = command(name, text)
        p.add_argument("files", nargs="+", metavar="FILE", help="event files, or folders of *.yaml / *.yml")
        if name == "append":
            p.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        p.add_argument("--json", action="store_true")
    p = command("status", "where every party stands on every proposal")
    views(p)
    p.add_argument("--proposal", metavar="ID")
    p = command("timeline", "a proposal's events in fold order")
    p.add_argument("proposal", metavar="PROPOSAL")
    views(p)
    p = command("diff", "positions and statuses that differ between two dates")
    p.add_argument("start", type=as_of_date, metavar="FROM")
    p.add_argument("end", type=as_of_date, metavar="TO")
    views(p, as_of=False)
    p = command("replay", "walk the history event by event, with what each event changed")
    p.add_argument("--to", type=as_of_date, required=True, metavar="DATE")
    p.add_argument("--from", dest="start", type=as_of_date, metavar="DATE")
    views(p, as_of=False)
    from tracker import cli_why  # light: its commands import what they need when they run

    cli_why.add_commands(command, as_of_date, instant)
    p = command("verify", "check the hash chain, positions and stream versions")
    p.add_argument("--json", action="store_true")
    command("rebuild", "recreate the projections from the events alone")
    command("schema", "print the JSON Schema of event files")
    p = command("template", "print a commented skeleton of an event")
    p.add_argument("type", metavar="TYPE")
    return parser


def _open(args: argparse.Namespace) -> Tracker:
    url, is_default = config.resolve(getattr(args, "db", None))
    return open_tracker(url, bundled_if_new=is_default)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from tracker import cli_commands

    command = args.command or "dashboard"
    if command == "dashboard" and not hasattr(args, "as_of"):
        args.as_of, args.watch, args.no_watch = None, None, False
    try:
        if command in ("schema", "template"):
            return cli_commands.offline(command, args)
        tracker = _open(args)
        try:
            from tracker import cli_why

            return (cli_why.run if command in cli_why.NAMES else cli_commands.run)(command, tracker, args)
        finally:
            tracker.close()
    except UsageError as exc:
        parser.error(str(exc))
    except ConcurrencyConflict as exc:
        print(f"tracker: {exc}; gave up after retrying", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error of ours
        return 0
    return 0


