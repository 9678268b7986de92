"""`tracker serve`: the dashboard in a browser, through textual-serve (one dashboard process per session).

Bound to 127.0.0.1 unless told otherwise: whoever reaches the port reads the whole store (and, with a
watched folder, appends what is dropped there) with the rights of the user running `tracker serve`;
textual-serve has no login of its own.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line builds its parser from this module: nothing heavy at import
    from tracker.application.bootstrap import Tracker


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a port: expected a number from 1 to 65535")
    return int(text)


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; see the README before exposing it)")
    p.add_argument("--port", type=port, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--as-of", default=None, metavar="DATE", help="open each session's dashboard at DATE")


def command_line(args: argparse.Namespace) -> str:
    """What each browser session runs: the dashboard, without a watched folder (a served dashboard only reads)."""
    words = [sys.executable, "-m", "tracker", "dashboard", "--no-watch"]
    if args.as_of:
        words += ["--as-of", str(args.as_of)]
    return " ".join(shlex.quote(w) for w in words)


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    # The sessions find the store through the environment, never on a command line others can read.
    os.environ["TRACKER_DB"] = tracker.url
    tracker.close()
    print(f"serving the dashboard at http://{args.host}:{args.port} (Ctrl+C to stop)", flush=True)
    Server(command_line(args), host=args.host, port=args.port, title="tracker").serve()
    return 0
