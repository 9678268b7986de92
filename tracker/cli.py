"""The command line's front door: parse the arguments, then import only what the chosen command needs.

Start-up time is the analyst's first impression, so this module imports nothing heavy: each command's
code lives in its own module under `tracker.commands` (or its owner's package) and is imported by name
only when that command runs. `--help`, `schema` and `completion` never load SQLAlchemy, pydantic or
Textual; the read commands never load pydantic or Textual.

Adding a command is one `Command(...)` entry in COMMANDS and, if it takes options, a small function that
adds them to its parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NoReturn

from tracker.text import inert

Access = Literal["none", "read", "alter", "write"]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: str  # "module:function", imported only when the command runs
    # none: no store; read: an existing store only, never locked; alter: an existing store only, written to (a
    # mistyped path is refused, not made a new empty store); write: creates the store if need be (init, append)
    access: Access
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


# -- argument types (parsed before anything heavy is imported) ---------------------------------------

def as_of_date(text: str) -> date:
    """YYYY-MM-DD, or YYYY-MM / YYYY meaning the end of that period, or 'today'."""
    from tracker.domain.date_input import DateError, parse_as_of

    if text == "today":
        from datetime import timezone

        return datetime.now(timezone.utc).date()
    try:
        return parse_as_of(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(inert(exc.one_line())) from None


def anchor(text: str) -> tuple[int, str]:
    """POSITION:HASH, as `tracker verify` prints the head: a position and its 64-hex-digit hash."""
    position, _, digest = text.partition(":")
    if not position.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise argparse.ArgumentTypeError(f"'{inert(text[:80])}' is not an anchor: expected POSITION:HASH as "
                                         "`tracker verify` prints it, e.g. 42:3f5c…(64 hex digits)")
    return int(position), digest.lower()


def instant(text: str) -> datetime:
    """An ISO 8601 instant (offset optional, UTC by default), or a date meaning the end of that day, UTC."""
    from tracker.domain.date_input import DateError, parse_instant

    try:
        return parse_instant(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(inert(exc.one_line())) from None


# -- each command's options -------------------------------------------------------------------------

def _views(p: argparse.ArgumentParser, as_of: bool = True) -> None:
    if as_of:
        p.add_argument("--as-of", type=as_of_date, metavar="DATE",
                       help="what had happened by DATE: YYYY-MM-DD, or YYYY-MM / YYYY for the end of that period "
                            "(default: today)")
    p.add_argument("--known-on", type=instant, metavar="INSTANT",
                   help="what the tracker knew at INSTANT (ISO 8601, e.g. 2025-03-19T12:00:00Z; a date means the end "
                        "of that day, UTC)")
    p.add_argument("--json", action="store_true", help="print JSON (the machine contract) instead of a table")


def _dashboard_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=as_of_date, metavar="DATE", help="open the dashboard at DATE (default: today)")
    p.add_argument("--watch", metavar="DIR", help="append YAML files dropped or saved in DIR (default: ./events if present)")
    p.add_argument("--no-watch", action="store_true", help="do not watch a folder")


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bundled", action="store_true", help="load the bundled dataset into the new store")


def _files_args(p: argparse.ArgumentParser, dry_run: bool) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="event files, or folders of *.yaml / *.yml (name order)")
    if dry_run:
        p.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    p.add_argument("--json", action="store_true", help="print the outcome of each file as JSON")


def _status_args(p: argparse.ArgumentParser) -> None:
    _views(p)
    p.add_argument("--proposal", metavar="ID", help="only this proposal")


def _timeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("proposal", metavar="PROPOSAL", help="the proposal's id, e.g. black-sea-2025")
    _views(p)


def _diff_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("start", type=as_of_date, metavar="FROM", help="the earlier date (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("end", type=as_of_date, metavar="TO", help="the later date (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--proposal", metavar="ID", help="only this proposal's changes")
    _views(p, as_of=False)


def _replay_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", type=as_of_date, required=True, metavar="DATE", help="walk up to and including DATE")
    p.add_argument("--from", dest="start", type=as_of_date, metavar="DATE",
                   help="start with the events dated DATE (included; default: the first event)")
    _views(p, as_of=False)


def _why_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("proposal", metavar="PROPOSAL", help="the proposal's id, e.g. ceasefire-30d-2025")
    p.add_argument("party", nargs="?", metavar="PARTY", help="a party id or alias (without: the proposal's status)")
    p.add_argument("--as-of", type=as_of_date, metavar="DATE", help="what had happened by DATE (default: today)")
    p.add_argument("--known-on", type=instant, metavar="INSTANT", help="what the tracker knew at INSTANT")
    p.add_argument("--json", action="store_true", help="print JSON (the machine contract)")


def _brief_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=as_of_date, metavar="DATE",
                   help="what had happened by DATE (default: today; with --known-on, that instant's day)")
    p.add_argument("--known-on", type=instant, metavar="INSTANT",
                   help="what the tracker knew at INSTANT (default: the store's last recorded instant)")
    p.add_argument("--proposal", action="extend", nargs="+", default=[], metavar="ID", help="only these proposals")
    p.add_argument("--since", type=as_of_date, metavar="DATE",
                   help="list what changed since DATE (default: a week before the as-of date)")
    p.add_argument("--format", choices=("md", "html", "csv"), default="md", help="md (default), html or csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _verify_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--deep", action="store_true", help="also compare the stored snapshots with a rebuild from the "
                                                         "events, in memory")
    p.add_argument("--anchor", type=anchor, metavar="POSITION:HASH",
                   help="prove the history up to POSITION is unchanged (a head printed by an earlier verify)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def _roles_args(p: argparse.ArgumentParser) -> None:
    from tracker.commands.roles import arguments

    arguments(p)


def _serve_args(p: argparse.ArgumentParser) -> None:
    from tracker.commands.serve import arguments

    arguments(p)


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("types", nargs="*", metavar="TYPE", help="event types, e.g. proposed accepted (none: list the types)")
    p.add_argument("--file", action="store_true", help="print a whole file (ending with `events:`) to append items to")


def _completion_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell to print a completion script for")
    p.add_argument("--list", choices=("proposals", "parties"), help=argparse.SUPPRESS)  # used by the scripts


COMMANDS: tuple[Command, ...] = (
    Command("dashboard", "open the dashboard (the default command)", "tracker.commands.dashboard:run", "read",
            _dashboard_args),
    Command("init", "create the store (empty, or with the bundled dataset)", "tracker.commands.writing:init",
            "write", _init_args),
    Command("append", "append YAML event files (each file one atomic batch)", "tracker.commands.writing:append",
            "write", lambda p: _files_args(p, True)),
    Command("validate", "check YAML event files against the store; write nothing", "tracker.commands.writing:validate",
            "read", lambda p: _files_args(p, False)),
    Command("status", "where every party stands on every proposal", "tracker.commands.status:run", "read",
            _status_args),
    Command("timeline", "a proposal's events in fold order", "tracker.commands.timeline:run", "read", _timeline_args),
    Command("diff", "positions and statuses that differ between two dates", "tracker.commands.diff:run", "read",
            _diff_args),
    Command("replay", "walk the history event by event, with what each event changed", "tracker.commands.replay:run",
            "read", _replay_args),
    Command("why", "why a party holds its position, or why a proposal has its status", "tracker.commands.why:why",
            "read", _why_args),
    Command("brief", "a briefing of the state as of a date, as known on an instant, with its sources",
            "tracker.commands.why:brief", "read", _brief_args),
    Command("verify", "check the hash chain, positions, stream versions and snapshot checksums",
            "tracker.commands.verify:run", "read",
            _verify_args),
    Command("rebuild", "recreate the projections from the events alone", "tracker.commands.writing:rebuild", "alter"),
    Command("upgrade", "bring an older store to this tracker's schema (any command that opens it does so too)",
            "tracker.commands.writing:upgrade", "alter"),
    Command("roles", "PostgreSQL: create the team's roles (reader, analyst, owner) and grant this store's rights",
            "tracker.commands.roles:run", "alter", _roles_args),
    Command("serve", "serve the dashboard in a browser (textual-serve; 127.0.0.1:8000 by default)",
            "tracker.commands.serve:run", "read", _serve_args),
    Command("schema", "print the JSON Schema of event files (for editors)", "tracker.commands.authoring:schema", "none"),
    Command("template", "print events to fill in, as list items for under `events:` (no TYPE: list the types)", "tracker.commands.authoring:template", "none",
            _template_args),
    Command("completion", "print a shell completion script (bash, zsh or fish)", "tracker.commands.completion:run",
            "none", _completion_args),
)
BY_NAME = {c.name: c for c in COMMANDS}


class _Parser(argparse.ArgumentParser):
    """argparse echoes what was typed in its errors: made inert like every other echo."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {inert(message)}\n")


def parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="URL_OR_FILE",
                        help="database URL (sqlite:///PATH, postgresql://...) or SQLite file (default: TRACKER_DB, "
                             "else the default store in the user's data directory)")
    top = _Parser(prog="tracker", parents=[common],
                                  description="Ceasefire and peace proposals, as of any date and as known at any "
                                              "instant. With no command, opens the dashboard.")
    top.add_argument("--as-of", type=as_of_date, metavar="DATE", default=argparse.SUPPRESS,
                     help="with no command: open the dashboard at DATE")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(command.name, parents=[common], help=command.help, description=command.help)
        if command.arguments:
            command.arguments(p)
    return top


class _startup_interrupts:
    """While the command's modules load, Ctrl-C ends the process at once (then Ctrl-C is a
    KeyboardInterrupt again, so that a running command unwinds: transactions roll back)."""

    def __init__(self) -> None:
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, _quit_at_once)

    def close(self) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


def _load(target: str) -> Callable[..., int]:
    from importlib import import_module

    module, _, name = target.partition(":")
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def _quit_at_once(signum: int, frame: object) -> None:
    """Ctrl-C while modules load: leave at once. A KeyboardInterrupt raised inside the import of a C
    extension can leave the interpreter unable to shut down cleanly (seen: a crash at exit)."""
    os.write(2, b"\n")
    os._exit(130)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C at any point, start-up included: no traceback
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): not an error of ours. Point stdout at /dev/null so that the
        # interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    top = parser()
    args = top.parse_args(argv)
    command = BY_NAME[args.command or "dashboard"]
    if args.command is None:
        args.watch, args.no_watch = None, False
        args.as_of = getattr(args, "as_of", None)
    try:
        from tracker import config

        config.check_environment()
        loading = _startup_interrupts()
        try:
            run = _load(command.run)
            if command.access == "none":
                loading.close()
                return run(args)
            from tracker.application.bootstrap import open_for

            # Opening loads more modules (the database driver's): still start-up.
            tracker = open_for(getattr(args, "db", None), write=command.access == "write")
        finally:
            loading.close()
        for line in tracker.notices:  # on stderr: JSON on stdout stays clean
            print(inert(line), file=sys.stderr)
        try:
            return run(tracker, args)
        finally:
            tracker.close()
    except BrokenPipeError:
        raise
    except Exception as exc:  # every fault ends in one line; TRACKER_DEBUG=1 shows the traceback
        from tracker.application.faults import explain

        message = explain(exc)
        if os.environ.get("TRACKER_DEBUG"):
            raise
        print(f"tracker: {message}", file=sys.stderr)
        return 1
