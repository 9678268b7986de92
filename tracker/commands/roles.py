"""`tracker roles setup`: the team's roles on PostgreSQL (run by the database's owner or a superuser)."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from tracker.text import one_line

if TYPE_CHECKING:  # the command line builds its parser from this module: nothing heavy at import
    from tracker.application.bootstrap import Tracker


def prefix(text: str) -> str:
    """Role names are made from it (`<prefix>_reader` ...): a plain lower-case identifier."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", text):
        raise argparse.ArgumentTypeError(f"'{one_line(text[:60])}' cannot prefix role names: use lower-case "
                                         "letters, digits and _ (starting with a letter), e.g. tracker")
    return text


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["setup"], help="setup: create the roles if missing and grant this store's rights")
    p.add_argument("--prefix", type=prefix, default="tracker", metavar="NAME",
                   help="the roles are NAME_reader, NAME_analyst and NAME_owner (default: tracker)")


def run(tracker: Tracker, args: argparse.Namespace) -> int:
    for line in tracker.services.store.setup_roles(args.prefix):
        print(one_line(line))
    print(f"next: give each analyst a login in one role, e.g. CREATE ROLE alice LOGIN IN ROLE {args.prefix}_analyst")
    return 0
