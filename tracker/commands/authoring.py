"""`tracker schema` and `tracker template`: help for writing event files, without opening a store."""

from __future__ import annotations

import argparse
import sys


def schema(args: argparse.Namespace) -> int:
    from tracker.ingest import authoring

    sys.stdout.write(authoring.schema_text())  # the shipped copy: no models to import
    return 0


def template(args: argparse.Namespace) -> int:
    from tracker.ingest import authoring

    return authoring.run_template(args.types, args.file, sys.stdout, sys.stderr)
